"""Staff changes and the audit trail on DynamoDB: a change and its audit records commit together.

Audit items are only ever put with ``attribute_not_exists`` (never overwritten) and read by Query on
the table's key (per case) or the ``by_staff`` index (per staff member): never a Scan.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from ..cases.audit import AuditRecord
from ..cases.dynamo import audit_item, audit_pk, staff_pk, stage_audit, stage_changes
from ..cases.errors import CaseChanged
from ..cases.model import CaseChange
from ..cases.tables import AuditTable, CasesTable


class DynamoStaffStore:
    def __init__(self) -> None:
        # One connection (and botocore client) for both tables: the cases table's, as transactions use.
        self._connection = CasesTable._get_connection().connection

    def commit(self, changes: Sequence[CaseChange], audit: Sequence[AuditRecord]) -> None:
        try:
            with self._transaction() as transaction:
                stage_changes(transaction, changes)
                stage_audit(transaction, audit)
        except TransactWriteError as error:
            if _condition_failed(error):
                raise CaseChanged("The case changed while you were changing it; try again.") from error
            raise

    def record(self, audit: Sequence[AuditRecord]) -> None:
        if len(audit) == 1:  # one put: half a transaction's write cost
            audit_item(audit[0]).save(condition=AuditTable.pk.does_not_exist())
            return
        with self._transaction() as transaction:
            stage_audit(transaction, audit)

    def audit_for_case(self, reference: str, limit: int) -> list[AuditRecord]:
        items = AuditTable.query(audit_pk(reference), scan_index_forward=False, limit=limit, page_size=limit)
        return [_record(item) for item in items]

    def audit_for_actor(self, actor_id: str, limit: int) -> list[AuditRecord]:
        items = AuditTable.by_staff.query(
            staff_pk(actor_id), scan_index_forward=False, limit=limit, page_size=limit
        )
        return [_record(item) for item in items]

    def _transaction(self) -> TransactWrite:
        # The request token makes botocore's retry of a commit whose answer was lost a no-op.
        return TransactWrite(connection=self._connection, client_request_token=uuid.uuid4().hex)


def _record(item: AuditTable) -> AuditRecord:
    detail: Any = item.detail.as_dict() if item.detail else {}
    return AuditRecord(
        event_id=item.event_id,
        at=item.at,
        actor_id=item.actor_id,
        actor_name=item.actor_name,
        actor_kind=item.actor_kind,
        action=item.action,
        reference=item.reference,
        fields=tuple(item.fields or ()),
        detail={str(key): str(value) for key, value in detail.items()},
    )


def _condition_failed(error: TransactWriteError) -> bool:
    return error.cause_response_code == "TransactionCanceledException" and any(
        reason and reason.code == "ConditionalCheckFailed" for reason in error.cancellation_reasons
    )
