"""A resident's visit to the site function, as a browser makes it: cookies kept, the CSRF token of
the last page sent back with each form, redirects followed."""

from __future__ import annotations

import re
from html import unescape

from tests.integration.web.conftest import Page, Visit


class Resident:
    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.cookies: dict[str, str] = {}
        self.page: Page | None = None
        self.location = ""

    def get(self, path: str, follow: bool = True) -> Page:
        return self._arrive("GET", path, None, follow)

    def post(
        self, path: str, fields: list[tuple[str, str]], follow: bool = True, token: str | None = None
    ) -> Page:
        """POST ``fields`` with the last page's CSRF token (or ``token``)."""
        sent = [("csrf_token", token if token is not None else self.csrf_token()), *fields]
        return self._arrive("POST", path, sent, follow)

    def answer(self, fields: list[tuple[str, str]]) -> Page:
        """Send the current page's form (to its action) with ``fields``, and its hidden fields, as a
        browser would."""
        hidden = [
            (unescape(name), unescape(value))
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', self.body)
            if name != "csrf_token"
        ]
        return self.post(self.form_action(), [*hidden, *fields])

    def csrf_token(self) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.body)
        assert found, "the page has no CSRF field"
        return found[1]

    def form_action(self) -> str:
        found = re.search(r'<form method="post" action="([^"]+)"', self.body)
        assert found, "the page has no POST form"
        return unescape(found[1])

    @property
    def body(self) -> str:
        assert self.page is not None
        return self.page.body

    def _arrive(self, method: str, path: str, fields: list[tuple[str, str]] | None, follow: bool) -> Page:
        page = self.visit(method, path, fields, dict(self.cookies))
        self._keep_cookies(page)
        self.location = path
        while follow and page.status in (301, 302, 303):
            self.location = page.headers["location"]
            page = self.visit("GET", self.location, None, dict(self.cookies))
            self._keep_cookies(page)
        self.page = page
        return page

    def _keep_cookies(self, page: Page) -> None:
        for line in page.cookies:
            name, _, rest = line.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]


def words(page: Page) -> str:
    """The page's words, without tags."""
    inline_gone = re.sub(r"</?(?:a|strong|span|abbr)\b[^>]*>", "", page.body)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline_gone)).split())


def title(page: Page) -> str:
    found = re.search(r"<title>([^<]*)</title>", page.body)
    assert found
    return unescape(found[1])


def error_summary(page: Page) -> list[tuple[str, str]]:
    """(link target, message) of each entry in the GOV.UK error summary."""
    if 'class="govuk-error-summary"' not in page.body:
        return []
    summary = page.body.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return [
        (href, unescape(text).strip()) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)
    ]


def inline_error(page: Page, field_id: str) -> str | None:
    """The inline error message of the field (its ``<id>-error``), if there is one."""
    found = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>\s*<span[^>]*>[^<]*</span>([^<]+)<', page.body)
    return unescape(found[1]).strip() if found else None


def field_value(page: Page, field_id: str) -> str | None:
    """The value an input shows, or a textarea's text."""
    tag = re.search(rf'<(input|textarea)\b[^>]*\bid="{re.escape(field_id)}"[^>]*>', page.body)
    if tag is None:
        return None
    if tag[1] == "textarea":
        rest = page.body[tag.end() :]
        return unescape(rest.split("</textarea>", 1)[0]).strip()
    value = re.search(r'\bvalue="([^"]*)"', tag[0])
    return unescape(value[1]) if value else ""


def checked(page: Page, name: str) -> list[str]:
    """The values of the checked radios or checkboxes named ``name``."""
    inputs = re.findall(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', page.body)
    return [re.search(r'value="([^"]*)"', tag)[1] for tag in inputs if " checked" in tag]  # type: ignore[index]
