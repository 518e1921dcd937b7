"""The case store on DynamoDB through pynamodb. Every read is a GetItem or a Query: never a Scan."""

from __future__ import annotations

import heapq
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from ..geo.nearby import INDEX_PRECISION, cells_covering, geohash
from .audit import AuditRecord
from .dates import month_of, months_between, sortable
from .errors import CaseChanged, ReferenceTaken
from .model import Case, CaseChange, CaseQuery, Location, Reporter, Update, is_open
from .tables import (
    AuditTable,
    CallerCaseItem,
    CaseItem,
    CasesTable,
    DemandItem,
    EmailCaseItem,
    ReporterItem,
    TokenItem,
    UpdateItem,
)

CASE_SK = "CASE"
# The case's own fields, stored under the same names (location and answers are mapped apart).
_CASE_FIELDS = tuple(
    name for name in Case.__dataclass_fields__ if name not in ("location", "answers", "linked")
)
REPORTER_SK = "REPORTER"


def case_pk(reference: str) -> str:
    return f"CASE#{reference}"


def token_pk(token: str) -> str:
    return f"TOKEN#{token}"


def caller_pk(caller_key: str) -> str:
    """Items about one caller: their profile and their links to cases, newest case first."""
    return f"CALLER#{caller_key}"


def email_pk(email_key: str) -> str:
    """A resident's links to the cases they reported with one email address, newest case first."""
    return f"EMAIL#{email_key}"


def audit_pk(reference: str) -> str:
    return f"CASE#{reference}"


def staff_pk(actor_id: str) -> str:
    return f"STAFF#{actor_id}"


def demand_sk(day: date, service_code: str) -> str:
    return f"{day.isoformat()}#{service_code}"


# Every demand counter lives under one key, sorted by day: a date range is one Query.
DEMAND_PK = "DEMAND"
CALLER_CASE_PREFIX = "CASE#"
CALLER_PROFILE_SK = "PROFILE"  # sorts after every CASE# key: first in a newest-first Query


