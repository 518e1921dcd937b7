"""What the contact centre knows about a caller and records about a contact. Pure data, no AWS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

# Why staff put a caller first: a code from this list, never free text (it would be health data).
PriorityReason = Literal["vulnerable_adult", "safeguarding", "telecare_client", "health", "bereavement"]
PRIORITY_REASONS: tuple[str, ...] = get_args(PriorityReason)
# The channels of a Connect contact, named as the case store names channels.
ContactChannel = Literal["phone", "chat", "other"]


@dataclass(frozen=True)
class CallerProfile:
    """What staff record about a caller: whether to route them first, and the reason code."""

    priority: bool = False
    reason: PriorityReason | None = None

    def __post_init__(self) -> None:
        if self.reason is not None and self.reason not in PRIORITY_REASONS:
            raise ValueError(f"a priority reason is one of {', '.join(PRIORITY_REASONS)}")
        if self.priority and self.reason is None:
            raise ValueError("a priority caller needs a reason code")


@dataclass(frozen=True)
class CallerHistory:
    """One Query's worth about a caller: their profile, if any, and their cases, newest first."""

    profile: CallerProfile | None
    references: tuple[str, ...]

    @property
    def known(self) -> bool:
        return self.profile is not None or bool(self.references)


@dataclass(frozen=True)
class SurveyAnswer:
    contact_id: str
    question: str
    score: int
    channel: ContactChannel
    answered_at: datetime
