"""The opt-out link every message carries: ``/opt-out/<reference>-<secret>``.

The secret is 128 random bits made when the first message about a case is sent and kept on the
reporter item, so the link works for as long as the resident's contact details exist and not a day
longer. Following it (GET) shows what it would stop; confirming (POST, or a mail program's one-click
unsubscribe) records the opt-out, after which nothing more is sent about that request.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..cases.dates import utc_now
from ..cases.reference import is_valid
from .ports import OptOutState, OptOutStore

_TOKEN = re.compile(r"^(?P<reference>[0-9]{9})-(?P<secret>[A-Za-z0-9_-]{22})$")


def new_secret() -> str:
    return secrets.token_urlsafe(16)  # 22 URL-safe characters


def token_for(reference: str, secret: str) -> str:
    return f"{reference}-{secret}"


def parse_token(token: str) -> tuple[str, str] | None:
    """(reference, secret), or None when the token cannot be one of ours."""
    match = _TOKEN.match(token or "")
    if match is None or not is_valid(match["reference"]):
        return None
    return match["reference"], match["secret"]


class OptOutLinkNotFound(Exception):
    """No request has this opt-out link (mistyped, made up, or the request's contact details have
    gone after the retention period). Safe to show: it never echoes the link."""

    def __init__(self) -> None:
        super().__init__("This link to stop updates is not valid, or has expired.")


@dataclass(frozen=True)
class OptOutPage:
    """What the opt-out page says: which request, and whether updates about it have stopped."""

    reference: str
    opted_out: bool


@dataclass
class OptOuts:
    store: OptOutStore
    clock: Callable[[], datetime] = utc_now

    def find(self, token: str) -> OptOutPage:
        reference, _secret, state = self._verified(token)
        return OptOutPage(reference, opted_out=state.opted_out_at is not None)

    def opt_out(self, token: str) -> OptOutPage:
        """Stop updates about the link's request; doing it twice is harmless."""
        reference, secret, _state = self._verified(token)
        if not self.store.opt_out(reference, secret, self.clock()):
            raise OptOutLinkNotFound()
        return OptOutPage(reference, opted_out=True)

    def _verified(self, token: str) -> tuple[str, str, OptOutState]:
        parsed = parse_token(token)
        if parsed is None:
            raise OptOutLinkNotFound()
        reference, secret = parsed
        state = self.store.state(reference, self.clock())
        # Compared in constant time: the secret is the only thing standing for the resident here.
        if state is None or state.secret is None or not hmac.compare_digest(state.secret, secret):
            raise OptOutLinkNotFound()
        return reference, secret, state
