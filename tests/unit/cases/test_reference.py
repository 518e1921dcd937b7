from hypothesis import given
from hypothesis import strategies as st

from frontdoor.cases.reference import LENGTH, check_digit, is_valid, new_reference

bodies = st.text(alphabet="0123456789", min_size=8, max_size=8)


def test_new_references_are_digits_only_and_valid() -> None:
    for _ in range(200):
        reference = new_reference()
        assert len(reference) == LENGTH and reference.isdigit() and reference[0] != "0"
        assert is_valid(reference)


@given(bodies, st.integers(0, 8), st.integers(1, 9))
def test_any_single_mistyped_digit_is_caught(body: str, position: int, change: int) -> None:
    reference = body + check_digit(body)
    typo = reference[:position] + str((int(reference[position]) + change) % 10) + reference[position + 1 :]
    assert not is_valid(typo)


@given(bodies, st.integers(0, 7))
def test_any_swap_of_adjacent_digits_is_caught(body: str, position: int) -> None:
    reference = body + check_digit(body)
    swapped = reference[:position] + reference[position + 1] + reference[position] + reference[position + 2 :]
    if swapped != reference:
        assert not is_valid(swapped)


def test_wrong_length_and_non_digits_are_not_references() -> None:
    assert not is_valid("")
    assert not is_valid("12345")
    assert not is_valid("١٢٣٤٥٦٧٨٩")  # Arabic-Indic digits are digits to str.isdigit, not to a keypad
    assert not is_valid("12345678a")
