"""Track a case through the site function on moto: the reference checked before any lookup, the case
as the public may see it, never an internal note, and merged or possible duplicates."""

from __future__ import annotations

import pytest

from frontdoor.backoffice.roles import Actor
from frontdoor.backoffice.service import StatusUpdate
from frontdoor.cases.model import Location, NewReport, Reporter
from tests.integration.web.conftest import Visit
from tests.integration.web.journey import error_summary, field_value, title, words

OFFICER = Actor("staff-1", "bo.officer", "staff", frozenset({"back_office"}))


def file(service_code: str, answers: dict[str, list[str]], **location: object) -> str:
    from frontdoor.wiring import case_service

    report = NewReport(
        service_code=service_code,
        channel="web",
        description="Deep pothole by the bus stop",
        location=Location(**location),  # type: ignore[arg-type]
        answers=answers,
        reporter=Reporter(email="ada@example.com", first_name="Ada"),
    )
    return case_service().file(report).reference


def pothole(lat: float = 52.6369, long: float = -1.1398) -> str:
    return file("pothole", {"surface": ["road"], "size": ["large"]}, lat=lat, long=long, address="12 High St")


def test_the_track_page_asks_for_a_reference(site: Visit):
    page = site("GET", "/track")
    assert page.status == 200 and title(page).startswith("Track a report or request")
    assert '<form action="/track" method="get"' in page.body and 'id="reference"' in page.body
    assert error_summary(page) == []


def test_a_reference_found_goes_to_its_page_whatever_spaces_were_typed(site: Visit):
    reference = pothole()
    typed = f"{reference[:3]} {reference[3:6]} {reference[6:]}"

    page = site("GET", f"/track?reference={typed.replace(' ', '+')}")

    assert page.status == 303 and page.headers["location"] == f"/track/{reference}"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your reference number"),
        ("12345", "Check your reference number: it is 9 digits, like 123456786"),
        ("12345678A", "Check your reference number: it is 9 digits, like 123456786"),
        ("123456787", "Check your reference number: one of its digits looks wrong"),  # Damm catches it
    ],
)
def test_a_mistyped_reference_asks_to_check_it_before_any_lookup(site: Visit, typed: str, message: str):
    page = site("GET", f"/track?reference={typed}")

    assert page.status == 400 and title(page).startswith("Error: Track a report")
    assert error_summary(page) == [("#reference", message)]
    assert field_value(page, "reference") == typed


def test_a_well_formed_reference_of_no_case_is_not_found(site: Visit):
    page = site("GET", "/track?reference=123456786")

    assert page.status == 404
    assert error_summary(page) == [("#reference", "We cannot find a request with the reference 123456786")]
    assert site("GET", "/track/123456786").status == 404
    mistyped = site("GET", "/track/123456787")
    assert mistyped.status == 404 and "one of its digits looks wrong" in words(mistyped)


def test_a_case_page_shows_the_service_status_expected_date_place_and_public_history(site: Visit):
    reference = pothole()
    from frontdoor.wiring import back_office

    back_office().update(
        OFFICER, reference, StatusUpdate("action_scheduled", "Repair booked for Tuesday", "Caller was rude")
    )

    page = site("GET", f"/track/{reference}")

    assert page.status == 200 and page.headers["cache-control"] == "no-cache"
    text = words(page)
    assert title(page).startswith(f"Request {reference}")
    assert "Report a pothole" in text and "Work booked" in text
    assert "We have booked the work needed to deal with your request." in text
    assert "We expect to have dealt with it by" in text
    assert "12 High St" in text and "Latitude 52.63690, longitude -1.13980" in text
    assert text.index("Work on your request has been booked") < text.index("We have received your request")
    assert "Repair booked for Tuesday" in text
    assert "Caller was rude" not in page.body  # internal notes never leave the back office
    assert "Ada" not in page.body and "ada@example.com" not in page.body


def test_a_case_about_a_home_shows_no_place(site: Visit):
    reference = file(
        "missed_bin", {"bin_type": ["general"], "bin_out_by": ["yes"]}, lat=52.6369, long=-1.1398
    )

    page = site("GET", f"/track/{reference}")

    assert page.status == 200 and "Report a missed bin collection" in words(page)
    assert "Latitude" not in page.body and "Where" not in words(page)


def test_a_merged_case_links_to_the_case_to_follow(site: Visit):
    kept, merged = pothole(), pothole(lat=52.6259, long=-1.1500)
    from frontdoor.wiring import back_office

    back_office().merge(OFFICER, merged, kept)

    page = site("GET", f"/track/{merged}")

    assert "Already reported" in words(page)
    assert f'We are dealing with this under request <a class="govuk-link" href="/track/{kept}">' in page.body
    assert "We expect to have dealt with it by" not in words(page)  # closed


def test_a_possible_duplicate_links_to_the_earlier_case_nearby(site: Visit):
    first = pothole()
    second = pothole(lat=52.63691, long=-1.13981)

    page = site("GET", f"/track/{second}")

    assert "Received" in words(page)
    assert f'This looks like request <a class="govuk-link" href="/track/{first}">{first}</a>' in page.body
