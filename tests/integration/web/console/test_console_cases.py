"""Finding and reading cases in the console on moto: search by reference, by service, status, ward
and dates, a resident's cases by phone or email (a POST, audited); a case with its whole history,
public and internal told apart, and the actions of the signed-in role only; contact details on
request, audited; each read of personal data audited before anything is shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from frontdoor.backoffice.roles import Actor
from frontdoor.backoffice.service import StatusUpdate
from frontdoor.cases.dates import utc_now
from frontdoor.wiring import back_office
from tests.integration.web.console.console_browser import ConsoleBrowser, audit_of, errors_of, title_of

Report = Callable[..., str]
OFFICER = Actor.staff("11111111-0000-4000-8000-000000000001", "bo.officer", ["back_office"])


def _actions(reference: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(record.actor_name, record.action, record.fields) for record in audit_of(reference)]


# --- search ---------------------------------------------------------------------------------------------
def test_the_search_page_offers_what_the_role_may_use(console: ConsoleBrowser):
    page = console.sign_in("advisor")
    assert title_of(page) == "Find cases - Staff console - Example Borough Council (local)"
    assert 'action="/console/lookup"' in page.body  # advisors look residents up
    assert 'href="/console/log-case"' in page.body
    assert 'href="/console/audit"' not in page.body

    admin = ConsoleBrowser(console.visit)
    page = admin.sign_in("admin")
    assert 'action="/console/lookup"' not in page.body  # admins see no resident's personal data
    assert 'href="/console/log-case"' not in page.body
    assert 'href="/console/audit"' in page.body


def test_a_reference_goes_straight_to_its_case(console: ConsoleBrowser, reported: Report):
    reference = reported()
    console.sign_in("backoffice")
    spaced = f"{reference[:3]} {reference[3:6]}-{reference[6:]}"
    answer = console.get(f"/console/cases?reference={spaced.replace(' ', '+')}")
    assert answer.status == 303 and answer.headers["location"] == f"/console/cases/{reference}"


@pytest.mark.parametrize(
    ("typed", "status", "message"),
    [
        ("", 400, "Enter a case reference"),
        ("12345", 400, "A case reference is 9 digits, like 123456786"),
        ("123456787", 400, "Check the case reference: one of its digits looks wrong"),
        ("123456786", 404, "There is no case with the reference 123456786"),
    ],
)
def test_a_reference_that_finds_nothing_says_why_and_keeps_what_was_typed(console, typed, status, message):
    console.sign_in("backoffice")
    page = console.get(f"/console/cases?reference={typed}")
    assert page.status == status
    assert errors_of(page) == [message]
    assert title_of(page).startswith("Error: Find cases")
    assert f'value="{typed}"' in page.body or not typed


def test_an_admin_finds_a_case_by_reference_but_cannot_open_it(console: ConsoleBrowser, reported: Report):
    reference = reported()
    console.sign_in("admin")
    page = console.get(f"/console/cases?reference={reference}")
    assert page.status == 200
    assert reference in page.body and f'href="/console/cases/{reference}"' not in page.body
    refused = console.get(f"/console/cases/{reference}")
    assert refused.status == 403
    assert "Your role does not allow you to view cases." in refused.body
    assert _actions(reference) == []  # nothing was read


def test_search_by_service_status_and_ward_lists_the_cases(console: ConsoleBrowser, reported: Report):
    pothole = reported()
    graffiti = reported("graffiti", lat=52.6369, long=-1.1398)
    back_office().update(OFFICER, graffiti, StatusUpdate(status="fixed", public_note="Cleaned off."))
    console.sign_in("backoffice")

    page = console.get("/console/cases?service=pothole&status=open&ward=")
    assert page.status == 200 and title_of(page).startswith("Cases found")
    assert f'href="/console/cases/{pothole}"' in page.body and graffiti not in page.body
    assert "Report a pothole, open, received in the last 90 days" in page.body

    closed = console.get("/console/cases?service=&status=closed")
    assert graffiti in closed.body and pothole not in closed.body
    ward = back_office().cases.get(pothole).ward_code
    in_ward = console.get(f"/console/cases?ward={ward}")
    assert pothole in in_ward.body and graffiti in in_ward.body
    assert _actions(pothole) == []  # listing is not reading personal data


def test_dates_narrow_the_search_and_bad_dates_are_explained(console: ConsoleBrowser, reported: Report):
    reference = reported()
    console.sign_in("backoffice")
    today, last_week = utc_now().date(), (utc_now() - timedelta(days=7)).date()

    def dates(start, end) -> str:
        return (
            f"/console/cases?from-day={start.day}&from-month={start.month}&from-year={start.year}"
            f"&to-day={end.day}&to-month={end.month}&to-year={end.year}"
        )

    assert reference in console.get(dates(last_week, today)).body
    assert reference not in console.get(dates(last_week, last_week)).body

    backwards = console.get(dates(today, last_week))
    assert errors_of(backwards) == ["The ‘to’ date must be the same as or after the ‘from’ date"]
    assert 'name="from-day" type="text" value="' + str(today.day) in backwards.body  # kept
    unfinished = console.get("/console/cases?from-day=1&from-month=&from-year=2026")
    assert errors_of(unfinished) == ["The ‘from’ date must include a month"]
    unreal = console.get("/console/cases?from-day=31&from-month=2&from-year=2026")
    assert errors_of(unreal) == ["The ‘from’ date must be a real date, like 27 3 2026"]
    too_long = console.get(
        "/console/cases?from-day=1&from-month=1&from-year=2024&to-day=1&to-month=6&to-year=2025"
    )
    assert errors_of(too_long) == ["Search at most a year at a time"]


# --- a resident's cases ----------------------------------------------------------------------------------
def test_looking_a_resident_up_by_email_or_phone_finds_their_cases_and_is_audited(console, reported):
    reference = reported(email="Sam.Resident@Example.com", phone="07700 900123")
    other = reported(email="someone.else@example.com", phone=None, lat=52.64, long=-1.13)
    console.sign_in("advisor")

    by_email = console.post("/console/lookup", [("resident", " sam.resident@example.com ")])
    assert by_email.status == 200 and title_of(by_email).startswith("A resident's cases")
    assert reference in by_email.body and other not in by_email.body
    assert "sam.resident" not in by_email.body.lower().replace('value="sam.resident@example.com"', "")
    by_phone = console.post("/console/lookup", [("resident", "+44 7700 900123")])
    assert reference in by_phone.body

    records = [r for r in audit_of(reference) if r.action == "lookup_resident"]
    assert [(r.actor_name, dict(r.detail)["by"]) for r in records] == [
        ("advisor", "phone"),
        ("advisor", "email"),
    ]
    for record in records:  # the record says how, never the value
        assert "example.com" not in repr(record) and "900123" not in repr(record)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a phone number or an email address"),
        ("not@an", "Enter an email address in the correct format, like name@example.com"),
        ("call me", "Enter a phone number, like 01632 960 001 or 07700 900 982"),
    ],
)
def test_a_lookup_of_nothing_usable_is_explained(console: ConsoleBrowser, typed: str, message: str):
    console.sign_in("advisor")
    page = console.post("/console/lookup", [("resident", typed)])
    assert page.status == 400 and errors_of(page) == [message]


def test_a_lookup_is_a_post_with_the_csrf_token_and_not_for_admins(console: ConsoleBrowser):
    console.sign_in("advisor")
    assert console.post("/console/lookup", [("resident", "ada@example.com")], csrf="forged").status == 400
    assert console.get("/console/lookup").status in (404, 405)  # never in a URL
    admin = ConsoleBrowser(console.visit)
    admin.sign_in("admin")
    assert admin.post("/console/lookup", [("resident", "ada@example.com")]).status == 403


# --- a case ------------------------------------------------------------------------------------------------
def test_a_case_shows_its_whole_history_public_and_internal_told_apart_and_reading_it_is_audited(
    console: ConsoleBrowser, reported: Report
):
    reference = reported()
    back_office().update(
        OFFICER,
        reference,
        StatusUpdate(status="investigating", public_note="An inspector will visit.", internal_note="Crew 4"),
    )
    console.sign_in("backoffice")
    page = console.get(f"/console/cases/{reference}")

    assert page.status == 200 and title_of(page).startswith(f"Case {reference}")
    history = page.body.split('<h2 class="govuk-heading-m">History</h2>', 1)[1]
    assert history.index("Internal note") < history.index("Crew 4") < history.index("Public update")
    assert "An inspector will visit." in history and "Report received" in history
    assert '<div class="govuk-inset-text govuk-!-margin-top-1">Crew 4</div>' in history
    assert "Ada" not in page.body and "ada@example.com" not in page.body  # contact details only on request
    assert _actions(reference)[0] == ("backoffice", "view_case", ("history",))


@pytest.mark.parametrize(
    ("username", "shown", "hidden"),
    [
        (
            "advisor",
            ["/update", "/urgent", "/contact-details"],
            ["/team", "/link", "/merge", "/console/audit?reference"],
        ),
        (
            "backoffice",
            ["/update", "/urgent", "/contact-details", "/team", "/link", "/merge"],
            ["/console/audit?"],
        ),
        (
            "supervisor",
            ["/update", "/team", "/link", "/merge", "/contact-details", "/console/audit?reference"],
            [],
        ),
    ],
)
def test_a_case_offers_only_the_actions_of_the_role(console, reported, username, shown, hidden):
    reference = reported()
    console.sign_in(username)
    page = console.get(f"/console/cases/{reference}")
    for action in shown:
        assert action in page.body, action
    for action in hidden:
        assert action not in page.body, action


def test_a_malformed_or_unknown_case_is_not_found(console: ConsoleBrowser):
    console.sign_in("backoffice")
    assert console.get("/console/cases/12345").status == 404
    page = console.get("/console/cases/123456786")
    assert page.status == 404 and "There is no case with that reference." in page.body


def test_contact_details_are_shown_on_request_and_the_read_audited_first(console, reported):
    reference = reported()
    console.sign_in("advisor")
    console.get(f"/console/cases/{reference}")
    page = console.post(f"/console/cases/{reference}/contact-details")

    assert page.status == 200 and title_of(page).startswith(f"Contact details for case {reference}")
    for shown in ("Ada Lovelace", "ada@example.com", "01632 960001", "Asked for updates"):
        assert shown in page.body
    action, fields = [(r.action, r.fields) for r in audit_of(reference)][0]
    assert action == "view_reporter"
    assert set(fields) >= {"first_name", "email", "phone", "consent_to_updates"}
    assert console.get(f"/console/cases/{reference}/contact-details").status in (404, 405)  # a POST only


def test_contact_details_need_the_csrf_token_and_a_role_that_may_see_them(console, reported):
    reference = reported()
    console.sign_in("backoffice")
    console.get(f"/console/cases/{reference}")
    assert console.post(f"/console/cases/{reference}/contact-details", csrf="forged").status == 400
    admin = ConsoleBrowser(console.visit)
    admin.sign_in("admin")
    assert admin.post(f"/console/cases/{reference}/contact-details").status == 403
    assert [r.action for r in audit_of(reference)] == ["view_case"]  # only the back office's read


def test_contact_details_past_their_retention_are_gone_and_the_page_says_so(console, reported):
    from frontdoor.cases.dynamo import REPORTER_SK, case_pk
    from frontdoor.cases.tables import ReporterItem

    reference = reported()
    item = ReporterItem.get(case_pk(reference), REPORTER_SK)
    item.update(actions=[ReporterItem.expires_at.set(utc_now() - timedelta(seconds=1))])  # expired: gone
    console.sign_in("backoffice")
    console.get(f"/console/cases/{reference}")
    page = console.post(f"/console/cases/{reference}/contact-details")
    assert page.status == 200
    assert "There are no contact details for this case" in page.body
    assert "we keep residents’ details for 365 days" in page.body.replace("&#39;", "’").replace("'", "’")
    assert "Ada" not in page.body
