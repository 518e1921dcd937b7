"""An in-memory staff store over the in-memory case store: the port's behaviour, revisions included."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from frontdoor.backoffice.audit import AuditRecord
from frontdoor.cases.errors import CaseChanged
from frontdoor.cases.model import CaseChange
from tests.unit.cases.fakes import InMemoryCaseRepository


@dataclass
class InMemoryStaffStore:
    repository: InMemoryCaseRepository
    # Runs once before the next commit: another member of staff changing a case in between.
    meanwhile: Callable[[], None] | None = None
    commits: int = 0

    @property
    def audit(self) -> list[AuditRecord]:
        """One audit table: the case store writes a logged case's record with the case."""
        return self.repository.audit

    def commit(self, changes: Sequence[CaseChange], audit: Sequence[AuditRecord]) -> None:
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            meanwhile()
        for change in changes:
            stored = self.repository.cases.get(change.before.reference)
            if stored is None or stored.revision != change.before.revision:
                raise CaseChanged("changed")
        for change in changes:
            self.repository.cases[change.after.reference] = change.after
            self.repository.updates.extend(change.updates)
        self.record(audit)
        self.commits += 1

    def record(self, audit: Sequence[AuditRecord]) -> None:
        ids = {record.event_id for record in self.audit}
        assert not ids & {record.event_id for record in audit}, "an audit record is never overwritten"
        self.audit.extend(audit)

    def audit_for_case(self, reference: str, limit: int) -> list[AuditRecord]:
        return _newest([r for r in self.audit if r.reference == reference], limit)

    def audit_for_actor(self, actor_id: str, limit: int) -> list[AuditRecord]:
        return _newest([r for r in self.audit if r.actor_id == actor_id], limit)


def _newest(records: list[AuditRecord], limit: int) -> list[AuditRecord]:
    return sorted(records, key=lambda r: (r.at, r.event_id), reverse=True)[:limit]
