"""Report it in Chromium, on a 320 px phone: the whole pothole journey with JavaScript and without,
ending with a reference that Track a case then finds; every validation error linked to its field
and keeping what was typed; axe-core on every page of the journey, error states included, each
captured at 320 and 1280 px into build/browser-artefacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.checks import (
    axe_violations,
    capture,
    check_page,
    expect_heading,
    heading,
    horizontal_overflow,
)

PHONE = {"width": 320, "height": 640}
INSIDE = ("52.6369", "-1.1398")  # the clock tower
OUTSIDE = ("51.5007", "-0.1246")  # Westminster


def check_here(page: Any, name: str) -> None:
    """The page as it stands (after a POST, say): no axe violation and no sideways scrolling at 1280
    and 320 px, and a capture at each; left at phone size."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        capture(page, name)
        violations = axe_violations(page)
        assert not violations, f"{name} at {width}px:\n" + "\n".join(violations)
        assert horizontal_overflow(page) <= 0, f"{name} scrolls sideways at {width}px"


def submit(page: Any, button: str = "Continue") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def reference_on(page: Any) -> str:
    reference = str(page.locator("#reference").inner_text()).strip()
    assert re.fullmatch(r"\d{9}", reference), reference
    return reference


def report_a_pothole(page: Any, site_url: str, check: bool) -> str:
    """From the service's start page to the confirmation; returns the reference."""
    step = check_here if check else (lambda page, name: None)
    page.goto(site_url + "/services/pothole")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()

    step(page, "report-question-radios")
    page.get_by_label("On the road").check()
    submit(page)
    page.get_by_label("Larger than a car tyre").check()
    submit(page)
    step(page, "report-question-number")
    page.get_by_label("About how deep is it? (optional)").fill("8")
    submit(page)

    step(page, "report-location")
    page.get_by_label("Address, street or postcode").fill("Outside 12 High Street, by the bus stop")
    page.get_by_text("Give the latitude and longitude instead").click()
    page.get_by_label("Latitude").fill(INSIDE[0])
    page.get_by_label("Longitude").fill(INSIDE[1])
    submit(page)

    step(page, "report-description")
    page.get_by_label("Describe the problem (optional)").fill("Cyclists are swerving round it")
    submit(page)

    step(page, "report-contact")
    page.get_by_label("First name (optional)").fill("Ada")
    page.get_by_label("Email address (optional)").fill("ada@example.com")
    page.get_by_label("Yes, send me updates about this report").check()
    submit(page)

    expect_heading(page, "Check your answers before sending your report")
    step(page, "report-check")
    submit(page, "Send report")

    expect_heading(page, "Report sent")
    step(page, "report-confirmation")
    return reference_on(page)


