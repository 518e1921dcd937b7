"""The automated line on in-memory stores: what each Connect-invoked function answers, and does."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.cases.model import AWAITING_PAYMENT_NOTE, Location, NewReport, Reporter
from frontdoor.cases.service import CaseService
from frontdoor.catalogue import default_catalogue
from frontdoor.contacts.automated_line import FALLBACKS, AutomatedLine
from frontdoor.contacts.links import Links, NotConfigured
from frontdoor.contacts.model import CallerProfile
from frontdoor.contacts.phone import CallerKeys
from frontdoor.geo.wards import default_wards
from tests.unit.cases.fakes import InMemoryCaseRepository
from tests.unit.contacts.fakes import InMemoryContactRepository, OnceFiler, RecordingTexts

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday
MOBILE = "+447700900456"
KEYS = CallerKeys("unit-test-salt-0123456789")
# The keys each function answers with: the contract the flows read as $.External.<key>.
CONTRACT = {
    "identify_caller": {"outcome", "known", "priority", "open_cases", "case_reference", "case_speech"},
    "case_status": {"outcome", "speech", "status", "expected"},
    "garden_waste_renewal": {"outcome", "reference", "speech"},
    "record_survey": {"outcome"},
    "send_link": {"outcome", "speech"},
}
POTHOLE = NewReport(
    service_code="pothole",
    channel="phone",
    location=Location(lat=52.6369, long=-1.1398),
    answers={"surface": ["road"], "size": ["large"]},
    reporter=Reporter(phone="07700 900456"),
)
CARE = NewReport(
    service_code="adult_social_care",
    channel="phone",
    location=Location(address="1 High Street"),
    answers={"who_needs_support": ["me"], "support_needed": ["Help getting dressed"]},
    reporter=Reporter(phone=MOBILE),
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def store() -> InMemoryCaseRepository:
    return InMemoryCaseRepository()


@pytest.fixture
def cases(store: InMemoryCaseRepository, clock: Clock) -> CaseService:
    return CaseService(
        default_catalogue(), default_wards(), store, timedelta(days=365), 50, clock=clock, caller_keys=KEYS
    )


@pytest.fixture
def contacts(store: InMemoryCaseRepository) -> InMemoryContactRepository:
    return InMemoryContactRepository(store)


@pytest.fixture
def texts() -> RecordingTexts:
    return RecordingTexts()


@pytest.fixture
def line(
    cases: CaseService, contacts: InMemoryContactRepository, texts: RecordingTexts, clock: Clock
) -> AutomatedLine:
    return AutomatedLine(
        cases=cases,
        contacts=contacts,
        texts=lambda: texts,
        caller_keys=KEYS,
        links=Links("https://www.example.gov.uk", "https://pay.example.gov.uk/garden-waste/"),
        council_name="Example Council",
        clock=clock,
    )


@pytest.fixture
def file_once(cases: CaseService) -> OnceFiler:
    return OnceFiler(cases)


# --- identify_caller ----------------------------------------------------------------------------
def test_a_withheld_number_is_a_stranger(line: AutomatedLine) -> None:
    assert line.identify_caller("anonymous") == {
        "outcome": "ok",
        "known": "false",
        "priority": "false",
        "open_cases": "0",
        "case_reference": "",
        "case_speech": "",
    }


def test_a_caller_with_an_open_case_hears_it_whatever_form_their_number_took(
    line: AutomatedLine, cases: CaseService
) -> None:
    filed = cases.file(POTHOLE)  # reported as "07700 900456"; Connect says "+447700900456"

    answer = line.identify_caller(MOBILE)

    assert answer["known"] == "true" and answer["priority"] == "false"
    assert answer["open_cases"] == "1" and answer["case_reference"] == filed.reference
    assert answer["case_speech"].startswith("Case ")
    assert (
        "Report a pothole. Status: received. We expect to finish by Friday 18 December."
        in answer["case_speech"]
    )


def test_a_chat_gets_the_case_written_with_its_reference_as_one_number(
    line: AutomatedLine, cases: CaseService
) -> None:
    filed = cases.file(POTHOLE)

    answer = line.identify_caller(MOBILE, "chat")

    assert answer["case_speech"].startswith(f"Case {filed.reference}: Report a pothole.")


def test_the_latest_open_case_is_the_one_read_back_and_closed_ones_are_not_counted(
    line: AutomatedLine, cases: CaseService, store: InMemoryCaseRepository, clock: Clock
) -> None:
    first = cases.file(POTHOLE)
    clock.now = NOW + timedelta(hours=1)
    second = cases.file(replace(POTHOLE, location=Location(lat=52.64, long=-1.13)))
    clock.now = NOW + timedelta(hours=2)
    closed = cases.file(replace(POTHOLE, location=Location(lat=52.645, long=-1.12)))
    store.cases[closed.reference] = replace(store.cases[closed.reference], status="fixed")

    answer = line.identify_caller(MOBILE)

    assert answer["open_cases"] == "2"
    assert answer["case_reference"] == second.reference != first.reference


def test_a_caller_staff_flagged_as_vulnerable_comes_first(
    line: AutomatedLine, contacts: InMemoryContactRepository
) -> None:
    contacts.save_profile(KEYS.for_e164(MOBILE), CallerProfile(priority=True, reason="vulnerable_adult"), NOW)

    answer = line.identify_caller("07700 900456")

    assert (answer["known"], answer["priority"], answer["open_cases"]) == ("true", "true", "0")


def test_a_caller_with_an_open_case_of_a_priority_service_comes_first(
    line: AutomatedLine, cases: CaseService
) -> None:
    cases.file(CARE)  # adult social care is a priority service in the catalogue

    answer = line.identify_caller(MOBILE)

    assert answer["priority"] == "true"
    assert "Ask for help from adult social care" in answer["case_speech"]


def test_a_closed_priority_case_no_longer_puts_the_caller_first(
    line: AutomatedLine, cases: CaseService, store: InMemoryCaseRepository
) -> None:
    filed = cases.file(CARE)
    store.cases[filed.reference] = replace(store.cases[filed.reference], status="fixed")

    answer = line.identify_caller(MOBILE)

    assert (answer["known"], answer["priority"], answer["open_cases"]) == ("true", "false", "0")


def test_once_personal_data_has_expired_the_caller_is_not_known(
    line: AutomatedLine, cases: CaseService, clock: Clock
) -> None:
    cases.file(POTHOLE)
    clock.now = NOW + timedelta(days=366)

    assert line.identify_caller(MOBILE)["known"] == "false"


def test_a_case_whose_item_is_missing_is_left_out(
    line: AutomatedLine, cases: CaseService, store: InMemoryCaseRepository
) -> None:
    filed = cases.file(POTHOLE)
    del store.cases[filed.reference]

    answer = line.identify_caller(MOBILE)

    assert (answer["outcome"], answer["known"], answer["open_cases"]) == ("ok", "true", "0")


# --- case_status --------------------------------------------------------------------------------
def test_a_keyed_reference_reads_back_status_and_expected_date(
    line: AutomatedLine, cases: CaseService
) -> None:
    filed = cases.file(POTHOLE)
    keyed = f"{filed.reference[:4]} {filed.reference[4:]}#"

    answer = line.case_status(keyed)

    assert answer["outcome"] == "ok" and answer["status"] == "open"
    assert answer["expected"] == "Friday 18 December"
    assert answer["speech"].endswith(
        "Report a pothole. Status: received. We expect to finish by Friday 18 December."
    )


def test_a_mistyped_digit_is_caught_before_any_lookup(line: AutomatedLine, cases: CaseService) -> None:
    filed = cases.file(POTHOLE)
    wrong = filed.reference[:-1] + str((int(filed.reference[-1]) + 1) % 10)

    answer = line.case_status(wrong)

    spoken = f"{' '.join(wrong[:4])}, {' '.join(wrong[4:8])}, {wrong[8]}"
    assert answer == {
        "outcome": "not_found",
        "speech": f"The reference {spoken} does not look right. Please check it.",
        "status": "",
        "expected": "",
    }


@pytest.mark.parametrize("keyed", ["", "#", "12345", "1234567890", "abcdefghi", "12345678x"])
def test_what_is_not_nine_digits_is_not_found_and_says_why(line: AutomatedLine, keyed: str) -> None:
    answer = line.case_status(keyed)
    assert answer["outcome"] == "not_found"
    assert answer["speech"] == "A case reference has 9 digits. Please check it."


def test_a_good_reference_of_no_case_is_not_found(line: AutomatedLine) -> None:
    answer = line.case_status("482019371")
    assert (answer["outcome"], answer["speech"]) == (
        "not_found",
        "We could not find a case with the reference 4 8 2 0, 1 9 3 7, 1.",
    )


# --- garden_waste_renewal -------------------------------------------------------------------------
def test_a_renewal_is_filed_awaiting_payment_and_the_link_is_texted(
    line: AutomatedLine, cases: CaseService, texts: RecordingTexts, file_once: OnceFiler
) -> None:
    answer = line.renew_garden_waste("contact-1", MOBILE, "123456#", "2", file_once)

    assert answer["outcome"] == "ok"
    case = cases.get(answer["reference"])
    assert (case.service_code, case.channel, case.status) == ("garden_waste_renewal", "phone", "open")
    assert case.status_notes == AWAITING_PAYMENT_NOTE
    assert [u.description for u in cases.history(case.reference)] == [AWAITING_PAYMENT_NOTE]
    assert case.answers == {"number_of_bins": "2"}  # the subscription reference is the resident's
    assert cases.repository.reporter(case.reference, NOW).answers == {"subscription_reference": "GW123456"}  # type: ignore[union-attr]
    [(to, body)] = texts.sent
    assert to == MOBILE
    assert f"https://pay.example.gov.uk/garden-waste/{case.reference}" in body
    assert "awaiting payment" in answer["speech"] and "card details" in answer["speech"]


def test_a_retried_renewal_files_nothing_more(
    line: AutomatedLine, store: InMemoryCaseRepository, file_once: OnceFiler
) -> None:
    first = line.renew_garden_waste("contact-1", MOBILE, "123456", "2", file_once)
    again = line.renew_garden_waste("contact-1", MOBILE, "123456", "2", file_once)

    assert again["reference"] == first["reference"]
    assert len(store.cases) == 1


def test_the_renewed_case_is_then_known_on_the_callers_number(
    line: AutomatedLine, file_once: OnceFiler
) -> None:
    renewed = line.renew_garden_waste("contact-1", MOBILE, "123456", "1", file_once)

    answer = line.identify_caller(MOBILE)

    assert answer["case_reference"] == renewed["reference"]
    assert "Renew your garden waste subscription. Status: awaiting payment." in answer["case_speech"]


@pytest.mark.parametrize(
    ("subscription", "bins", "says"),
    [
        ("12345", "1", "6 digits after G W"),
        ("1234567", "1", "6 digits after G W"),
        ("GW1234", "1", "6 digits after G W"),
        ("", "1", "6 digits after G W"),
        ("123456", "0", "from 1 to 3 bins"),
        ("123456", "4", "from 1 to 3 bins"),
        ("123456", "", "from 1 to 3 bins"),
        ("123456", "12", "from 1 to 3 bins"),
    ],
)
def test_a_bad_entry_is_invalid_and_files_nothing(
    line: AutomatedLine,
    store: InMemoryCaseRepository,
    file_once: OnceFiler,
    subscription: str,
    bins: str,
    says: str,
) -> None:
    answer = line.renew_garden_waste("contact-1", MOBILE, subscription, bins, file_once)

    assert (answer["outcome"], answer["reference"]) == ("invalid", "")
    assert says in answer["speech"]
    assert store.cases == {}


@pytest.mark.parametrize("number", [None, "anonymous", "+441164960123", "+14155550100"])
def test_without_a_mobile_to_text_the_link_nothing_is_filed(
    line: AutomatedLine, store: InMemoryCaseRepository, file_once: OnceFiler, number: str | None
) -> None:
    answer = line.renew_garden_waste("contact-1", number, "123456", "1", file_once)

    assert (answer["outcome"], answer["reference"]) == ("no_number", "")
    assert store.cases == {}


def test_when_the_text_fails_the_caller_goes_to_an_advisor_with_the_reference(
    line: AutomatedLine, texts: RecordingTexts, file_once: OnceFiler
) -> None:
    texts.refuse_with = "ThrottlingException"

    answer = line.renew_garden_waste("contact-1", MOBILE, "123456", "1", file_once)

    assert answer["outcome"] == "advisor"
    assert answer["reference"] and "could not text you the payment link" in answer["speech"]


def test_without_a_payment_page_nothing_is_filed(
    cases: CaseService, contacts: InMemoryContactRepository, texts: RecordingTexts, file_once: OnceFiler
) -> None:
    line = AutomatedLine(
        cases, contacts, lambda: texts, KEYS, Links("https://www.example.gov.uk", None), "Council"
    )

    with pytest.raises(NotConfigured) as raised:
        line.renew_garden_waste("contact-1", MOBILE, "123456", "1", file_once)

    assert raised.value.code == "PAYMENT_LINK_BASE_URL"
    assert file_once.filed == {}


# --- record_survey ------------------------------------------------------------------------------
def test_a_survey_score_is_kept_against_the_contact_with_channel_and_time(
    line: AutomatedLine, contacts: InMemoryContactRepository
) -> None:
    assert line.record_survey("contact-1", "phone", "4", None) == {"outcome": "ok"}
    assert line.record_survey("contact-1", "phone", "5#", "resolved") == {"outcome": "ok"}

    kept = contacts.surveys[("contact-1", "satisfaction")]
    assert (kept.score, kept.channel, kept.answered_at) == (4, "phone", NOW)
    assert contacts.surveys[("contact-1", "resolved")].score == 5


@pytest.mark.parametrize(
    ("score", "question"),
    [("0", None), ("6", None), ("", None), ("45", None), ("x", None), ("3", "Free text?")],
)
def test_a_score_outside_1_to_5_or_an_odd_question_is_invalid(
    line: AutomatedLine, contacts: InMemoryContactRepository, score: str, question: str | None
) -> None:
    assert line.record_survey("contact-1", "phone", score, question) == {"outcome": "invalid"}
    assert contacts.surveys == {}


# --- send_link ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("topic", "reference", "link"),
    [
        ("pothole", None, "https://www.example.gov.uk/report/pothole"),
        ("report", None, "https://www.example.gov.uk/report"),
        ("track", "482019371", "https://www.example.gov.uk/track/482019371"),
        ("track", "4820 1937 1#", "https://www.example.gov.uk/track/482019371"),
        ("track", "482019372", "https://www.example.gov.uk/track"),  # a bad check digit: no case in the link
        ("track", None, "https://www.example.gov.uk/track"),
    ],
)
def test_a_link_to_do_it_online_is_texted(
    line: AutomatedLine, texts: RecordingTexts, topic: str, reference: str | None, link: str
) -> None:
    answer = line.send_link(MOBILE, topic, reference)

    assert answer == {"outcome": "ok", "speech": "We have sent you a text with the link."}
    [(to, body)] = texts.sent
    assert to == MOBILE and body.startswith("Example Council: ") and body.endswith(f" online at {link}")


@pytest.mark.parametrize("topic", ["telecare", "no_such_service", "", None])
def test_what_cannot_be_done_online_goes_to_an_advisor(
    line: AutomatedLine, texts: RecordingTexts, topic: str | None
) -> None:
    assert line.send_link(MOBILE, topic, None)["outcome"] == "advisor"
    assert texts.sent == []


def test_no_mobile_no_text(line: AutomatedLine, texts: RecordingTexts) -> None:
    assert line.send_link("+441164960123", "pothole", None)["outcome"] == "no_number"
    assert texts.sent == []


def test_a_refused_text_goes_to_an_advisor(line: AutomatedLine, texts: RecordingTexts) -> None:
    texts.refuse_with = "ValidationException"
    assert line.send_link(MOBILE, "pothole", None)["outcome"] == "advisor"


def test_without_the_sites_address_there_is_no_link(
    cases: CaseService, contacts: InMemoryContactRepository, texts: RecordingTexts
) -> None:
    line = AutomatedLine(cases, contacts, lambda: texts, KEYS, Links(None, None), "Council")
    with pytest.raises(NotConfigured):
        line.send_link(MOBILE, "pothole", None)


# --- the contract -------------------------------------------------------------------------------
def test_every_answer_of_a_function_has_the_same_keys_fallback_included(
    line: AutomatedLine, cases: CaseService, file_once: OnceFiler, texts: RecordingTexts
) -> None:
    filed = cases.file(POTHOLE)
    answers = {
        "identify_caller": [line.identify_caller(MOBILE), line.identify_caller(None)],
        "case_status": [
            line.case_status(filed.reference),
            line.case_status("1"),
            line.case_status("482019371"),
        ],
        "garden_waste_renewal": [
            line.renew_garden_waste("c-1", MOBILE, "123456", "1", file_once),
            line.renew_garden_waste("c-2", MOBILE, "1", "1", file_once),
            line.renew_garden_waste("c-3", None, "123456", "1", file_once),
        ],
        "record_survey": [
            line.record_survey("c-1", "chat", "5", None),
            line.record_survey("c-1", "chat", "9", None),
        ],
        "send_link": [line.send_link(MOBILE, "pothole", None), line.send_link(None, "pothole", None)],
    }
    for key, given in answers.items():
        for answer in [*given, FALLBACKS[key]]:
            assert set(answer) == CONTRACT[key], key
            assert all(isinstance(value, str) for value in answer.values())
    assert set(FALLBACKS) == set(CONTRACT)
    assert all(fallback["outcome"] == "advisor" for fallback in FALLBACKS.values())
