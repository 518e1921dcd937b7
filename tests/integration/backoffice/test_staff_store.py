"""The back office's store on moto: changes and audit commit together or not at all, the audit is
never overwritten, and what staff change keeps every index true."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from pynamodb.exceptions import PutError, TransactWriteError

from frontdoor.backoffice.audit import audit_record
from frontdoor.backoffice.dynamo import DynamoStaffStore
from frontdoor.backoffice.roles import Actor
from frontdoor.cases.dynamo import DynamoCaseRepository
from frontdoor.cases.errors import CaseChanged
from frontdoor.cases.model import CaseChange, Update
from frontdoor.cases.reference import sortable_id

ACTOR = Actor.staff("0b5e-1", "sam", ["back_office"])


@pytest.fixture
def store(aws: None) -> DynamoStaffStore:
    from frontdoor.wiring import case_service

    case_service()  # binds the models to the environment's tables
    return DynamoStaffStore()


def closing(reference: str, revision_read: int | None = None) -> tuple[CaseChange, Update]:
    from frontdoor.wiring import case_service

    case = case_service().get(reference)
    if revision_read is not None:
        case = replace(case, revision=revision_read)
    now = case.updated_at + timedelta(minutes=5)
    note = Update(sortable_id(), reference, "fixed", "Filled.", now)
    after = replace(case, status="fixed", updated_at=now, revision=case.revision + 1)
    return CaseChange(case, after, (note,)), note


def test_a_change_commits_with_its_audit_record(
    store: DynamoStaffStore, reported: Callable[..., str]
) -> None:
    reference = reported()
    change, note = closing(reference)
    store.commit([change], [audit_record(ACTOR, "change_status", note.updated_at, reference, ("status",))])

    assert DynamoCaseRepository().get(reference).status == "fixed"  # type: ignore[union-attr]
    assert [r.action for r in store.audit_for_case(reference, 10)] == ["change_status"]


def test_a_change_read_at_an_old_revision_writes_nothing_not_even_its_audit(
    store: DynamoStaffStore, reported: Callable[..., str]
) -> None:
    reference = reported()
    first, note = closing(reference)
    store.commit([first], [])
    stale, note = closing(reference, revision_read=0)
    record = audit_record(ACTOR, "change_status", note.updated_at, reference, ("status",))

    with pytest.raises(CaseChanged):
        store.commit([stale], [record])
    assert store.audit_for_case(reference, 10) == []
    assert DynamoCaseRepository().get(reference).revision == 1  # type: ignore[union-attr]


def test_an_audit_record_is_never_overwritten(store: DynamoStaffStore, reported: Callable[..., str]) -> None:
    reference = reported()
    record = audit_record(ACTOR, "view_case", DynamoCaseRepository().get(reference).requested_at, reference)  # type: ignore[union-attr]
    store.record([record])
    with pytest.raises(PutError):
        store.record([replace(record, action="merge_cases")])
    assert [r.action for r in store.audit_for_case(reference, 10)] == ["view_case"]


def test_a_closed_case_leaves_the_nearby_index_and_internal_notes_stay_out_of_open311(
    store: DynamoStaffStore, reported: Callable[..., str]
) -> None:
    reference = reported()
    repository = DynamoCaseRepository()
    assert [c.reference for c in repository.open_near("pothole", 52.6369, -1.1398, 50)] == [reference]
    change, note = closing(reference)
    internal = Update(
        sortable_id(), reference, "fixed", "", note.updated_at, public=False, internal_note="crew 4"
    )
    store.commit([replace(change, updates=(note, internal))], [])

    assert repository.open_near("pothole", 52.6369, -1.1398, 50) == []
    window = repository.updates_between(note.updated_at - timedelta(days=1), note.updated_at, 100)
    assert [(u.status, u.description) for u in window if u.reference == reference] == [
        ("open", "Report received"),
        ("fixed", "Filled."),
    ]
    assert [u.internal_note for u in repository.history(reference)] == [None, None, "crew 4"]


def test_email_links_expire_with_the_residents_personal_data(
    store: DynamoStaffStore, reported: Callable[..., str]
) -> None:
    from frontdoor.cases.dates import utc_now
    from frontdoor.wiring import case_service

    reference = reported(email="Grace@Example.com")
    service = case_service()
    assert service.references_for_email("grace@example.com", 10) == [reference]
    service.clock = lambda: utc_now() + timedelta(days=366)
    assert service.references_for_email("grace@example.com", 10) == []


def test_a_case_staff_log_is_written_with_the_record_of_who_logged_it_or_not_at_all(
    store: DynamoStaffStore,
) -> None:
    import boto3

    from frontdoor.cases.model import Location, NewReport, Reporter
    from frontdoor.settings import settings
    from frontdoor.wiring import back_office

    def phoned_in(description: str) -> NewReport:
        return NewReport(
            service_code="pothole",
            channel="phone",
            description=description,
            location=Location(lat=52.6369, long=-1.1398),
            answers={"surface": ["road"], "size": ["large"]},
            reporter=Reporter(first_name="Ada", phone="01632 960001"),
        )

    advisor = Actor.staff("a-1", "alex", ["advisor"])
    logged = back_office().log_case(advisor, phoned_in("Deep pothole by the bus stop"))
    records = store.audit_for_case(logged.reference, 10)
    assert [(r.action, r.actor_name) for r in records] == [("log_case", "alex")]

    # With the audit trail unwritable, no case is filed without the record of who filed it.
    dynamodb = boto3.client("dynamodb")
    cases_before = dynamodb.scan(TableName=settings().cases_table, Select="COUNT")["Count"]  # test only
    dynamodb.delete_table(TableName=settings().audit_table)
    with pytest.raises(TransactWriteError):
        back_office().log_case(advisor, phoned_in("Another pothole, further along"))
    assert dynamodb.scan(TableName=settings().cases_table, Select="COUNT")["Count"] == cases_before
