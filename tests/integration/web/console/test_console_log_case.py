"""Logging a case for a resident in the console on moto: service and channel, then one page built from
the service's definition (its questions by datatype, where, a description, contact details and
consent), what the domain refuses shown on its field keeping what was typed, the case counted under
its channel, audited, and never logged twice from one form (POST/redirect/GET and a one-off id)."""

from __future__ import annotations

import re

import pytest

from frontdoor.backoffice.roles import Actor
from frontdoor.wiring import back_office, case_service
from tests.integration.web.console.console_browser import ConsoleBrowser, audit_of, errors_of, title_of

OPERATOR = Actor.system("arn:aws:iam::123456789012:role/test")


def _details(console: ConsoleBrowser, service: str, channel: str = "phone"):
    return console.get(f"/console/log-case/details?service={service}&channel={channel}")


def _form(page_body: str, **fields: str) -> list[tuple[str, str]]:
    """The details form's hidden fields (service, channel, journey) and ``fields`` (question codes as
    they are; ``first_name`` and the like as the form names them, ``first-name``)."""
    hidden = re.findall(r'<input type="hidden" name="(service|channel|journey)" value="([^"]*)"', page_body)
    named = {"first_name": "first-name", "last_name": "last-name"}
    return hidden + [(named.get(name, name).replace("__", "-"), value) for name, value in fields.items()]


def test_choosing_a_service_and_a_channel_leads_to_the_details(console: ConsoleBrowser):
    console.sign_in("advisor")
    page = console.get("/console/log-case")
    assert title_of(page).startswith("Log a case for a resident")
    channels = re.findall(r'name="channel" type="radio" value="([^"]*)"', page.body)
    assert channels == ["phone", "email", "post", "face_to_face", "social_media"]

    nothing = console.get("/console/log-case/details?service=&channel=")
    assert nothing.status == 400
    assert errors_of(nothing) == [
        "Select the service the resident is asking about",
        "Select how the resident contacted us",
    ]
    assert console.get("/console/log-case/details?service=pothole&channel=web").status == 400  # not assisted
    details = _details(console, "pothole")
    assert details.status == 200 and title_of(details).startswith("Log a case: Report a pothole")
    assert "Contact by phone" in details.body


def test_the_details_page_asks_the_services_questions_by_datatype(console: ConsoleBrowser):
    console.sign_in("advisor")
    missed_bin = _details(console, "missed_bin").body
    assert re.search(r'name="bin_type" type="radio"', missed_bin)  # singlevaluelist
    assert 'name="collection_date-day"' in missed_bin  # datetime as a GOV.UK date input
    bulky = _details(console, "bulky_waste").body
    assert 'name="item_types" type="checkbox"' in bulky  # multivaluelist
    assert 'name="item_count"' in bulky and 'inputmode="decimal"' in bulky  # number
    assert 'name="item_details"' in bulky and "govuk-character-count" in bulky  # text
    assert 'name="description"' not in bulky  # a free-text question is the description
    permit = _details(console, "resident_parking_permit").body
    assert 'name="address-line1"' in permit and 'name="text"' not in permit  # the resident's address


def test_a_case_is_logged_counted_under_its_channel_with_consent_and_audited(console: ConsoleBrowser):
    console.sign_in("advisor")
    page = _details(console, "pothole", "email")
    answer = console.post(
        "/console/log-case/details",
        _form(
            page.body,
            surface="road",
            size="large",
            text="Outside 12 High Street",
            lat="52.6369",
            long="-1.1398",
            description="Deep pothole",
            first_name="Sam",
            email="sam@example.com",
            updates="yes",
        ),
    )
    assert answer.status == 303
    reference = answer.headers["location"].split("/")[-1].split("?")[0]
    assert answer.headers["location"] == f"/console/cases/{reference}?done=logged"
    assert "The case has been logged" in console.get(answer.headers["location"]).body

    case = case_service().get(reference)
    assert (case.channel, case.service_code, case.answers) == (
        "email",
        "pothole",
        {"surface": "road", "size": "large"},
    )
    reporter = case_service().reporter(reference)
    assert reporter is not None and reporter.consent_to_updates and reporter.email == "sam@example.com"
    (logged,) = [r for r in audit_of(reference) if r.action == "log_case"]
    assert logged.actor_name == "advisor" and dict(logged.detail) == {
        "channel": "email",
        "service_code": "pothole",
    }


