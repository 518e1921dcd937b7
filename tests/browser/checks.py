"""What the browser tests check on every page: axe-core, small screens, and the captures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import ARTEFACTS, REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = (320, 1280)


def heading(page: Any) -> str:
    return str(page.get_by_role("heading", level=1).inner_text()).strip()


def expect_heading(page: Any, text: str) -> None:
    """The page's h1 reads ``text``, waiting (as Playwright's expect does) for a navigation a click
    started; when it never does, the failure names the error summary the page shows instead."""
    from playwright.sync_api import expect

    try:
        expect(page.get_by_role("heading", level=1)).to_have_text(text)
    except AssertionError as error:
        summary = page.locator(".govuk-error-summary").all_inner_texts()
        shown = summary or "no error summary"
        raise AssertionError(f"{error}\nthe page at {page.url} shows: {shown}") from None


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page as loaded, one line each."""
    if not AXE.is_file():
        raise AssertionError("node_modules/axe-core is missing: run `npm install` (make static does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
    ]


def horizontal_overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    width = page.viewport_size["width"]
    return int(page.evaluate("document.documentElement.scrollWidth")) - int(width)


def capture(page: Any, name: str) -> Path:
    path = ARTEFACTS / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_page(page: Any, url: str, name: str) -> None:
    """At 320 and 1280 px: no axe violation, no sideways scrolling, and a capture of each."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(url)
        assert response is not None
        capture(page, name)
        violations = axe_violations(page)
        assert not violations, f"{name} at {width}px:\n" + "\n".join(violations)
        assert horizontal_overflow(page) <= 0, f"{name} scrolls sideways at {width}px"
