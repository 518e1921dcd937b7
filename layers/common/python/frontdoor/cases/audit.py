"""The audit trail's record: who did what to which case, and when. Pure data, no AWS.

A record names the actor (Cognito ``sub`` and username, or an IAM identity), the action, the case
and the fields it changed or read, with non-personal details such as the new status or the team.
It never holds a value a resident gave (a name, a number, a note), so it can outlive their personal
data without copying it. It lives beside the case store because a case logged by staff is written
in one transaction with the record saying who logged it; the back office builds records
(``frontdoor.backoffice.audit``) and reads them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class AuditRecord:
    event_id: str
    at: datetime
    actor_id: str
    actor_name: str
    actor_kind: str  # frontdoor.backoffice.roles.ActorKind
    action: str  # frontdoor.backoffice.roles.Action
    reference: str | None
    fields: tuple[str, ...] = ()
    # Values that are never personal data: statuses, team ids, channels, case references, counts.
    detail: Mapping[str, str] = field(default_factory=dict)