def test_the_same_form_sent_twice_logs_one_case(console: ConsoleBrowser):
    console.sign_in("advisor")
    page = _details(console, "graffiti")
    form = _form(page.body, offensive="no", surface="wall", text="Underpass", email="twice@example.com")
    first = console.post("/console/log-case/details", form)
    second = console.post("/console/log-case/details", form)  # a second click, or back and send again
    assert first.status == second.status == 303
    assert first.headers["location"] == second.headers["location"]
    found = back_office().lookup(OPERATOR, email="twice@example.com")
    assert len(found) == 1

    again = console.post(
        "/console/log-case/details",
        _form(
            _details(console, "graffiti").body,
            offensive="no",
            surface="wall",
            text="Underpass",
            email="twice@example.com",
        ),
    )
    assert again.headers["location"] != first.headers["location"]  # a new form is a new case


def test_what_is_wrong_is_shown_on_its_field_keeping_what_was_typed(console: ConsoleBrowser):
    console.sign_in("advisor")
    page = _details(console, "missed_bin")
    answer = console.post(
        "/console/log-case/details",
        _form(
            page.body,
            bin_out_by="yes",
            collection_date__day="31",
            collection_date__month="2",
            collection_date__year="2026",
            text="12 Park Road",
            lat="52.6369",
            long="",
            email="not-an-email",
            updates="yes",
            description="Left out since Tuesday",
        ),
    )
    assert answer.status == 400
    assert title_of(answer).startswith("Error: Log a case: ")
    assert errors_of(answer) == [
        "Select an answer",  # the bin type, in the order the page asks
        "The date must be a real date, like 27 3 2026",
        "Enter the longitude as well as the latitude",
        "Enter an email address in the correct format, like name@example.com",
    ]
    for href in ("#bin_type", "#collection_date-day", "#long", "#email"):
        assert f'href="{href}"' in answer.body
    for kept in (
        'value="31"',
        'value="52.6369"',
        'value="not-an-email"',
        "12 Park Road",
        "Left out since Tuesday",
    ):
        assert kept in answer.body, kept
    assert re.search(r'name="bin_out_by" type="radio" value="yes" checked', answer.body)
    assert re.search(r'name="updates" type="checkbox" value="yes" checked', answer.body)


def test_the_domains_refusal_lands_on_its_field(console: ConsoleBrowser):
    console.sign_in("advisor")
    page = _details(console, "pothole")
    outside = console.post(
        "/console/log-case/details", _form(page.body, surface="road", size="large", lat="51.5", long="-0.12")
    )
    assert outside.status == 400
    assert any("outside the area" in message for message in errors_of(outside))
    assert 'href="#lat"' in outside.body


@pytest.mark.parametrize("username", ["admin"])
def test_a_role_that_may_not_log_cases_cannot_reach_nor_post_the_form(console: ConsoleBrowser, username: str):
    console.sign_in(username)
    assert console.get("/console/log-case").status == 403
    assert _details(console, "pothole").status == 403
    assert (
        console.post("/console/log-case/details", [("service", "pothole"), ("channel", "phone")]).status
        == 403
    )


def test_a_service_about_the_residents_home_takes_their_address(console: ConsoleBrowser):
    console.sign_in("advisor")
    page = _details(console, "resident_parking_permit", "face_to_face")
    missing = console.post("/console/log-case/details", _form(page.body, permit_type="resident"))
    assert errors_of(missing)[-2:] == ["Enter the first line of your address", "Enter your postcode"]
    answer = console.post(
        "/console/log-case/details",
        _form(
            page.body,
            permit_type=_first_choice(page.body, "permit_type"),
            vehicle_registration="AB12 CDE",
            address__line1="12 Park Road",
            address__postcode="le1 1aa",
        ),
    )
    assert answer.status == 303
    reference = answer.headers["location"].split("/")[-1].split("?")[0]
    assert case_service().get(reference).channel == "face_to_face"
    reporter = case_service().reporter(reference)
    assert reporter is not None and reporter.address == "12 Park Road, LE1 1AA"


def _first_choice(page_body: str, code: str) -> str:
    found = re.search(rf'name="{code}" type="radio" value="([^"]*)"', page_body)
    assert found
    return found[1]
