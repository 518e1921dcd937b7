"""One Jinja environment for every page: our templates plus the GOV.UK Frontend macros.

Templates live in ``web/templates``; the GOV.UK Frontend macros (``govuk-frontend-jinja``, pinned to
match the npm ``govuk-frontend`` release whose CSS and JavaScript the site serves) are imported as
``govuk_frontend_jinja/components/<name>/macro.html``. Autoescaping is on for every template.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
)
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().with_name("templates")
# Where the static assets are served: GOV.UK Frontend's CSS expects its fonts and images here too.
ASSET_PATH = "/assets"
# The service navigation under the header, in order: (path, words). A page marks its own item with
# `{% set active_page = "<path>" %}` before it extends layout.html.
NAVIGATION: list[tuple[str, str]] = [
    ("/", "Home"),
    ("/report", "Report it"),
    ("/track", "Track a case"),
    ("/services", "All services"),
    ("/standards", "Service standards"),
    ("/contact", "Contact us"),
]


@lru_cache(maxsize=1)
def environment() -> Environment:
    loader = ChoiceLoader(
        [
            FileSystemLoader(TEMPLATES),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=True,
        # The GOV.UK macros (ported from Nunjucks) read options callers leave out, and options of
        # those (params.hint.text): undefined is empty at any depth. Tests render every page.
        undefined=ChainableUndefined,
        auto_reload=False,  # templates never change under a running function
    )
    env.globals.update(assetPath=ASSET_PATH, htmlLang="en-GB", navigation=navigation)
    env.filters.update(uk_phone=uk_phone, tel_href=tel_href, link_phone_numbers=link_phone_numbers)
    return env


def navigation(active_page: object = None) -> list[dict[str, object]]:
    """The service navigation's items for the GOV.UK macro, the active page's marked current."""
    return [{"href": href, "text": text, "current": href == active_page} for href, text in NAVIGATION]


def render(template: str, **context: Any) -> str:
    """The HTML of ``template`` (a path under web/templates) with ``context``."""
    return environment().get_template(template).render(**context)


# --- phone numbers --------------------------------------------------------------------------------
_GROUPS = (  # (national prefix, digit groups after the leading 0), most specific first
    (re.compile(r"^(2)"), (2, 4, 4)),
    (re.compile(r"^(1\d1|11\d)"), (3, 3, 4)),
    (re.compile(r"^([3589])"), (3, 3, 4)),
    (re.compile(r"^(7)"), (4, 6)),
    (re.compile(r"^(1)"), (4, 6)),
)


def uk_phone(number: str) -> str:
    """A UK number as people write it: '+441632960000' -> '01632 960000', '+443001234567' -> '0300 123 4567'.

    Anything that is not a UK number is returned as given.
    """
    digits = re.sub(r"[^\d+]", "", number)
    national = "0" + digits[3:] if digits.startswith("+44") else digits
    if not re.fullmatch(r"0\d{9,10}", national):
        return number
    rest = national[1:]
    for prefix, groups in _GROUPS:
        if prefix.match(rest) and sum(groups) == len(rest):
            parts, start = [], 0
            for size in groups:
                parts.append(rest[start : start + size])
                start += size
            return "0" + " ".join(parts)
    return national


def tel_href(number: str) -> str:
    """A ``tel:`` link for a UK number in any common form ('0300 123 4567' -> 'tel:+443001234567')."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("0"):
        digits = "+44" + digits[1:]
    return f"tel:{digits}"


_SPOKEN_NUMBER = re.compile(r"(?<![\d+])(0\d{2,4}(?: ?\d{3,4}){2}|999)(?!\d)")


def link_phone_numbers(text: str) -> Markup:
    """Escape ``text`` and make each UK phone number in it (and 999) a ``tel:`` link."""

    def link(found: re.Match[str]) -> str:
        return f'<a class="govuk-link" href="{tel_href(found[1])}">{found[1]}</a>'

    return Markup(_SPOKEN_NUMBER.sub(link, str(escape(text))))
