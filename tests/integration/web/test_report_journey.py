"""Report it through the site function on moto: each page, the whole journey, what the domain files,
CSRF, idempotent sending, errors on the right page and field, and answers that expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.catalogue import default_catalogue
from tests.integration.web.conftest import Visit
from tests.integration.web.journey import (
    Resident,
    checked,
    error_summary,
    field_value,
    inline_error,
    title,
    words,
)
from web.security import SECURITY_HEADERS
from web.session_store import DynamoFormSessionStore

INSIDE = ("52.6369", "-1.1398")  # the clock tower
OUTSIDE = ("51.5007", "-0.1246")  # Westminster: not this council's


@pytest.fixture
def resident(site: Visit) -> Resident:
    return Resident(site)


def report_a_pothole(resident: Resident, *, contact: list[tuple[str, str]] | None = None) -> None:
    """Up to "check your answers", JavaScript or not, as a resident fills it in."""
    resident.get("/report/pothole")
    resident.answer([("surface", "road")])
    resident.answer([("size", "large")])
    resident.answer([("depth_cm", "8")])
    resident.answer([("text", "Outside 12 High Street"), ("lat", INSIDE[0]), ("long", INSIDE[1])])
    resident.answer([("description", "Deep pothole by the bus stop")])
    resident.answer(
        contact
        if contact is not None
        else [
            ("first-name", "Ada"),
            ("last-name", "Lovelace"),
            ("email", "ada@example.com"),
            ("phone", "07700 900 982"),
            ("updates", "yes"),
        ]
    )


def the_case(reference: str):  # noqa: ANN201 - the domain's Case
    from frontdoor.wiring import case_service

    return case_service().get(reference)


# --- choosing a service -------------------------------------------------------------------------------
def test_choosing_lists_every_service_taken_online_by_group_and_how_to_call_for_the_rest(resident: Resident):
    page = resident.get("/report")

    assert page.status == 200 and page.headers["cache-control"] == "public, max-age=300"
    online = [s for s in default_catalogue().services if s.offered_on("web")]
    for service in online:
        assert f'href="/report/{service.service_code}"' in page.body
    assert 'href="/report/telecare"' not in page.body
    assert "Telecare and community alarms: call 0300 123 4567, 24 hours a day" in words(page)
    assert '<h2 class="govuk-heading-m govuk-!-margin-top-7">Roads and streets</h2>' in page.body


def test_a_service_taken_only_by_phone_says_how_to_call_instead(resident: Resident):
    page = resident.get("/report/telecare")

    assert page.status == 200
    assert "You cannot do this online" in words(page)
    assert 'href="tel:+443001234567"' in page.body
    assert "fd_session" not in resident.cookies  # nothing to remember


def test_an_unknown_service_is_not_found(resident: Resident):
    assert resident.get("/report/unicorn").status == 404
    assert resident.get("/report/unicorn/location").status == 404
    resident.get("/report/pothole")
    assert resident.get("/report/pothole/questions/colour").status == 404  # not a pothole question
    assert resident.get("/report/pothole/payment").status == 404
    assert resident.get("/report/telecare/location").status == 404  # not taken online


# --- the whole journey ---------------------------------------------------------------------------------
def test_the_whole_journey_files_a_web_case_and_confirms_its_reference_and_expected_date(resident: Resident):
    report_a_pothole(resident)
    check = resident.page
    assert check is not None and resident.location == "/report/pothole/check"
    assert title(check).startswith("Check your answers before sending your report")
    assert "On the road" in words(check) and "Larger than a car tyre" in words(check)
    assert "Latitude 52.6369, longitude -1.1398" in words(check)
    assert "Yes, send me updates" in words(check)

    confirmation = resident.answer([])

    assert resident.location == "/report/pothole/confirmation"
    assert confirmation.status == 200 and confirmation.headers["cache-control"] == "no-store"
    reference = field_text_of_reference(confirmation.body)
    case = the_case(reference)
    assert case.channel == "web" and case.service_code == "pothole"
    assert case.answers == {"surface": "road", "size": "large", "depth_cm": "8"}
    assert (case.location.lat, case.location.long) == (52.6369, -1.1398)
    assert case.location.address == "Outside 12 High Street"
    assert case.description == "Deep pothole by the bus stop"
    from frontdoor.catalogue.model import COUNCIL_TIME

    expected = case.expected_at.astimezone(COUNCIL_TIME)
    assert f"{expected.day} {expected:%B} {expected.year}" in words(confirmation)
    assert "We will inspect the pothole within 2 working days" in words(confirmation)
    assert f'href="/track/{reference}"' in confirmation.body


def field_text_of_reference(body: str) -> str:
    import re

    found = re.search(r'<strong id="reference">(\d{9})</strong>', body)
    assert found, "no reference on the confirmation page"
    return found[1]


def test_the_reporter_gets_their_contact_details_consent_and_a_phone_number_in_one_form(resident: Resident):
    report_a_pothole(resident)
    resident.answer([])
    reference = field_text_of_reference(resident.body)

    from frontdoor.wiring import case_service

    reporter = case_service().reporter(reference)
    assert reporter is not None
    assert (reporter.first_name, reporter.last_name, reporter.email) == ("Ada", "Lovelace", "ada@example.com")
    assert reporter.phone == "+447700900982"
    assert reporter.consent_to_updates is True


def test_once_sent_the_session_forgets_the_answers_and_keeps_only_the_reference(resident: Resident):
    report_a_pothole(resident)
    resident.answer([])
    reference = field_text_of_reference(resident.body)

    session = DynamoFormSessionStore().load(resident.cookies["fd_session"], datetime.now(UTC))
    assert session is not None
    assert "Ada" not in str(session.data) and "ada@example.com" not in str(session.data)
    assert session.data["filed"]["reference"] == reference
    # Refreshing the confirmation shows it again.
    assert field_text_of_reference(resident.get("/report/pothole/confirmation").body) == reference


def test_a_second_send_of_the_same_report_files_nothing_more(resident: Resident):
    report_a_pothole(resident)
    token = resident.csrf_token()

    first = resident.post("/report/pothole/check", [], follow=False, token=token)
    again = resident.post("/report/pothole/check", [], follow=False, token=token)  # refresh or double click

    assert first.status == again.status == 303
    assert first.headers["location"] == again.headers["location"] == "/report/pothole/confirmation"
    reference = field_text_of_reference(resident.get("/report/pothole/confirmation").body)
    from frontdoor.wiring import case_service

    assert len(case_service().history(reference)) == 1
    assert pothole_reports_today() == 1


def test_two_clicks_sent_before_the_first_is_saved_get_the_same_case(resident: Resident, site: Visit):
    """A double click: both requests read the session before either has filed."""
    report_a_pothole(resident)
    token, cookies = resident.csrf_token(), dict(resident.cookies)
    from web.session_store import DynamoFormSessionStore

    store = DynamoFormSessionStore()
    before = store.load(cookies["fd_session"], datetime.now(UTC))
    assert before is not None

    site("POST", "/report/pothole/check", [("csrf_token", token)], cookies)
    store.save(before, datetime.now(UTC))  # the second click's session, as it read it
    site("POST", "/report/pothole/check", [("csrf_token", token)], cookies)

    after = store.load(cookies["fd_session"], datetime.now(UTC))
    first_reference = resident.get("/report/pothole/confirmation").body
    assert after is not None and after.data["filed"]["reference"] in first_reference
    assert pothole_reports_today() == 1


def pothole_reports_today() -> int:
    from frontdoor.cases import demand
    from frontdoor.cases.dates import utc_now
    from frontdoor.wiring import case_service

    today = demand.council_day(utc_now())
    return case_service().repository.demand_between(today, today).get("pothole", 0)


# --- every page -------------------------------------------------------------------------------------------
JOURNEY_PAGES = [
    "/report/pothole/questions/surface",
    "/report/pothole/questions/size",
    "/report/pothole/questions/depth_cm",
    "/report/pothole/location",
    "/report/pothole/description",
    "/report/pothole/contact",
    "/report/pothole/check",
]


def test_every_step_is_a_private_page_with_the_security_headers_its_own_title_one_heading_and_a_back_link(
    resident: Resident,
):
    report_a_pothole(resident)
    titles = []
    for path in JOURNEY_PAGES:
        page = resident.get(path)
        assert page.status == 200, path
        assert page.headers["cache-control"] == "no-store"
        for name, value in SECURITY_HEADERS.items():
            assert page.headers[name.lower()] == value
        assert page.body.count("<h1") == 1, path
        assert 'class="govuk-back-link"' in page.body
        titles.append(title(page))
    assert len(set(titles)) == len(titles), titles


def test_each_question_of_the_service_definition_gets_the_field_its_datatype_calls_for(resident: Resident):
    resident.get("/report/pothole")
    surface = resident.page
    assert surface is not None and 'type="radio"' in surface.body and 'name="surface"' in surface.body
    assert "<legend" in surface.body and "Where is the pothole?" in surface.body

    size = resident.answer([("surface", "road")])
    assert "Roughly how wide it is" in words(size)  # its datatype_description, as the hint

    depth = resident.answer([("size", "small")])
    assert 'inputmode="decimal"' in depth.body
    assert "About how deep is it? (optional)" in words(depth)

    resident.get("/report/bulky_waste")
    assert 'type="checkbox"' in resident.body and 'name="item_types"' in resident.body
    resident.answer([("item_types", "sofa"), ("item_types", "fridge")])
    resident.answer([("item_count", "2")])
    assert 'data-module="govuk-character-count"' in resident.body  # text: a textarea with a count

    resident.get("/report/missed_bin")
    resident.answer([("bin_type", "general")])
    dates = resident.answer([("bin_out_by", "yes")])
    assert all(f'name="collection_date-{part}"' in dates.body for part in ("day", "month", "year"))


def test_the_street_light_page_carries_its_safety_notice_with_the_question_before_it(resident: Resident):
    resident.get("/report/street_light_fault")
    assert "please phone us now" not in resident.body
    fault = resident.answer([("column_number", "SL1234")])
    assert "If wires are showing or a column has been knocked down, please phone us now." in words(fault)


def test_an_address_service_asks_for_the_residents_address_and_files_it_with_the_reporter(resident: Resident):
    resident.get("/report/resident_parking_permit")
    resident.answer([("permit_type", "resident")])
    resident.answer([("vehicle_registration", "AB12 CDE")])
    where = resident.answer(
        [("start_date-day", "1"), ("start_date-month", "jun"), ("start_date-year", "2027")]
    )
    assert title(where).startswith("What is your address?")
    resident.answer(
        [("address-line1", "12 High Street"), ("address-town", "Midtown"), ("address-postcode", "ab1 2cd")]
    )
    resident.answer([("description", "")])
    check = resident.answer([])
    assert "12 High Street Midtown AB1 2CD" in words(check) and "1 June 2027" in words(check)

    resident.answer([])
    reference = field_text_of_reference(resident.body)
    from frontdoor.wiring import case_service

    reporter = case_service().reporter(reference)
    assert reporter is not None and reporter.address == "12 High Street, Midtown, AB1 2CD"
    assert the_case(reference).answers["start_date"] == "2027-06-01"


def test_a_subscription_reference_stands_in_for_the_address(resident: Resident):
    resident.get("/report/garden_waste_renewal")
    resident.answer([("number_of_bins", "1")])
    where = resident.answer([("subscription_reference", "GW123456")])
    assert "You can leave this blank" in words(where)
    description = resident.answer([])  # no address: the reference will do
    assert title(description).startswith("Tell us more")


# --- changing an answer ----------------------------------------------------------------------------------
def test_a_change_link_goes_to_the_question_and_back_to_check_your_answers(resident: Resident):
    report_a_pothole(resident)
    assert 'href="/report/pothole/questions/size?return=check"' in resident.body

    change = resident.get("/report/pothole/questions/size?return=check")
    assert checked(change, "size") == ["large"]
    assert 'href="/report/pothole/check"' in change.body  # back to where they came from

    check = resident.answer([("size", "small")])
    assert resident.location == "/report/pothole/check"
    assert "Smaller than a dinner plate" in words(check)


def test_no_step_can_be_skipped(resident: Resident):
    resident.get("/report/pothole")
    page = resident.get("/report/pothole/contact")
    assert resident.location == "/report/pothole/questions/surface" and page.status == 200


def test_starting_again_from_the_service_keeps_the_answers_already_given(resident: Resident):
    report_a_pothole(resident)
    resident.get("/report/pothole")
    assert resident.location == "/report/pothole/check"


# --- errors, on the page and field they are about ----------------------------------------------------------
def error_on(page_path: str, fields: list[tuple[str, str]], resident: Resident):  # noqa: ANN201
    resident.get(page_path)
    return resident.answer(fields)


@pytest.mark.parametrize(
    ("path", "fields", "field_id", "message"),
    [
        ("/report/pothole/questions/surface", [], "surface", "Select an answer"),
        ("/report/pothole/questions/size", [("size", "enormous")], "size", "Select from the answers listed"),
        (
            "/report/pothole/questions/depth_cm",
            [("depth_cm", "deep")],
            "depth_cm",
            "Enter a number, like 2 or 1.5",
        ),
        (
            "/report/pothole/location",
            [("text", ""), ("lat", ""), ("long", "")],
            "location",
            "Enter where the problem is, or its latitude and longitude",
        ),
        (
            "/report/pothole/location",
            [("lat", OUTSIDE[0]), ("long", OUTSIDE[1])],
            "lat",
            "That place is outside the area",
        ),
        (
            "/report/pothole/location",
            [("lat", "north"), ("long", INSIDE[1])],
            "lat",
            "Enter the latitude as a number, like 52.6369",
        ),
        (
            "/report/pothole/location",
            [("lat", INSIDE[0])],
            "long",
            "Enter the longitude as well as the latitude",
        ),
        (
            "/report/pothole/description",
            [("description", "x" * 4001)],
            "description",
            "Your description must be 4,000 characters or fewer",
        ),
        (
            "/report/pothole/contact",
            [("email", "ada-at-example")],
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "/report/pothole/contact",
            [("phone", "call me")],
            "phone",
            "Enter a phone number, like 01632 960 001",
        ),
        (
            "/report/pothole/contact",
            [("updates", "yes")],
            "email",
            "Enter an email address or a mobile number to get updates",
        ),
        (
            "/report/pothole/contact",
            [("phone", "01632 960 001"), ("updates", "yes")],
            "phone",
            "Enter a UK mobile number to get updates by text, or an email address",
        ),
    ],
)
def test_a_bad_answer_shows_the_summary_and_the_inline_error_and_keeps_what_was_typed(
    resident: Resident, path: str, fields: list[tuple[str, str]], field_id: str, message: str
):
    report_a_pothole(resident)

    page = error_on(path, fields, resident)

    assert page.status == 200 and resident.location == path
    assert title(page).startswith("Error: ")
    summary = error_summary(page)
    assert summary and summary[0][0] == f"#{field_id}" and summary[0][1].startswith(message)
    assert (inline_error(page, field_id) or "").startswith(message)
    for name, value in fields:
        if value and name not in ("surface", "size", "updates"):
            shown = {"text": "location", "first-name": "first-name"}.get(name, name)
            assert field_value(page, shown) == value, name


def test_a_required_question_left_empty_is_an_error_for_each_datatype(resident: Resident):
    for start, path, field_id, message in [
        (
            "/report/bulky_waste",
            "/report/bulky_waste/questions/item_types",
            "item_types",
            "Select at least one answer",
        ),
        (
            "/report/garden_waste_renewal",
            "/report/garden_waste_renewal/questions/number_of_bins",
            "number_of_bins",
            "Enter a number",
        ),
        (
            "/report/noise_complaint",
            "/report/noise_complaint/questions/noise_type",
            "noise_type",
            "Select an answer",
        ),
        (
            "/report/abandoned_vehicle",
            "/report/abandoned_vehicle/questions/registration",
            "registration",
            None,
        ),
    ]:
        resident.get(start)
        page = resident.answer([])
        if message is None:  # an optional question: on to the next
            assert error_summary(page) == []
            page = resident.answer([])
            assert error_summary(page) == [("#make", "Enter an answer")]
            continue
        assert resident.location == path
        assert error_summary(page) == [(f"#{field_id}", message)]


@pytest.mark.parametrize(
    ("day", "month", "year", "field_id", "message"),
    [
        ("31", "2", "2026", "collection_date-day", "The date must be a real date"),
        ("", "2", "2026", "collection_date-day", "The date must include a day"),
        ("1", "", "", "collection_date-month", "The date must include a month and a year"),
        ("1", "2", "26", "collection_date-year", "The year must be 4 numbers"),
        ("1", "Smarch", "2026", "collection_date-day", "The date must be a real date"),
    ],
)
def test_a_bad_date_is_an_error_on_the_date_keeping_each_part(
    resident: Resident, day: str, month: str, year: str, field_id: str, message: str
):
    resident.get("/report/missed_bin")
    resident.answer([("bin_type", "general")])
    resident.answer([("bin_out_by", "yes")])
    page = resident.answer(
        [("collection_date-day", day), ("collection_date-month", month), ("collection_date-year", year)]
    )
    assert error_summary(page)[0][0] == f"#{field_id}"
    assert error_summary(page)[0][1].startswith(message)
    assert (inline_error(page, "collection_date") or "").startswith(message)
    assert [field_value(page, f"collection_date-{part}") for part in ("day", "month", "year")] == [
        day,
        month,
        year,
    ]


def test_what_only_the_domain_refuses_comes_back_on_its_own_page_when_sending(resident: Resident):
    report_a_pothole(resident)
    resident.get("/report/pothole/description?return=check")
    resident.answer([("description", "A <b>deep</b> pothole")])
    assert resident.location == "/report/pothole/check"

    page = resident.answer([])  # send

    assert page.status == 200 and title(page).startswith("Error: Describe the problem")
    assert error_summary(page) == [("#description", "Description must be plain text, without HTML")]
    assert field_value(page, "description") == "A <b>deep</b> pothole"
    fixed = resident.answer([("description", "A deep pothole")])
    assert resident.location == "/report/pothole/check" and title(fixed).startswith("Check your answers")


def test_control_characters_in_an_answer_are_refused_on_that_question(resident: Resident):
    resident.get("/report/abandoned_vehicle")
    resident.answer([("registration", "AB12\x07CDE")])
    resident.answer([("make", "Ford")])
    resident.answer([("colour", "Red")])
    resident.answer([])
    resident.answer([("first_seen-day", ""), ("first_seen-month", ""), ("first_seen-year", "")])
    resident.answer([("lat", INSIDE[0]), ("long", INSIDE[1])])
    resident.answer([("description", "")])
    resident.answer([])

    page = resident.answer([])  # send

    assert error_summary(page) == [
        ("#registration", "The report contains control characters, which are not allowed")
    ]
    assert "What is the vehicle's registration?" in title(page)


# --- CSRF and expiry ---------------------------------------------------------------------------------------
def test_a_post_without_the_right_csrf_token_is_refused_with_the_400_page(resident: Resident):
    resident.get("/report/pothole")

    page = resident.post(
        "/report/pothole/questions/surface", [("surface", "road")], token="forged-" + "x" * 36
    )

    assert page.status == 400 and "Sorry, there is a problem" in words(page)
    assert resident.get("/report/pothole/questions/size").status == 200
    assert resident.location == "/report/pothole/questions/surface"  # the answer was not kept


def test_answers_that_have_expired_give_a_kind_start_again_page(resident: Resident):
    report_a_pothole(resident)
    token = resident.csrf_token()
    store = DynamoFormSessionStore()
    session = store.load(resident.cookies["fd_session"], datetime.now(UTC))
    assert session is not None
    store.save(session, datetime.now(UTC) - timedelta(hours=2))  # an hour and more without a change

    shown = resident.get("/report/pothole/contact")
    sent = resident.post("/report/pothole/check", [], token=token)

    for page, status in ((shown, 200), (sent, 400)):
        assert page.status == status
        assert title(page).startswith("Sorry, you need to start again")
        assert "has not been sent" in words(page) and 'href="/report/pothole"' in page.body
    assert pothole_reports_today() == 0


def test_a_journey_page_without_any_session_offers_to_start_again(resident: Resident):
    page = resident.get("/report/pothole/check")
    assert page.status == 200 and title(page).startswith("Sorry, you need to start again")
    assert "fd_session" not in resident.cookies


# --- weight ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/report", "/report/telecare", "/track"])
def test_pages_travel_gzipped_when_the_browser_accepts_it(site: Visit, path: str):
    """The site function answers plain HTML; the REST API (here make run's gateway, as in AWS)
    gzips it for a browser that accepts gzip."""
    import gzip

    from functions.site.handler import lambda_handler
    from local.gateway import answer_from_proxy_response, build_proxy_event, compressed_as_api_gateway_does
    from local.lambda_context import FakeLambdaContext

    event = build_proxy_event("GET", path, [("Host", "127.0.0.1:8080")], b"", resource="/{proxy+}")
    page = answer_from_proxy_response(lambda_handler(event, FakeLambdaContext(function_name="site")))
    assert "content-encoding" not in {name.lower() for name, _ in page.headers}

    assert compressed_as_api_gateway_does(page, None) == page
    travelled = compressed_as_api_gateway_does(page, "gzip, deflate, br")
    assert ("Content-Encoding", "gzip") in travelled.headers
    assert gzip.decompress(travelled.body) == page.body
    assert len(travelled.body) < len(page.body) / 3


def renew_garden_waste(resident: Resident, reference: str = "GW123456") -> None:
    resident.get("/report/garden_waste_renewal")
    resident.answer([("number_of_bins", "2")])
    resident.answer([("subscription_reference", reference)])
    resident.answer([])  # no address: the subscription reference stands in
    resident.answer([])  # nothing more to tell
    resident.answer([])  # no contact details


def test_a_renewal_paid_by_a_secure_link_offers_to_pay_once_sent(resident: Resident):
    renew_garden_waste(resident)
    confirmation = resident.answer([])

    reference = field_text_of_reference(confirmation.body)
    assert "We start once you have paid." in words(confirmation)
    assert f'href="https://pay.example.invalid/garden-waste/{reference}"' in confirmation.body
    assert the_case(reference).status_notes == "Awaiting payment"


def test_taking_out_the_reference_that_stood_in_for_the_address_asks_for_the_address(resident: Resident):
    renew_garden_waste(resident)
    resident.get("/report/garden_waste_renewal/questions/subscription_reference?return=check")
    resident.answer([("subscription_reference", "")])
    assert resident.location == "/report/garden_waste_renewal/check"

    page = resident.answer([])  # send

    assert error_summary(page) == [("#address-line1", "Enter the first line of your address")]
    assert title(page).startswith("Error: What is your address?")
    resident.answer([("address-line1", "12 High Street"), ("address-postcode", "AB1 2CD")])
    assert resident.location == "/report/garden_waste_renewal/check"


def test_a_service_no_longer_taken_online_when_sending_says_so_on_check_your_answers(
    resident: Resident, monkeypatch: pytest.MonkeyPatch
):
    from frontdoor.cases.errors import NotOfferedOnChannel
    from frontdoor.cases.service import CaseService

    report_a_pothole(resident)

    def withdrawn(self: CaseService, report: object) -> None:
        raise NotOfferedOnChannel("Report a pothole is not taken online.", "service_code")

    monkeypatch.setattr(CaseService, "file", withdrawn)
    page = resident.answer([])

    assert resident.location == "/report/pothole/check" and page.status == 200
    assert error_summary(page) == [("#answers", "Report a pothole is not taken online")]