class DynamoCaseRepository:
    def __init__(self) -> None:
        # Transactions go through the models' own connection: one botocore client per process.
        self._connection = CasesTable._get_connection().connection

    # --- writes -------------------------------------------------------------------------------
    def add(
        self,
        case: Case,
        first_update: Update,
        reporter: Reporter | None,
        reporter_expires_at: datetime,
        token: str,
        caller_key: str | None = None,
        email_key: str | None = None,
        audit: Sequence[AuditRecord] = (),
    ) -> None:
        new_key_only = CasesTable.pk.does_not_exist()
        # The request token makes botocore's retry of a commit whose answer was lost a no-op, not a clash.
        once = TransactWrite(connection=self._connection, client_request_token=uuid.uuid4().hex)
        try:
            with once as transaction:
                transaction.save(case_item(case), condition=new_key_only)
                transaction.save(_update_item(first_update))
                transaction.save(
                    TokenItem(token_pk(token), "TOKEN", reference=case.reference), condition=new_key_only
                )
                if reporter is not None and not reporter.is_empty:
                    transaction.save(_reporter_item(case.reference, reporter, reporter_expires_at))
                if caller_key is not None:
                    transaction.save(
                        _link_item(CallerCaseItem, caller_pk(caller_key), case, reporter_expires_at)
                    )
                if email_key is not None:
                    transaction.save(
                        _link_item(EmailCaseItem, email_pk(email_key), case, reporter_expires_at)
                    )
                stage_audit(transaction, audit)
        except TransactWriteError as error:
            if error.cause_response_code == "TransactionCanceledException" and any(
                reason and reason.code == "ConditionalCheckFailed" for reason in error.cancellation_reasons
            ):
                raise ReferenceTaken("that reference is already in use") from error
            raise

    def count_demand(self, service_code: str, day: date) -> None:
        counter = DemandItem(DEMAND_PK, demand_sk(day, service_code))
        counter.update(
            actions=[
                DemandItem.requests.add(1),
                DemandItem.kind.set(DemandItem),  # an update creates the item: say what it is
                DemandItem.service_code.set(service_code),
                DemandItem.day.set(day.isoformat()),
            ]
        )

    def save_changes(self, changes: Sequence[CaseChange]) -> None:
        """Staff changes alone (the back office commits them with their audit: ``stage_changes``)."""
        once = TransactWrite(connection=self._connection, client_request_token=uuid.uuid4().hex)
        try:
            with once as transaction:
                stage_changes(transaction, changes)
        except TransactWriteError as error:
            if _condition_failed(error):
                raise CaseChanged("The case changed while you were changing it; try again.") from error
            raise

    # --- reads --------------------------------------------------------------------------------
    def get(self, reference: str) -> Case | None:
        item = _get(CaseItem, case_pk(reference), CASE_SK)
        return _case(item) if item else None

    def get_many(self, references: Sequence[str]) -> list[Case]:
        if len(references) > 100:
            raise ValueError("at most 100 cases at a time: one BatchGetItem")
        keys = [(case_pk(reference), CASE_SK) for reference in dict.fromkeys(references)]
        return [_case(item) for item in CaseItem.batch_get(keys)]

    def history(self, reference: str) -> list[Update]:
        items = CasesTable.query(case_pk(reference), CasesTable.sk.startswith("UPDATE#"))
        return [_update(item) for item in items if isinstance(item, UpdateItem)]

    def reporter(self, reference: str, now: datetime) -> Reporter | None:
        item = _get(ReporterItem, case_pk(reference), REPORTER_SK)
        # DynamoDB deletes expired items only eventually (moto never does): expired means gone.
        if item is None or item.expires_at <= now:
            return None
        fields = {name: getattr(item, name) for name in Reporter.__dataclass_fields__ if name != "answers"}
        return Reporter(**fields, answers=item.answers.as_dict() if item.answers else None)

    def reference_for_token(self, token: str) -> str | None:
        item = _get(TokenItem, token_pk(token), "TOKEN")
        return item.reference if item else None

    def find(self, query: CaseQuery) -> list[Case]:
        window = CaseItem.requested_sort.between(sortable(query.start), sortable(query.end) + "#~")
        months = list(months_between(query.start, query.end))
        # One index per question: service if named, else status if named, else plain date.
        if query.service_codes:
            index, keys = CaseItem.by_service, [f"{s}#{m}" for s in query.service_codes for m in months]
        elif query.ward_code:
            index, keys = CaseItem.by_ward, [f"{query.ward_code}#{m}" for m in months]
        elif query.statuses:
            index, keys = CaseItem.by_status, [f"{s}#{m}" for s in query.statuses for m in months]
        else:
            index, keys = CaseItem.by_month, months
        partitions = [
            # No limit: pages are read lazily as the merge consumes them, until enough match.
            index.query(key, window, scan_index_forward=False, page_size=min(query.limit, 250))
            for key in keys
        ]
        newest_first = heapq.merge(*partitions, key=lambda item: item.requested_sort, reverse=True)
        wanted = (
            _case(item)
            for item in newest_first
            if (not query.statuses or item.status in query.statuses)
            and (not query.ward_code or item.ward_code == query.ward_code)
        )
        return list(islice(wanted, query.limit))

    def demand_between(self, first: date, last: date) -> dict[str, int]:
        days = DemandItem.sk.between(f"{first.isoformat()}#", f"{last.isoformat()}#~")
        requests: Counter[str] = Counter()
        for counter in DemandItem.query(DEMAND_PK, days):
            requests[counter.service_code] += int(counter.requests)
        return dict(requests)

    def open_near(self, service_code: str, lat: float, long: float, radius_m: int) -> list[Case]:
        cases: list[Case] = []
        for cell in cells_covering(lat, long, radius_m):
            cases.extend(_case(item) for item in CaseItem.open_nearby.query(f"{service_code}#{cell}"))
        return cases

    def updates_between(self, start: datetime, end: datetime, limit: int) -> list[Update]:
        window = UpdateItem.updated_sort.between(sortable(start), sortable(end) + "#~")
        partitions = [
            UpdateItem.updates_by_month.query(month, window, limit=limit, page_size=limit)
            for month in reversed(list(months_between(start, end)))
        ]
        oldest_first = heapq.merge(*partitions, key=lambda item: item.updated_sort)
        return [_update(item) for item in islice(oldest_first, limit)]

    def references_for_caller(self, caller_key: str, now: datetime, limit: int) -> list[str]:
        return _linked_references(caller_pk(caller_key), CallerCaseItem, now, limit)

    def references_for_email(self, email_key: str, now: datetime, limit: int) -> list[str]:
        return _linked_references(email_pk(email_key), EmailCaseItem, now, limit)


def case_item(case: Case) -> CaseItem:
    """The case's item, with every index key derived from it (``nearby_cell`` only while open)."""
    loc, month = case.location, month_of(case.requested_at)
    nearby = None
    if is_open(case.status) and loc.lat is not None and loc.long is not None:
        nearby = f"{case.service_code}#{geohash(loc.lat, loc.long, INDEX_PRECISION)}"
    return CaseItem(
        case_pk(case.reference),
        CASE_SK,
        **{name: getattr(case, name) for name in _CASE_FIELDS},
        **vars(loc),
        answers=dict(case.answers),
        linked=list(case.linked),
        requested_sort=f"{sortable(case.requested_at)}#{case.reference}",
        month=month,
        service_month=f"{case.service_code}#{month}",
        status_month=f"{case.status}#{month}",
        ward_month=f"{case.ward_code}#{month}" if case.ward_code else None,
        nearby_cell=nearby,
    )


