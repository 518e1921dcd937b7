"""The Jinja environment: GOV.UK Frontend macros that match the CSS and JavaScript we serve, the
layout every page shares, and the small filters the templates use."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from base64 import b64encode
from html.parser import HTMLParser
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pytest

from web.render import environment, link_phone_numbers, render, tel_href, uk_phone
from web.responses import FieldErrors
from web.security import CONTENT_SECURITY_POLICY, GOVUK_TEMPLATE_SCRIPT_HASH

REPO = Path(__file__).resolve().parents[3]
GOVUK_NPM = REPO / "node_modules" / "govuk-frontend"
# govuk-frontend-jinja release -> the govuk-frontend release its macros were ported from (its README).
MACROS_PORTED_FROM = {"4.1.0": "6.3.0"}


def pinned_jinja_macros() -> str:
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    (pin,) = [d for d in dependencies if d.startswith("govuk-frontend-jinja==")]
    return pin.split("==", 1)[1]


def pinned_npm_frontend() -> str:
    return str(json.loads((REPO / "package.json").read_text())["devDependencies"]["govuk-frontend"])


def test_the_macros_and_the_served_assets_are_one_govuk_frontend_release():
    macros = pinned_jinja_macros()
    assert version("govuk-frontend-jinja") == macros
    assert MACROS_PORTED_FROM[macros] == pinned_npm_frontend()
    if GOVUK_NPM.is_dir():
        installed = json.loads((GOVUK_NPM / "package.json").read_text())["version"]
        assert installed == pinned_npm_frontend(), "run `npm install` (make static does)"


def component_fixtures() -> list[tuple[str, str]]:
    """(component, macro) for every component both the npm package and the Jinja port have."""
    components = GOVUK_NPM / "dist" / "govuk" / "components"
    if not components.is_dir():
        return []
    ported = files("govuk_frontend_jinja") / "templates" / "components"
    jinja = {entry.name for entry in ported.iterdir() if (entry / "macro.html").is_file()}
    found = []
    for folder in sorted(components.iterdir()):
        macro = (folder / "macro.njk").read_text(encoding="utf-8") if (folder / "macro.njk").is_file() else ""
        name = re.search(r"{% macro (govuk\w+)\(", macro)
        if name and (folder / "fixtures.json").is_file() and folder.name in jinja:
            found.append((folder.name, name[1]))
    return found


class _Tokens(HTMLParser):
    """HTML as comparable tokens: tags with sorted attributes and classes, text without spacing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        normal = []
        for name, value in attrs:
            words = (value or "").split()
            normal.append((name, " ".join(sorted(words) if name == "class" else words)))
        self.tokens.append(("<", tag, tuple(sorted(normal))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("/", tag))

    def handle_data(self, data: str) -> None:
        if data.split():
            self.tokens.append(("text", " ".join(data.split())))


def tokens(html: str) -> list[tuple[object, ...]]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


@pytest.mark.parametrize(("component", "macro"), component_fixtures())
def test_every_component_renders_exactly_as_the_served_govuk_frontend_release(component: str, macro: str):
    """GOV.UK Frontend ships the HTML each of its examples must produce (fixtures.json); our Jinja
    environment must produce the same for every one, or the served CSS and JS would not fit."""
    fixtures = json.loads((GOVUK_NPM / "dist/govuk/components" / component / "fixtures.json").read_text())
    template = environment().from_string(
        f'{{% from "govuk_frontend_jinja/components/{component}/macro.html" import {macro} %}}'
        f"{{{{ {macro}(params) }}}}"
    )
    for fixture in fixtures["fixtures"]:
        rendered = template.render(params=fixture["options"])
        assert tokens(rendered) == tokens(fixture["html"]), f"{component}: fixture {fixture['name']!r}"


def test_the_served_release_has_the_components_our_templates_use():
    if not GOVUK_NPM.is_dir():
        pytest.skip("node_modules/govuk-frontend is not installed: run `make static`")
    used = set()
    for template in (REPO / "web" / "templates").rglob("*.html"):
        used.update(re.findall(r"govuk_frontend_jinja/components/([\w-]+)/macro.html", template.read_text()))
    assert used <= {component for component, _ in component_fixtures()}


def layout_page(**context: object) -> str:
    defaults: dict[str, object] = {
        "title": "A page",
        "errors": FieldErrors(),
        "council_name": "Example Council",
    }
    return render("errors/404.html", **{**defaults, **context})


def test_the_layout_is_british_english_with_a_titled_page_and_one_main_heading():
    html = layout_page()
    assert '<html lang="en-GB"' in html
    assert "<title>A page - Example Council</title>" in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert html.index('class="govuk-skip-link"') < html.index("<header")
    assert 'id="main-content"' in html
    assert "Beta" in html and "govuk-phase-banner" in html


def test_a_page_with_errors_says_so_first_in_its_title_and_summarises_them():
    errors = FieldErrors({"name": "Enter your name"})
    html = layout_page(errors=errors)
    assert "<title>Error: A page - Example Council</title>" in html
    assert 'class="govuk-error-summary"' in html and 'href="#name"' in html


def test_the_header_and_footer_are_the_councils_not_central_governments():
    html = layout_page()
    assert "govuk-generic-header" in html and "Example Council" in html
    assert "Crown copyright" not in html and "govuk-footer__crown" not in html
    assert "Open Government Licence" not in html
    footer = html[html.index("<footer") :]
    for link in ('href="/contact"', 'href="/standards"', 'href="/accessibility"'):
        assert link in footer


def test_javascript_only_enhances_as_a_module_loaded_last():
    html = layout_page()
    assert '<script type="module" src="/assets/init.js"></script>' in html
    assert html.rindex("<script") > html.index("</footer>")


def test_the_policy_allows_exactly_the_templates_inline_script_by_its_hash():
    inline = re.findall(r"<script>(.*?)</script>", layout_page(), flags=re.DOTALL)
    assert len(inline) == 1
    digest = b64encode(hashlib.sha256(inline[0].encode("utf-8")).digest()).decode()
    assert GOVUK_TEMPLATE_SCRIPT_HASH == f"'sha256-{digest}'"
    assert f"script-src 'self' {GOVUK_TEMPLATE_SCRIPT_HASH};" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_whatever_the_context_holds_is_escaped():
    html = layout_page(title="<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("+441632960000", "01632 960000"),
        ("+443001234567", "0300 123 4567"),
        ("0300 123 4567", "0300 123 4567"),
        ("+442079460000", "020 7946 0000"),
        ("+441134960000", "0113 496 0000"),
        ("+447700900123", "07700 900123"),
        ("999", "999"),
    ],
)
def test_uk_numbers_are_written_as_people_write_them(given: str, written: str):
    assert uk_phone(given) == written


def test_tel_links_are_in_international_form():
    assert tel_href("0300 123 4567") == "tel:+443001234567"
    assert tel_href("+441632960000") == "tel:+441632960000"


def test_numbers_in_council_sentences_become_links_and_the_rest_is_escaped():
    linked = str(link_phone_numbers("Call 0300 123 4500 <now>, or 999."))
    assert '<a class="govuk-link" href="tel:+443001234500">0300 123 4500</a>' in linked
    assert '<a class="govuk-link" href="tel:999">999</a>' in linked
    assert "&lt;now&gt;" in linked
