"""What the notifications read and keep, as they see it: the case and its reporter (the case store),
and the reporter's opt-out state, which dynamo.py keeps on the reporter item (so it expires with the
rest of their personal data). Tests use fakes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ..cases.model import Case, Reporter


@dataclass(frozen=True)
class OptOutState:
    secret: str | None  # of the reporter's opt-out link; None until the first message
    opted_out_at: datetime | None


class OptOutStore(Protocol):
    def link_secret(self, reference: str, new_secret: str, now: datetime) -> str | None:
        """The secret of the reporter's opt-out link: ``new_secret`` is stored if it has none yet,
        else the one already stored is kept. None when there is no reporter item (or it expired)."""

    def state(self, reference: str, now: datetime) -> OptOutState | None:
        """None when there is no reporter item (or it expired)."""

    def opt_out(self, reference: str, secret: str, now: datetime) -> bool:
        """Record the opt-out at ``now`` (the first time only) if the link's secret is still
        ``secret``; False when the reporter item is gone or the secret does not match."""


class CaseReader(Protocol):
    """What the notifier reads of the case store (``CaseRepository`` provides it)."""

    def get(self, reference: str) -> Case | None: ...

    def reporter(self, reference: str, now: datetime) -> Reporter | None:
        """The reporter's personal data, or None once the retention period has passed."""
