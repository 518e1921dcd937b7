"""Form sessions in the cases table (pynamodb ``FormSessionItem``): the only module of the site
that touches DynamoDB for them. Every access is by key: GetItem, PutItem, DeleteItem."""

from __future__ import annotations

import json
from datetime import datetime

from frontdoor.cases.tables import FormSessionItem
from web.forms import SESSION_LIFETIME, FormSession

SESSION_SK = "FORM"
MAX_DATA_BYTES = 100 * 1024  # far under DynamoDB's 400 KB item limit


def session_pk(session_id: str) -> str:
    return f"FORM#{session_id}"


class SessionTooLarge(ValueError):
    """A form session's answers outgrew what a session may hold (a bug, or abuse)."""


class DynamoFormSessionStore:
    def load(self, session_id: str, now: datetime) -> FormSession | None:
        _bind_tables()
        try:
            item = FormSessionItem.get(session_pk(session_id), SESSION_SK)
        except FormSessionItem.DoesNotExist:
            return None
        # DynamoDB deletes expired items only eventually (moto never does): expired means gone.
        if item.expires_at <= now:
            return None
        return FormSession(
            id=session_id, csrf_token=item.csrf_token, data=json.loads(item.data), expires_at=item.expires_at
        )

    def save(self, session: FormSession, now: datetime) -> None:
        _bind_tables()
        data = json.dumps(session.data, separators=(",", ":"), ensure_ascii=False)
        if len(data.encode("utf-8")) > MAX_DATA_BYTES:
            raise SessionTooLarge(f"form session data is over {MAX_DATA_BYTES} bytes")
        session.expires_at = now + SESSION_LIFETIME
        FormSessionItem(
            session_pk(session.id),
            SESSION_SK,
            csrf_token=session.csrf_token,
            data=data,
            updated_at=now,
            expires_at=session.expires_at,
        ).save()

    def delete(self, session_id: str) -> None:
        _bind_tables()
        FormSessionItem(session_pk(session_id), SESSION_SK).delete()


def _bind_tables() -> None:
    """Point the models at this stage's tables (once per process; wiring caches it)."""
    from frontdoor.wiring import case_service

    case_service()
