"""Console sessions: a member of staff's sign-in, kept server-side and named by a cookie.

A session is an item of the cases table (``FormSessionItem``'s shape: a CSRF token, JSON data and a
TTL), keyed ``CONSOLE#<43 random characters>``. The cookie ``fd_staff`` carries only that id:
HttpOnly, SameSite=Strict, Path=/console, Secure except on 127.0.0.1, and no Max-Age (it goes when
the browser closes). The item holds the Cognito tokens (or, half way through signing in, the
challenge), so no token ever reaches a browser.

Before sign-in a session lives 15 minutes (the sign-in page and its challenges). Signed in, it lives
while the member of staff is active, each request pushing its end ``idle`` later (the ID token's
lifetime), but never past ``longest`` after signing in (the refresh token's). Reads treat an expired
item as gone. Signing in gives a new session id and CSRF token (no session fixation); signing out
deletes the item.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from frontdoor.cases.dates import utc_now
from frontdoor.cases.tables import FormSessionItem
from web.console.cognito import Challenge, Tokens
from web.console.settings import ConsoleSettings, console_settings
from web.forms import cookie_value, is_secure

COOKIE = "fd_staff"
COOKIE_PATH = "/console"
SIGN_IN_LIFETIME = timedelta(minutes=15)
# A signed-in session's end moves on with each request, but is written at most this often.
EXTEND_EVERY = timedelta(minutes=5)
SESSION_SK = "CONSOLE"
MAX_LOGGED = 50  # log-a-case forms remembered per session (a form sent twice logs one case)
_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass
class ConsoleSession:
    id: str
    csrf_token: str
    tokens: Tokens | None = None
    challenge: Challenge | None = None
    signed_in_at: datetime | None = None
    # Where to go once signed in (a console page asked for before signing in).
    return_to: str | None = None
    # Log-a-case forms already sent: their one-off id -> the reference of the case they logged.
    logged: dict[str, str] = field(default_factory=dict)
    expires_at: datetime | None = None
    secure_cookie: bool = True  # not stored

    @classmethod
    def start(cls, secure_cookie: bool = True) -> ConsoleSession:
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secure_cookie=secure_cookie)

    @property
    def signed_in(self) -> bool:
        return self.tokens is not None and self.signed_in_at is not None

    def ends(self, now: datetime, config: ConsoleSettings) -> datetime:
        """When this session should end if nothing else happens from ``now``."""
        if self.tokens is None or self.signed_in_at is None:
            return now + SIGN_IN_LIFETIME
        return min(now + config.idle, self.signed_in_at + config.longest)


def session_pk(session_id: str) -> str:
    return f"CONSOLE#{session_id}"


# --- storage ----------------------------------------------------------------------------------------------
def load(session_id: str, now: datetime) -> ConsoleSession | None:
    _bind_tables()
    try:
        item = FormSessionItem.get(session_pk(session_id), SESSION_SK)
    except FormSessionItem.DoesNotExist:
        return None
    if item.expires_at <= now:  # DynamoDB deletes expired items only eventually: expired means gone
        return None
    data: dict[str, Any] = json.loads(item.data)
    tokens, challenge = data.get("tokens"), data.get("challenge")
    signed_in_at = data.get("signed_in_at")
    return ConsoleSession(
        id=session_id,
        csrf_token=item.csrf_token,
        tokens=Tokens(**tokens) if tokens else None,
        challenge=Challenge(**challenge) if challenge else None,
        signed_in_at=datetime.fromisoformat(signed_in_at) if signed_in_at else None,
        return_to=data.get("return_to"),
        logged=dict(data.get("logged") or {}),
        expires_at=item.expires_at,
    )


def save(session: ConsoleSession, now: datetime | None = None) -> ConsoleSession:
    _bind_tables()
    now = now or utc_now()
    session.expires_at = session.ends(now, console_settings())
    data = {
        "tokens": asdict(session.tokens) if session.tokens else None,
        "challenge": asdict(session.challenge) if session.challenge else None,
        "signed_in_at": session.signed_in_at.isoformat() if session.signed_in_at else None,
        "return_to": session.return_to,
        "logged": dict(list(session.logged.items())[-MAX_LOGGED:]),
    }
    FormSessionItem(
        session_pk(session.id),
        SESSION_SK,
        csrf_token=session.csrf_token,
        data=json.dumps(data, separators=(",", ":")),
        updated_at=now,
        expires_at=session.expires_at,
    ).save()
    return session


def delete(session: ConsoleSession) -> None:
    _bind_tables()
    FormSessionItem(session_pk(session.id), SESSION_SK).delete()


def _bind_tables() -> None:
    from frontdoor.wiring import case_service

    case_service()  # points the models at this stage's tables (once per process)


# --- a request's session --------------------------------------------------------------------------------
def current(event: APIGatewayProxyEvent, now: datetime | None = None) -> ConsoleSession | None:
    """The live session the request's cookie names, if any (nothing is written)."""
    session_id = cookie_value(event, COOKIE)
    if session_id is None or not _ID.match(session_id):
        return None
    session = load(session_id, now or utc_now())
    if session is not None:
        session.secure_cookie = is_secure(event)
    return session


def anonymous(event: APIGatewayProxyEvent, now: datetime | None = None) -> ConsoleSession:
    """The request's session, or a new one, for the sign-in pages; saved, so it lives on."""
    now = now or utc_now()
    session = current(event, now) or ConsoleSession.start(secure_cookie=is_secure(event))
    return save(session, now)


def begin_signed_in(session: ConsoleSession, tokens: Tokens, now: datetime | None = None) -> ConsoleSession:
    """The session of a member of staff who has just signed in: a new id and CSRF token (the old
    session, which anyone could have planted before sign-in, is gone)."""
    now = now or utc_now()
    delete(session)
    fresh = ConsoleSession.start(secure_cookie=session.secure_cookie)
    fresh.tokens, fresh.signed_in_at = tokens, now
    return save(fresh, now)


def keep_alive(session: ConsoleSession, now: datetime | None = None) -> None:
    """Push a signed-in session's end on (written only when it has moved far enough)."""
    now = now or utc_now()
    if (
        session.expires_at is None
        or session.ends(now, console_settings()) - session.expires_at >= EXTEND_EVERY
    ):
        save(session, now)


# --- the cookie -----------------------------------------------------------------------------------------
def cookie(session: ConsoleSession) -> Cookie:
    return Cookie(
        name=COOKIE,
        value=session.id,
        path=COOKIE_PATH,
        secure=session.secure_cookie,
        http_only=True,
        same_site=SameSite.STRICT_MODE,
    )


def forget_cookie(secure: bool) -> Cookie:
    """Tells the browser to drop the cookie (signing out)."""
    return Cookie(
        name=COOKIE,
        value="",
        path=COOKIE_PATH,
        secure=secure,
        http_only=True,
        same_site=SameSite.STRICT_MODE,
        max_age=0,
    )
