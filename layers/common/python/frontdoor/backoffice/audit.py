"""The audit trail: who did what to which case, and when. Pure data, no AWS.

A record names the actor (Cognito ``sub`` and username, or an IAM identity), the action, the case
and the fields it changed or read, with non-personal details such as the new status or the team.
It never holds a value a resident gave (a name, a number, a note), so it can outlive their personal
data without copying it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..cases.reference import sortable_id
from .roles import Action, Actor, ActorKind


@dataclass(frozen=True)
class AuditRecord:
    event_id: str
    at: datetime
    actor_id: str
    actor_name: str
    actor_kind: ActorKind
    action: Action
    reference: str | None
    fields: tuple[str, ...] = ()
    # Values that are never personal data: statuses, team ids, channels, case references, counts.
    detail: Mapping[str, str] = field(default_factory=dict)


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
