"""The state machine, pair by pair: every status to every status, with and without a public note."""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontdoor.backoffice.errors import IllegalTransition, InvalidChange
from frontdoor.backoffice.transitions import check_link, check_merge, checked_note, status_change
from frontdoor.cases.model import ALL_STATUSES, Case, Location
from tests.unit.backoffice.conftest import START

# Rows: from; columns: to, in ALL_STATUSES order (open, investigating, in_progress,
# action_scheduled, fixed, duplicate, not_councils_responsibility, no_further_action,
# internal_referral). N add_note (same status), C change_status, R reopen_case, P change_status
# only with a public note, M only by merging, X refused (a merged case stays closed).
TABLE = {
    "open":                        "N C C C P M P P P",
    "investigating":               "C N C C P M P P P",
    "in_progress":                 "C C N C P M P P P",
    "action_scheduled":            "C C C N P M P P P",
    "fixed":                       "R R R R N M P P P",
    "duplicate":                   "X X X X X N X X X",
    "not_councils_responsibility": "R R R R P M N P P",
    "no_further_action":           "R R R R P M P N P",
    "internal_referral":           "R R R R P M P P N",
}  # fmt: skip
PAIRS = [
    (source, target, code)
    for source, row in TABLE.items()
    for target, code in zip(ALL_STATUSES, row.split(), strict=True)
]


def case(status: str, reference: str = "100000001") -> Case:
    return Case(
        reference=reference,
        service_code="pothole",
        status=status,  # type: ignore[arg-type]
        description="",
        location=Location(),
        channel="web",
        answers={},
        requested_at=START,
        updated_at=START,
        expected_at=START,
        duplicate_of="100000019" if status == "duplicate" else None,
    )


def test_the_table_covers_every_pair() -> None:
    assert list(TABLE) == list(ALL_STATUSES) and len(PAIRS) == len(ALL_STATUSES) ** 2


@pytest.mark.parametrize(("source", "target", "code"), PAIRS)
def test_with_a_public_note(source: str, target: str, code: str) -> None:
    expected = {"N": "add_note", "C": "change_status", "R": "reopen_case", "P": "change_status"}
    if code in "MX":
        with pytest.raises(IllegalTransition):
            status_change(case(source), target, "We have been out to look.", None)  # type: ignore[arg-type]
    else:
        assert status_change(case(source), target, "We have been out to look.", None) == expected[code]  # type: ignore[arg-type]


@pytest.mark.parametrize(("source", "target", "code"), PAIRS)
def test_with_only_an_internal_note(source: str, target: str, code: str) -> None:
    expected = {"N": "add_note", "C": "change_status", "R": "reopen_case"}
    if code in "PMX":
        with pytest.raises(IllegalTransition):
            status_change(case(source), target, None, "crew booked")  # type: ignore[arg-type]
    else:
        assert status_change(case(source), target, None, "crew booked") == expected[code]  # type: ignore[arg-type]


def test_closing_without_a_public_note_says_why_it_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="public note") as refused:
        status_change(case("open"), "fixed", None, None)
    assert refused.value.field == "public_note"


def test_reopening_a_merged_case_names_the_case_to_update_instead() -> None:
    with pytest.raises(IllegalTransition, match="merged into case 100000019"):
        status_change(case("duplicate"), "open", "Reopened", None)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_the_same_status_and_no_note_is_nothing_to_change(status: str) -> None:
    with pytest.raises(InvalidChange, match="Nothing to change"):
        status_change(case(status), None, None, None)


def test_an_unknown_status_is_refused_as_bad_input() -> None:
    with pytest.raises(InvalidChange, match="status must be one of open, investigating"):
        status_change(case("open"), "resolved", "note", None)  # type: ignore[arg-type]


def test_merge_needs_two_different_open_cases() -> None:
    check_merge(case("open", "100000001"), case("in_progress", "100000019"))
    with pytest.raises(IllegalTransition, match="into itself"):
        check_merge(case("open"), case("open"))
    with pytest.raises(IllegalTransition, match="is closed"):
        check_merge(case("open", "100000001"), case("fixed", "100000019"))
    with pytest.raises(IllegalTransition, match="already closed"):
        check_merge(case("fixed", "100000001"), case("open", "100000019"))


def test_a_case_is_not_linked_to_itself() -> None:
    check_link(case("open", "100000001"), case("fixed", "100000019"))  # closed cases may be linked
    with pytest.raises(IllegalTransition):
        check_link(case("open"), replace(case("open"), status="fixed"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [("x" * 2001, "at most 2000"), ("<b>fixed</b>", "plain text"), ("fixed\x00", "plain text")],
)
def test_notes_are_plain_text_of_bounded_length(text: str, problem: str) -> None:
    with pytest.raises(InvalidChange, match=problem):
        checked_note(text, "public_note", 2000)


def test_a_blank_note_is_no_note() -> None:
    assert checked_note("   ", "public_note", 2000) is None
    assert checked_note("  Filled in.  ", "public_note", 2000) == "Filled in."
