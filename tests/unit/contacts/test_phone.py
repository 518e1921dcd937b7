"""Phone numbers: every usual UK form to E.164, withheld numbers to nothing, and caller keys."""

from __future__ import annotations

import pytest

from frontdoor.contacts.phone import CallerKeys, can_receive_texts, normalise_number


@pytest.mark.parametrize(
    "given",
    [
        "07700 900123",
        "07700900123",
        "+447700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "(07700) 900-123",
        " 07700.900.123 ",
    ],
)
def test_every_usual_form_of_a_uk_mobile_is_one_e164_number(given: str) -> None:
    assert normalise_number(given) == "+447700900123"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("0116 496 0123", "+441164960123"),  # a landline
        ("020 7946 0123", "+442079460123"),
        ("+1 415 555 0100", "+14155550100"),  # international numbers stay as they are
        ("+33 1 23 45 67 89", "+33123456789"),
    ],
)
def test_landlines_and_international_numbers_normalise_too(given: str, expected: str) -> None:
    assert normalise_number(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        None,
        "",
        "   ",
        "anonymous",
        "Anonymous",
        "withheld",
        "private",
        "restricted",
        "unknown",
        "unavailable",
    ],
)
def test_withheld_and_anonymous_callers_have_no_number(given: str | None) -> None:
    assert normalise_number(given) is None


@pytest.mark.parametrize(
    "given", ["07700", "0770090012345678", "+0 7700 900123", "447700900123", "call me", "07700 9OO123", "+44"]
)
def test_what_is_not_a_number_has_no_number(given: str) -> None:
    assert normalise_number(given) is None


@pytest.mark.parametrize(
    ("number", "texts"),
    [
        ("+447700900123", True),
        ("+447911123456", True),
        ("+447624123456", True),  # Isle of Man mobiles
        ("+447012345678", False),  # personal numbering
        ("+447623123456", False),  # pagers
        ("+441164960123", False),  # a landline
        ("+14155550100", False),  # the council texts UK mobiles only
    ],
)
def test_only_uk_mobiles_receive_texts(number: str, texts: bool) -> None:
    assert can_receive_texts(number) is texts


def test_a_caller_key_is_the_same_for_every_form_of_the_number_and_never_shows_it() -> None:
    keys = CallerKeys("a-salt-of-sixteen-chars")

    key = keys.for_number("07700 900123")

    assert key == keys.for_number("+44 7700 900123") == keys.for_e164("+447700900123")
    assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)
    assert "7700900123" not in key


def test_another_salt_gives_another_key_and_no_number_gives_none() -> None:
    one, other = CallerKeys("a-salt-of-sixteen-chars"), CallerKeys("another-salt-of-sixteen")

    assert one.for_number("07700900123") != other.for_number("07700900123")
    assert one.for_number("anonymous") is None
    assert one.for_number(None) is None
