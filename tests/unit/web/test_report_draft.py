"""The report journey without AWS: its steps per service, the report a draft becomes, where the
domain's refusals belong, and the pages' own checks."""

from __future__ import annotations

import pytest

from frontdoor.catalogue import Service, default_catalogue
from frontdoor.geo.wards import default_wards
from web.site import report_draft
from web.site.report_draft import Draft, new_report, place_refusal, steps
from web.site.report_fields import read_address, read_contact, read_description, read_place


def service(code: str) -> Service:
    found = default_catalogue().get(code)
    assert found is not None
    return found


def test_a_pothole_is_asked_its_questions_then_where_a_description_and_contact_details():
    assert steps(service("pothole")) == [
        "questions/surface",
        "questions/size",
        "questions/depth_cm",
        "location",
        "description",
        "contact",
    ]


def test_a_service_whose_questions_take_free_text_asks_for_no_description_besides():
    assert "description" not in steps(service("noise_complaint"))
    assert "questions/safety_notice" not in steps(service("street_light_fault"))  # information only


def test_the_next_step_is_check_your_answers_when_changing_an_answer_with_nothing_left_to_answer():
    pothole = service("pothole")
    draft = Draft.start("pothole")
    draft.done = steps(pothole)
    assert (
        report_draft.next_path(pothole, draft, "questions/size", returning_to_check=True)
        == "/report/pothole/check"
    )
    assert report_draft.next_path(pothole, draft, "questions/size", returning_to_check=False) == (
        "/report/pothole/questions/depth_cm"
    )
    draft.done.remove("contact")
    assert (
        report_draft.next_path(pothole, draft, "questions/size", True) == "/report/pothole/questions/depth_cm"
    )


def test_a_draft_becomes_a_web_report_with_the_number_in_one_form():
    pothole = service("pothole")
    draft = Draft(
        service_code="pothole",
        journey="j",
        answers={"surface": ["road"], "depth_cm": []},
        location={"text": "By the bus stop", "lat": "52.6369", "long": "-1.1398"},
        description="Deep",
        contact={"first_name": "Ada", "email": "ada@example.com", "phone": "07700 900 982"},
        updates=True,
    )
    report = new_report(pothole, draft)
    assert report.channel == "web" and report.answers == {"surface": ["road"]}
    assert (report.location.lat, report.location.long, report.location.address) == (
        52.6369,
        -1.1398,
        "By the bus stop",
    )
    assert report.reporter.phone == "+447700900982" and report.reporter.consent_to_updates
    assert report.reporter.last_name is None


def test_the_same_draft_is_the_same_submission_and_another_journey_is_not():
    first, second = Draft.start("pothole"), Draft.start("pothole")
    assert first.fingerprint() != second.fingerprint()  # a journey of its own
    again = Draft(**{**first.__dict__, "done": ["location"]})
    assert again.fingerprint() == first.fingerprint()  # which pages were seen is not the report


@pytest.mark.parametrize(
    ("code", "field", "placed"),
    [
        ("pothole", "attribute[size]", ("questions/size", "size")),
        ("missed_bin", "attribute[collection_date]", ("questions/collection_date", "collection_date-day")),
        ("pothole", "lat", ("location", "lat")),
        ("pothole", "address_string", ("location", "location")),
        ("resident_parking_permit", "address_string", ("location", "address-line1")),
        ("pothole", "description", ("description", "description")),
        ("pothole", "first_name", ("contact", "first-name")),
        ("pothole", "email", ("contact", "email")),
        ("pothole", "service_code", None),
        ("pothole", "attribute[unknown]", None),
    ],
)
def test_a_refusal_of_a_field_is_shown_on_the_page_and_field_that_asked_for_it(
    code: str, field: str, placed: tuple[str, str] | None
):
    assert place_refusal(service(code), field) == placed


def test_a_place_is_words_or_a_point_inside_the_councils_area():
    wards = default_wards()
    assert not read_place({"text": ["By the bus stop"]}, wards, "Council").errors
    assert not read_place({"lat": ["52.6369"], "long": ["-1.1398"]}, wards, "Council").errors
    outside = read_place({"lat": ["51.5007"], "long": ["-0.1246"]}, wards, "Midshire Council").errors
    assert (
        outside.summary()[0]["href"] == "#lat"
        and "outside the area Midshire Council looks after" in (outside.summary()[0]["text"])
    )
    assert read_place({"lat": ["nan"], "long": ["1"]}, wards, "C").errors.for_field("lat") == {
        "text": "Enter the latitude as a number, like 52.6369"
    }


def test_an_address_needs_a_first_line_and_a_real_postcode_unless_a_reference_stands_in():
    missing = read_address({}, address_optional=False).errors
    assert list(missing.messages) == ["address-line1", "address-postcode"]
    assert read_address({}, address_optional=True).errors.messages == {}
    good = read_address({"address-line1": ["1 High St"], "address-postcode": ["ab12cd"]}, False)
    assert not good.errors and good.values["postcode"] == "AB1 2CD"
    assert (
        "address-postcode"
        in read_address({"address-line1": ["1"], "address-postcode": ["ABC"]}, False).errors
    )


def test_a_description_may_be_empty_but_not_too_long():
    assert not read_description({}).errors
    assert "description" in read_description({"description": ["x" * 4001]}).errors


def test_updates_need_an_email_address_or_a_uk_mobile():
    read, updates = read_contact({"updates": ["yes"], "email": ["ada@example.com"]})
    assert updates and not read.errors
    read, _ = read_contact({"updates": ["yes"], "phone": ["+44 7700 900982"]})
    assert not read.errors
    read, _ = read_contact({"updates": ["yes"], "phone": ["01632 960001"]})
    assert list(read.errors.messages) == ["phone"]
    read, updates = read_contact({"phone": ["01632 960001"]})
    assert not updates and not read.errors


@pytest.mark.parametrize(
    ("utc", "words"),
    [
        ("2026-11-23T09:00:00", "9am"),
        ("2026-11-23T14:15:00", "2:15pm"),
        ("2026-11-23T12:00:00", "midday"),
        ("2026-07-01T23:00:00", "midnight"),
        ("2026-07-01T08:05:00", "9:05am"),
    ],
)
def test_history_times_are_written_the_govuk_way_on_the_councils_clock(utc: str, words: str):
    from datetime import UTC, datetime

    from web.site.track import time_in_words

    assert time_in_words(datetime.fromisoformat(utc).replace(tzinfo=UTC)) == words
