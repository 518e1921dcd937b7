"""Audit records of staff actions, built from the signed-in actor (the record: ``cases.audit``)."""

from __future__ import annotations

from datetime import datetime

from ..cases.audit import AuditRecord
from ..cases.reference import sortable_id
from .roles import Action, Actor

__all__ = ["AuditRecord", "audit_record"]


def audit_record(
    actor: Actor,
    action: Action,
    at: datetime,
    reference: str | None,
    fields: tuple[str, ...] = (),
    **detail: str,
) -> AuditRecord:
    return AuditRecord(
        event_id=sortable_id(),
        at=at,
        actor_id=actor.id,
        actor_name=actor.name,
        actor_kind=actor.kind,
        action=action,
        reference=reference,
        fields=fields,
        detail=detail,
    )
