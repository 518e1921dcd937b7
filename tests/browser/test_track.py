"""Track a case in Chromium: the form, a mistyped reference and one of no case, accessible at 320
and 1280 px (the found case's page is checked after the report journey)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.checks import check_page


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("track", "/track"),
        ("track-mistyped", "/track?reference=123456787"),
        ("track-not-found", "/track/123456786"),
    ],
)
def test_each_track_page_is_accessible_and_fits_a_phone(page: Any, site_url: str, name: str, path: str):
    check_page(page, site_url + path, name)


def test_a_mistyped_reference_is_caught_without_a_lookup_and_kept_to_correct(page: Any, site_url: str):
    page.goto(site_url + "/track")
    page.get_by_label("Track a report or request").fill("123 456 787")
    with page.expect_navigation():
        page.get_by_role("button", name="Find it").click()

    assert page.title().startswith("Error: Track a report or request")
    link = page.locator(".govuk-error-summary a")
    assert link.inner_text() == "Check your reference number: one of its digits looks wrong"
    assert page.get_by_label("Track a report or request").input_value() == "123 456 787"
    link.click()
    assert page.evaluate("document.activeElement.id") == "reference"
