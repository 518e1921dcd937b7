"""What a text-to-speech voice reads: references digit by digit, dates on the council's clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from frontdoor.cases.model import AWAITING_PAYMENT_NOTE, Case, Location
from frontdoor.contacts.keypad import is_digits, keyed_digits
from frontdoor.contacts.speech import (
    STATUS_WORDS,
    case_summary,
    expected_words,
    speakable_date,
    speakable_reference,
    status_words,
)

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday
CASE = Case(
    reference="123456789",
    service_code="pothole",
    status="in_progress",
    description="",
    location=Location(lat=52.6369, long=-1.1398),
    channel="phone",
    answers={},
    requested_at=NOW - timedelta(days=5),
    updated_at=NOW,
    expected_at=datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
)


def test_the_summary_reads_as_a_caller_would_hear_it() -> None:
    assert case_summary(CASE, "Report a pothole", NOW) == (
        "Case 1 2 3 4, 5 6 7 8, 9: Report a pothole. Status: in progress."
        " We expect to finish by Friday 27 November."
    )


def test_a_chat_shows_the_reference_as_one_number_to_copy() -> None:
    assert case_summary(CASE, "Report a pothole", NOW, written=True).startswith(
        "Case 123456789: Report a pothole. Status: in progress."
    )


def test_references_are_spoken_digit_by_digit_in_fours() -> None:
    assert speakable_reference("123456789") == "1 2 3 4, 5 6 7 8, 9"
    assert speakable_reference("1234") == "1 2 3 4"


def test_dates_are_the_councils_calendar_date_not_utcs() -> None:
    # 23:30 UTC on Friday 26 June is 00:30 on Saturday 27 June in London (British Summer Time).
    assert speakable_date(datetime(2026, 6, 26, 23, 30, tzinfo=UTC), date(2026, 6, 1)) == "Saturday 27 June"
    # In winter London is on UTC.
    assert speakable_date(datetime(2026, 12, 4, 23, 30, tzinfo=UTC), date(2026, 6, 1)) == "Friday 4 December"


def test_the_year_is_said_only_when_it_is_not_this_one() -> None:
    assert (
        speakable_date(datetime(2027, 1, 8, 9, 0, tzinfo=UTC), date(2026, 12, 30)) == "Friday 8 January 2027"
    )


def test_a_case_past_its_expected_date_says_sorry() -> None:
    late = replace(CASE, expected_at=NOW - timedelta(days=2))
    assert case_summary(late, "Report a pothole", NOW).endswith(
        "We expected to finish by Wednesday 18 November; we are sorry it is taking longer."
    )


def test_a_closed_case_expects_nothing() -> None:
    fixed = replace(CASE, status="fixed")

    assert expected_words(fixed, NOW) == ""
    assert (
        case_summary(fixed, "Report a pothole", NOW)
        == "Case 1 2 3 4, 5 6 7 8, 9: Report a pothole. Status: done."
    )


def test_every_status_has_words_and_a_renewal_awaiting_payment_says_so() -> None:
    assert all(STATUS_WORDS[status] for status in STATUS_WORDS)
    assert (
        status_words(replace(CASE, status="open", status_notes=AWAITING_PAYMENT_NOTE)) == "awaiting payment"
    )
    assert status_words(replace(CASE, status="open", status_notes="Report received")) == "received"


@pytest.mark.parametrize(
    ("keyed", "digits"),
    [("123456789#", "123456789"), ("1234 5678 9", "123456789"), ("*123#", "123"), (None, "")],
)
def test_keys_that_only_end_or_frame_an_entry_are_dropped(keyed: str | None, digits: str) -> None:
    assert keyed_digits(keyed) == digits


def test_digits_means_ascii_digits_of_the_length_asked() -> None:
    assert is_digits("123456", 6)
    assert not is_digits("12345", 6)
    assert not is_digits("١٢٣٤٥٦", 6)  # Arabic-Indic digits are digits to str.isdigit, not to us
    assert not is_digits("", None)
