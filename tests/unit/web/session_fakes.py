"""Form sessions in memory, with the store port's behaviour (expired means gone)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

from web.forms import SESSION_LIFETIME, FormSession


@dataclass
class InMemoryFormSessionStore:
    sessions: dict[str, tuple[str, dict[str, object], datetime]] = field(default_factory=dict)
    saves: int = 0

    def load(self, session_id: str, now: datetime) -> FormSession | None:
        found = self.sessions.get(session_id)
        if found is None or found[2] <= now:
            return None
        token, data, expires_at = found
        return FormSession(session_id, token, copy.deepcopy(data), expires_at)

    def save(self, session: FormSession, now: datetime) -> None:
        session.expires_at = now + SESSION_LIFETIME
        self.sessions[session.id] = (session.csrf_token, copy.deepcopy(session.data), session.expires_at)
        self.saves += 1

    def delete(self, session_id: str) -> None:
        self.sessions.pop(session_id, None)