def stage_changes(transaction: TransactWrite, changes: Sequence[CaseChange]) -> None:
    """Add staff changes to a transaction: each case rewritten (its index keys with it) only if it is
    still at the revision it was read at, and its new history entries, which never overwrite."""
    for change in changes:
        if (
            change.after.reference != change.before.reference
            or change.after.revision <= change.before.revision
        ):
            raise ValueError("a change keeps the case's reference and moves its revision on")
        transaction.save(case_item(change.after), condition=_at_revision(change.before.revision))
        for update in change.updates:
            transaction.save(_update_item(update), condition=CasesTable.pk.does_not_exist())


def stage_audit(transaction: TransactWrite, records: Sequence[AuditRecord]) -> None:
    """Audit records into a transaction, each only ever put new: the trail is append-only."""
    for record in records:
        transaction.save(audit_item(record), condition=AuditTable.pk.does_not_exist())


def audit_item(record: AuditRecord) -> AuditTable:
    at = sortable(record.at)
    # A record about no case (a lookup that found nothing) sits in a partition per month.
    pk = audit_pk(record.reference) if record.reference else f"NOCASE#{month_of(record.at)}"
    return AuditTable(
        pk,
        f"{at}#{record.event_id}",
        event_id=record.event_id,
        at=record.at,
        actor_id=record.actor_id,
        actor_name=record.actor_name,
        actor_kind=record.actor_kind,
        action=record.action,
        reference=record.reference,
        fields=list(record.fields),
        detail=dict(record.detail),
        staff=staff_pk(record.actor_id),
        staff_sort=f"{at}#{record.event_id}",
    )


def _at_revision(revision: int) -> Any:
    same = CaseItem.revision == revision
    if revision == 0:  # written before revisions existed, or never changed by staff
        same = same | CaseItem.revision.does_not_exist()
    return CasesTable.pk.exists() & same


def _condition_failed(error: TransactWriteError) -> bool:
    return error.cause_response_code == "TransactionCanceledException" and any(
        reason and reason.code == "ConditionalCheckFailed" for reason in error.cancellation_reasons
    )


def _linked_references(
    pk: str, kind: type[CallerCaseItem | EmailCaseItem], now: datetime, limit: int
) -> list[str]:
    items = CasesTable.query(
        pk, CasesTable.sk.startswith(CALLER_CASE_PREFIX), scan_index_forward=False, page_size=limit
    )
    # DynamoDB deletes expired items only eventually (moto never does): expired means gone.
    live = (item.reference for item in items if isinstance(item, kind) and item.expires_at > now)
    return list(islice(live, limit))


def _get(model: Any, pk: str, sk: str) -> Any:
    try:
        return model.get(pk, sk)
    except model.DoesNotExist:
        return None


def _update_item(update: Update) -> UpdateItem:
    at = sortable(update.updated_at)
    return UpdateItem(
        case_pk(update.reference),
        f"UPDATE#{at}#{update.update_id}",
        update_id=update.update_id,
        reference=update.reference,
        status=update.status,
        description=update.description if update.public else "",
        updated_at=update.updated_at,
        public=update.public,
        internal_note=None if update.public else update.internal_note,
        # Only public updates are in the index Open311's servicerequestupdates reads.
        update_month=month_of(update.updated_at) if update.public else None,
        updated_sort=f"{at}#{update.update_id}" if update.public else None,
    )


def _reporter_item(reference: str, reporter: Reporter, expires_at: datetime) -> ReporterItem:
    return ReporterItem(case_pk(reference), REPORTER_SK, expires_at=expires_at, **vars(reporter))


def _link_item(
    kind: type[CallerCaseItem | EmailCaseItem], pk: str, case: Case, expires_at: datetime
) -> CallerCaseItem | EmailCaseItem:
    return kind(
        pk,
        f"{CALLER_CASE_PREFIX}{sortable(case.requested_at)}#{case.reference}",
        reference=case.reference,
        service_code=case.service_code,
        requested_at=case.requested_at,
        expires_at=expires_at,
    )


def _case(item: CaseItem) -> Case:
    return Case(
        **{name: getattr(item, name) for name in _CASE_FIELDS},
        location=Location(
            lat=float(item.lat) if item.lat is not None else None,
            long=float(item.long) if item.long is not None else None,
            address=item.address,
            address_id=item.address_id,
        ),
        answers=item.answers.as_dict(),
        linked=tuple(item.linked or ()),
    )


def _update(item: UpdateItem) -> Update:
    return Update(
        update_id=item.update_id,
        reference=item.reference,
        status=item.status,  # type: ignore[arg-type]
        description=item.description,
        updated_at=item.updated_at,
        public=item.public is not False,
        internal_note=item.internal_note,
    )
