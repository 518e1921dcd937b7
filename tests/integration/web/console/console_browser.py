"""Driving the console function on moto as a browser would: cookies kept between requests (Path
/console, dropped at Max-Age=0), the CSRF token of the last page sent with each form; and moto's
Cognito signing keys, for the console's token checks and for tokens the tests forge."""

from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from local.staff import DEMO_STAFF
from tests.integration.web.conftest import Page, Visit

REGION = "eu-west-2"
PASSWORDS = {person.username: person.password for person in DEMO_STAFF}
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def moto_jwks() -> dict[str, Any]:
    """The public keys moto signs its Cognito tokens with (what its JWKS endpoint serves)."""
    raw = files("moto.cognitoidp").joinpath("resources/jwks-public.json.gz").read_bytes()
    return dict(json.loads(gzip.decompress(raw)))


def moto_private_key() -> Any:
    from joserfc.jwk import RSAKey

    raw = files("moto.cognitoidp").joinpath("resources/jwks-private.json.gz").read_bytes()
    return RSAKey.import_key(json.loads(gzip.decompress(raw)))


@dataclass
class ConsoleBrowser:
    visit: Visit
    host: str = "127.0.0.1:8080"
    cookies: dict[str, str] = field(default_factory=dict)
    last: Page | None = None

    def get(self, path: str) -> Page:
        return self._keep(self.visit("GET", path, cookies=self.cookies, host=self.host))

    def post(
        self, path: str, fields: list[tuple[str, str]] | None = None, *, csrf: str | None = None
    ) -> Page:
        token = self.csrf() if csrf is None else csrf
        form = ([("csrf_token", token)] if token else []) + list(fields or [])
        return self._keep(self.visit("POST", path, form=form, cookies=self.cookies, host=self.host))

    def csrf(self) -> str:
        found = _CSRF.search(self.last.body) if self.last else None
        return html.unescape(found[1]) if found else ""

    def sign_in(self, username: str, password: str | None = None) -> Page:
        self.get("/console/sign-in")
        answer = self.post(
            "/console/sign-in", [("username", username), ("password", password or PASSWORDS[username])]
        )
        assert answer.status == 303, answer.body[:2000]
        return self.get(answer.headers["location"])

    def _keep(self, page: Page) -> Page:
        for line in page.cookies:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in line:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if page.headers.get("content-type", "").startswith("text/html") and page.body:
            self.last = page
        return page


def errors_of(page: Page) -> list[str]:
    """The error summary's messages, in order."""
    summary = page.body.split('class="govuk-list govuk-error-summary__list"', 1)
    if len(summary) < 2:
        return []
    return [
        html.unescape(text.strip())
        for text in re.findall(r'<a href="#[^"]*">([^<]*)</a>', summary[1].split("</ul>")[0])
    ]


def title_of(page: Page) -> str:
    found = re.search(r"<title>([^<]*)</title>", page.body)
    return html.unescape(found[1]) if found else ""


def audit_of(reference: str) -> list[Any]:
    """The case's audit records, newest first (read as the store reads them)."""
    from frontdoor.backoffice.dynamo import DynamoStaffStore
    from frontdoor.wiring import back_office

    back_office()
    return DynamoStaffStore().audit_for_case(reference, 100)
