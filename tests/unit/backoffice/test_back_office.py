"""Staff working cases: status and notes, teams, urgency, links, merges, logging, lookups; on fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from frontdoor.backoffice.errors import IllegalTransition, InvalidChange, NotAllowed, Unavailable
from frontdoor.backoffice.service import BackOffice, StatusUpdate
from frontdoor.cases.errors import CaseChanged, CaseNotFound, InvalidReport
from frontdoor.cases.model import NewReport, Reporter
from frontdoor.cases.service import CaseService
from tests.unit.backoffice.conftest import (
    ADMIN,
    ADVISOR,
    BACK_OFFICE,
    START,
    SUPERVISOR,
    SYSTEM,
    pothole,
)
from tests.unit.backoffice.fakes import InMemoryStaffStore


def fix(office: BackOffice, reference: str, note: str = "Repaired this morning.") -> None:
    office.update(BACK_OFFICE, reference, StatusUpdate(status="fixed", public_note=note))


# --- status and notes ------------------------------------------------------------------------------
def test_fixing_with_a_public_note_is_what_the_resident_and_open311_see(
    office: BackOffice, cases: CaseService, reference: str
) -> None:
    case = office.update(
        BACK_OFFICE, reference, StatusUpdate("fixed", "Repaired this morning.", "Crew 4, 2 tonnes of tarmac")
    )

    assert case.status == "fixed" and case.status_notes == "Repaired this morning." and case.revision == 1
    public = cases.history(reference)
    assert [(u.status, u.description) for u in public] == [
        ("open", "Report received"),
        ("fixed", "Repaired this morning."),
    ]
    updates = cases.updates_between(START, START + timedelta(days=1))
    assert [u.description for u in updates] == ["Report received", "Repaired this morning."]
    assert "Crew 4" not in repr(public) + repr(updates)


def test_internal_notes_are_kept_for_staff_only(
    office: BackOffice, cases: CaseService, reference: str
) -> None:
    office.update(ADVISOR, reference, StatusUpdate(internal_note="Resident rang again, very upset"))

    assert [u.description for u in cases.history(reference)] == ["Report received"]
    staff_view = office.view(ADVISOR, reference)
    assert [(u.public, u.internal_note) for u in staff_view.history] == [
        (True, None),
        (False, "Resident rang again, very upset"),
    ]
    assert office.get(ADVISOR, reference).status == "open"


def test_a_status_change_without_a_note_tells_the_resident_in_plain_words(
    office: BackOffice, cases: CaseService, reference: str
) -> None:
    office.update(BACK_OFFICE, reference, StatusUpdate(status="in_progress"))
    assert cases.history(reference)[-1].description == "Work on this is in progress."


def test_advisors_add_notes_but_do_not_change_status(office: BackOffice, reference: str) -> None:
    office.update(ADVISOR, reference, StatusUpdate(public_note="We have passed this to the highways team."))
    with pytest.raises(NotAllowed):
        office.update(ADVISOR, reference, StatusUpdate(status="in_progress"))


def test_only_supervisors_reopen_a_closed_case(office: BackOffice, reference: str) -> None:
    fix(office, reference)
    with pytest.raises(NotAllowed, match="reopen"):
        office.update(BACK_OFFICE, reference, StatusUpdate(status="open", public_note="The hole is back."))
    reopened = office.update(
        SUPERVISOR, reference, StatusUpdate(status="open", public_note="The hole is back.")
    )
    assert reopened.is_open


def test_a_refused_change_writes_nothing(
    office: BackOffice, store: InMemoryStaffStore, reference: str
) -> None:
    with pytest.raises(IllegalTransition, match="public note"):
        office.update(BACK_OFFICE, reference, StatusUpdate(status="fixed", internal_note="done"))
    assert store.commits == 0 and store.audit == []
    assert office.get(BACK_OFFICE, reference).revision == 0


def test_changing_a_case_nobody_can_find_is_not_found(office: BackOffice) -> None:
    with pytest.raises(CaseNotFound):
        office.update(BACK_OFFICE, "482019373", StatusUpdate(status="in_progress"))
    with pytest.raises(CaseNotFound):
        office.update(BACK_OFFICE, "not-a-ref", StatusUpdate(status="in_progress"))


def test_a_change_that_crosses_another_is_planned_again_on_the_case_as_it_now_is(
    office: BackOffice, store: InMemoryStaffStore, cases: CaseService, reference: str
) -> None:
    # While the back office is changing the status, a supervisor fixes the case.
    store.meanwhile = lambda: fix(office, reference, "Fixed by the night crew.")
    with pytest.raises(NotAllowed, match="reopen"):  # in progress is now a reopening
        office.update(BACK_OFFICE, reference, StatusUpdate(status="in_progress"))
    assert cases.get(reference).status == "fixed"


def test_a_change_that_keeps_crossing_others_gives_up_with_a_conflict(
    office: BackOffice, store: InMemoryStaffStore, reference: str
) -> None:
    def another_change() -> None:
        case = store.repository.cases[reference]
        store.repository.cases[reference] = replace(case, revision=case.revision + 1)
        store.meanwhile = another_change

    store.meanwhile = another_change
    with pytest.raises(CaseChanged):
        office.mark_urgent(ADVISOR, reference, True)


# --- teams, urgency, links --------------------------------------------------------------------------
def test_a_case_starts_with_its_service_team_and_can_be_assigned_another(
    office: BackOffice, reference: str
) -> None:
    assert office.view(BACK_OFFICE, reference).team == "highways"
    case = office.assign(BACK_OFFICE, reference, "street_scene")
    assert case.team == "street_scene"
    assert (
        office.view(BACK_OFFICE, reference).history[-1].internal_note
        == "Assigned to Street Scene and Cleansing."
    )


def test_assigning_the_team_it_already_has_changes_nothing(
    office: BackOffice, store: InMemoryStaffStore, reference: str
) -> None:
    office.assign(BACK_OFFICE, reference, "highways")
    assert store.commits == 0 and office.get(BACK_OFFICE, reference).revision == 0


def test_only_the_catalogues_teams_take_cases(office: BackOffice, reference: str) -> None:
    with pytest.raises(InvalidChange, match="teams"):
        office.assign(BACK_OFFICE, reference, "the_pub")


def test_urgency_is_flagged_and_unflagged(office: BackOffice, reference: str) -> None:
    assert office.mark_urgent(ADVISOR, reference, True).urgent
    assert not office.mark_urgent(ADVISOR, reference, False).urgent


def test_links_go_both_ways_once(office: BackOffice, cases: CaseService, reference: str) -> None:
    other = cases.file(replace(pothole(), description="Another hole")).reference
    office.link(BACK_OFFICE, reference, other)
    office.link(BACK_OFFICE, other, reference)  # already linked: nothing more
    assert cases.get(reference).linked == (other,) and cases.get(other).linked == (reference,)
    with pytest.raises(IllegalTransition):
        office.link(BACK_OFFICE, reference, reference)


# --- merging -----------------------------------------------------------------------------------------
@pytest.fixture
def two(cases: CaseService, reference: str) -> tuple[str, str]:
    """The first report and a second one of the same pothole (filed as its possible duplicate)."""
    return reference, cases.file(pothole(email="grace@example.com")).reference


def test_a_merged_case_closes_as_duplicate_telling_its_reporter_which_case_to_follow(
    office: BackOffice, cases: CaseService, two: tuple[str, str]
) -> None:
    kept, duplicate = two
    merged = office.merge(BACK_OFFICE, duplicate, kept)

    assert merged.status == "duplicate" and merged.duplicate_of == kept
    told = cases.history(duplicate)[-1]
    assert told.public and told.status == "duplicate" and f"case {kept}" in told.description
    assert merged.linked == (kept,) and cases.get(kept).linked == (duplicate,)
    assert cases.get(kept).is_open
    assert (
        office.view(BACK_OFFICE, kept).history[-1].internal_note
        == f"Case {duplicate} was merged into this case."
    )


def test_a_merged_case_is_never_reopened_nor_merged_again(office: BackOffice, two: tuple[str, str]) -> None:
    kept, duplicate = two
    office.merge(BACK_OFFICE, duplicate, kept)
    with pytest.raises(IllegalTransition, match=f"merged into case {kept}"):
        office.update(SUPERVISOR, duplicate, StatusUpdate(status="open", public_note="Reopened"))
    with pytest.raises(IllegalTransition, match="already closed"):
        office.merge(BACK_OFFICE, duplicate, kept)


def test_merging_into_itself_or_into_a_closed_case_is_refused(
    office: BackOffice, two: tuple[str, str]
) -> None:
    kept, duplicate = two
    with pytest.raises(IllegalTransition, match="itself"):
        office.merge(BACK_OFFICE, kept, kept)
    fix(office, kept)
    with pytest.raises(IllegalTransition, match="is closed"):
        office.merge(BACK_OFFICE, duplicate, kept)


def test_advisors_cannot_merge(office: BackOffice, two: tuple[str, str]) -> None:
    with pytest.raises(NotAllowed):
        office.merge(ADVISOR, two[1], two[0])


# --- logging a case for a resident ---------------------------------------------------------------------
@pytest.mark.parametrize("channel", ["phone", "email", "post", "face_to_face", "social_media"])
def test_a_case_logged_for_a_resident_is_counted_under_the_channel_it_came_through(
    office: BackOffice, cases: CaseService, channel: str
) -> None:
    report = replace(pothole(email="bob@example.com"), channel=channel)  # type: ignore[call-arg]
    filed = office.log_case(ADVISOR, report)
    assert cases.get(filed.reference).channel == channel


@pytest.mark.parametrize("channel", ["web", "open311"])
def test_staff_do_not_log_cases_as_if_residents_had_reported_online(office: BackOffice, channel: str) -> None:
    with pytest.raises(InvalidChange, match="channel"):
        office.log_case(ADVISOR, replace(pothole(), channel=channel))  # type: ignore[arg-type]


def test_admins_do_not_log_cases(office: BackOffice) -> None:
    with pytest.raises(NotAllowed):
        office.log_case(ADMIN, replace(pothole(), channel="phone"))


def test_a_logged_case_goes_through_the_same_rules_as_any_report(office: BackOffice) -> None:
    with pytest.raises(InvalidReport, match="outside the council"):
        office.log_case(
            ADVISOR, NewReport("pothole", "post", "hole", pothole().location.__class__(lat=0.0, long=0.0))
        )


# --- personal data -------------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["01632 960001", "+44 1632 960001", "01632960001", "+44 (0)1632 960 001"])
def test_a_residents_cases_are_found_by_their_phone_number_however_it_is_typed(
    office: BackOffice, reference: str, typed: str
) -> None:
    assert [c.reference for c in office.lookup(ADVISOR, phone=typed)] == [reference]


def test_a_residents_cases_are_found_by_their_email_whatever_its_letter_case(
    office: BackOffice, cases: CaseService, reference: str
) -> None:
    later = office.log_case(ADVISOR, replace(pothole(email="Ada@Example.COM"), channel="email")).reference
    assert [c.reference for c in office.lookup(ADVISOR, email=" ADA@example.com ")] == [later, reference]


def test_lookups_after_the_retention_period_find_nothing(
    office: BackOffice, cases: CaseService, reference: str
) -> None:
    cases.clock = lambda: START + timedelta(days=366)
    assert office.lookup(ADVISOR, email="ada@example.com") == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, InvalidChange),
        ({"phone": "01632 960001", "email": "ada@example.com"}, InvalidChange),
        ({"phone": "call me"}, InvalidReport),
        ({"email": "ada at example"}, InvalidReport),
    ],
)
def test_a_lookup_takes_exactly_one_well_formed_phone_or_email(
    office: BackOffice, kwargs: dict[str, str], error: type[Exception]
) -> None:
    with pytest.raises(error):
        office.lookup(ADVISOR, **kwargs)


def test_lookups_need_the_stages_salt(office: BackOffice, cases: CaseService) -> None:
    cases.caller_keys = None
    with pytest.raises(Unavailable):
        office.lookup(ADVISOR, email="ada@example.com")


def test_admins_see_no_residents_personal_data(office: BackOffice, reference: str) -> None:
    for read in (
        lambda: office.lookup(ADMIN, email="ada@example.com"),
        lambda: office.reporter(ADMIN, reference),
        lambda: office.view(ADMIN, reference),
    ):
        with pytest.raises(NotAllowed):
            read()


def test_the_reporter_is_shown_to_staff_until_it_expires(
    office: BackOffice, cases: CaseService, reference: str
) -> None:
    assert office.reporter(ADVISOR, reference) == Reporter(email="ada@example.com", phone="01632 960001")
    cases.clock = lambda: START + timedelta(days=366)
    assert office.reporter(ADVISOR, reference) is None


# --- the audit -----------------------------------------------------------------------------------------
def test_only_supervisors_and_admins_read_the_audit(office: BackOffice, reference: str) -> None:
    fix(office, reference)
    for reader in (SUPERVISOR, ADMIN, SYSTEM):
        assert [r.action for r in office.audit_for_case(reader, reference)] == ["change_status"]
        assert [r.reference for r in office.audit_for_actor(reader, BACK_OFFICE.id)] == [reference]
    for reader in (ADVISOR, BACK_OFFICE):
        with pytest.raises(NotAllowed):
            office.audit_for_case(reader, reference)


def test_the_audit_of_a_case_is_asked_for_by_a_well_formed_reference(office: BackOffice) -> None:
    with pytest.raises(InvalidChange):
        office.audit_for_case(SUPERVISOR, "12345")
