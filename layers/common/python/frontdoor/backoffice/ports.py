"""What the back office needs from storage. dynamo.py implements it on DynamoDB; tests use a fake."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..cases.model import CaseChange
from .audit import AuditRecord


class StaffStore(Protocol):
    def commit(self, changes: Sequence[CaseChange], audit: Sequence[AuditRecord]) -> None:
        """Write the changed cases, their new history and their audit records at once, or nothing.

        Raises CaseChanged when a case's revision is no longer the one it was read at.
        """

    def record(self, audit: Sequence[AuditRecord]) -> None:
        """Append audit records (of reads) at once, or none; a record is never overwritten."""

    def audit_for_case(self, reference: str, limit: int) -> list[AuditRecord]:
        """The case's audit records, newest first."""

    def audit_for_actor(self, actor_id: str, limit: int) -> list[AuditRecord]:
        """One staff member's (or system's) audit records, newest first."""