@pytest.fixture
def no_javascript(browser: Any) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_a_pothole_reported_on_a_phone_with_javascript_gets_a_reference_that_track_finds(
    page: Any, site_url: str
):
    third_party: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(site_url) else third_party.append(request.url),
    )

    reference = report_a_pothole(page, site_url, check=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Track your report").click()
    expect_heading(page, f"Request {reference}")
    expect(page.get_by_text("Received", exact=True)).to_be_visible()
    expect(page.get_by_text("Outside 12 High Street, by the bus stop")).to_be_visible()
    check_here(page, "track-case")
    assert third_party == []  # nothing from anywhere else, let alone render-blocking


def test_a_pothole_reported_without_javascript_gets_a_reference_too(no_javascript: Any, site_url: str):
    reference = report_a_pothole(no_javascript, site_url, check=False)

    no_javascript.goto(site_url + "/track")
    no_javascript.get_by_label("Track a report or request").fill(reference)
    submit(no_javascript, "Find it")
    assert heading(no_javascript) == f"Request {reference}"


def test_changing_an_answer_comes_back_to_check_your_answers(page: Any, site_url: str):
    report_a_pothole_to_check(page, site_url)

    with page.expect_navigation():
        page.get_by_role("link", name="Change How big is the pothole?").click()
    page.get_by_label("Smaller than a dinner plate").check()
    submit(page)

    expect_heading(page, "Check your answers before sending your report")
    expect(page.get_by_text("Smaller than a dinner plate")).to_be_visible()


def report_a_pothole_to_check(page: Any, site_url: str) -> None:
    page.goto(site_url + "/report/pothole")
    page.get_by_label("In a cycle lane").check()
    submit(page)
    page.get_by_label("About the size of a car tyre").check()
    submit(page)
    submit(page)  # depth: optional
    page.get_by_label("Address, street or postcode").fill("Cycle lane on London Road")
    submit(page)
    submit(page)  # description: optional
    submit(page)  # contact details: optional


# --- every validation error ---------------------------------------------------------------------------------
def expect_error(page: Any, field_id: str, message: str, name: str | None = None) -> None:
    """The error summary lists ``message`` linked to the field, the field has the inline error,
    the title says so, and (with JavaScript) the link takes focus to the field."""
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    link = summary.locator("a", has_text=message)
    assert link.get_attribute("href") == f"#{field_id}"
    assert message in page.locator(f"#{field_id.split('-day')[0]}-error").inner_text()
    if name:
        check_here(page, name)
    link.click()
    assert page.evaluate("document.activeElement.id") == field_id


def test_every_validation_error_is_summarised_linked_to_its_field_and_keeps_what_was_typed(
    page: Any, site_url: str
):
    page.goto(site_url + "/report/pothole")
    submit(page)
    expect_error(page, "surface", "Select an answer", "report-error-radios")
    page.get_by_label("On the road").check()
    submit(page)
    submit(page)
    expect_error(page, "size", "Select an answer")
    page.get_by_label("Larger than a car tyre").check()
    submit(page)

    page.get_by_label("About how deep is it? (optional)").fill("very deep")
    submit(page)
    expect_error(page, "depth_cm", "Enter a number, like 2 or 1.5", "report-error-number")
    assert page.get_by_label("About how deep is it? (optional)").input_value() == "very deep"
    page.get_by_label("About how deep is it? (optional)").fill("")
    submit(page)

    submit(page)  # nowhere given
    expect_error(
        page, "location", "Enter where the problem is, or its latitude and longitude", "report-error-location"
    )
    page.get_by_text("Give the latitude and longitude instead").click()
    page.get_by_label("Latitude").fill(OUTSIDE[0])
    page.get_by_label("Longitude").fill(OUTSIDE[1])
    submit(page)
    expect_error(page, "lat", "That place is outside the area")
    assert page.get_by_label("Longitude").input_value() == OUTSIDE[1]
    check_here(page, "report-error-outside")
    page.get_by_label("Latitude").fill(INSIDE[0])
    page.get_by_label("Longitude").fill(INSIDE[1])
    submit(page)

    too_long = "A deep pothole. " * 251  # 4,016 characters
    page.get_by_label("Describe the problem (optional)").fill(too_long)
    submit(page)
    expect_error(
        page, "description", "Your description must be 4,000 characters or fewer", "report-error-description"
    )
    assert page.get_by_label("Describe the problem (optional)").input_value() == too_long.strip()
    page.get_by_label("Describe the problem (optional)").fill("A deep pothole")
    submit(page)

    page.get_by_label("Email address (optional)").fill("ada-at-example")
    page.get_by_label("Phone number (optional)").fill("ring me")
    submit(page)
    expect_error(
        page,
        "email",
        "Enter an email address in the correct format, like name@example.com",
        "report-error-contact",
    )
    expect_error(page, "phone", "Enter a phone number, like 01632 960 001 or 07700 900 982")
    assert page.get_by_label("Email address (optional)").input_value() == "ada-at-example"
    assert page.get_by_label("Phone number (optional)").input_value() == "ring me"
    page.get_by_label("Email address (optional)").fill("")
    page.get_by_label("Phone number (optional)").fill("")
    page.get_by_label("Yes, send me updates about this report").check()
    submit(page)
    expect_error(page, "email", "Enter an email address or a mobile number to get updates")
    page.get_by_label("Yes, send me updates about this report").uncheck()
    submit(page)
    expect_heading(page, "Check your answers before sending your report")


def test_a_bad_date_is_an_error_on_the_date_keeping_each_part(page: Any, site_url: str):
    page.goto(site_url + "/report/missed_bin")
    page.get_by_label("General waste (black bin)").check()
    submit(page)
    page.get_by_label("Yes").check()
    submit(page)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    submit(page)

    expect_error(
        page, "collection_date-day", "The date must be a real date, like 27 3 2026", "report-error-date"
    )
    assert [page.get_by_label(part).input_value() for part in ("Day", "Month", "Year")] == ["31", "2", "2026"]


def test_a_required_text_question_left_empty_is_an_error(page: Any, site_url: str):
    page.goto(site_url + "/report/noise_complaint")
    page.get_by_label("Music or parties").check()
    submit(page)
    submit(page)
    expect_error(page, "when_it_happens", "Enter an answer", "report-error-text")


# --- the other pages ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("report-choose", "/report"),
        ("report-by-phone", "/report/telecare"),
        ("report-start-again", "/report/graffiti/check"),
    ],
)
def test_the_journeys_other_pages_are_accessible(page: Any, site_url: str, name: str, path: str):
    check_page(page, site_url + path, name)


def test_every_page_of_the_journey_is_within_the_weight_budget_with_nothing_third_party(
    browser: Any, site_url: str
):
    """The same measure as make bench (bench/site.py): gzipped HTML + CSS + JS, under 150 KB."""
    from bench.site import BUDGET_KB, page_weights

    weights, third_party = page_weights(browser, site_url)

    assert len(weights) >= 10
    heavy = {name: weight["total_kb"] for name, weight in weights.items() if weight["total_kb"] >= BUDGET_KB}
    assert heavy == {}
    assert third_party == []
