"""Forms: POST/redirect/GET, answers kept server-side between steps, and CSRF protection.

A form session is a short-lived item in the cases table (``FORM#<random id>``, an hour after its
last save; reads treat an expired one as gone) referenced by the ``fd_session`` cookie (HttpOnly,
SameSite=Lax, Path=/, Secure except on 127.0.0.1). It holds the resident's answers so far and a
random CSRF token, rendered into every form as a hidden field and checked, in constant time, on
every POST. A POST without a live session or with the wrong token is refused as a whole
(``BadSubmission``): the site answers 400 with a GOV.UK page, never a 500.

In a route::

    session = forms.begin(event)                       # GET of a form page: existing or new session
    return page("x.html", title=..., session=session)  # renders csrf_token, refreshes the cookie

    session, form = forms.submitted(event)             # POST: parse, check the CSRF token
    ...                                                # errors: page(...) again, keeping what was typed
    session.data["answers"] = ...
    forms.save(session)
    return redirect("/next", session=session)          # 303 See Other
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import parse_qsl

from aws_lambda_powertools.shared.cookies import Cookie, SameSite
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from frontdoor.cases.dates import utc_now

SESSION_COOKIE = "fd_session"
CSRF_FIELD = "csrf_token"
SESSION_LIFETIME = timedelta(hours=1)
MAX_FORM_BYTES = 64 * 1024  # a report of 4,000 characters, urlencoded, fits several times over
MAX_FIELDS = 200
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]"})

Form = dict[str, list[str]]  # field name -> every value sent, in order (checkboxes repeat a name)


class BadSubmission(Exception):
    """A POST refused as a whole: no live form session, a wrong CSRF token, or not a form at all.

    The message is for logs and says which; it never quotes the request.
    """


@dataclass
class FormSession:
    id: str
    csrf_token: str
    data: dict[str, Any] = field(default_factory=dict)
    expires_at: datetime | None = None
    # Whether the cookie may only travel over HTTPS (everywhere but 127.0.0.1). Not stored.
    secure_cookie: bool = True

    @classmethod
    def start(cls, secure_cookie: bool = True) -> FormSession:
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secure_cookie=secure_cookie)


class FormSessionStore(Protocol):
    def load(self, session_id: str, now: datetime) -> FormSession | None:
        """The session, or None if there is none or it has expired (expired means gone)."""

    def save(self, session: FormSession, now: datetime) -> None:
        """Write the session; it expires SESSION_LIFETIME after ``now`` (sets ``expires_at``)."""

    def delete(self, session_id: str) -> None: ...


_store: FormSessionStore | None = None


def store() -> FormSessionStore:
    """The process's store: the cases table, unless a test set another with ``use_store``."""
    global _store
    if _store is None:
        from web.session_store import DynamoFormSessionStore

        _store = DynamoFormSessionStore()
    return _store


def use_store(replacement: FormSessionStore | None) -> None:
    """Tests: keep sessions elsewhere (None goes back to the cases table)."""
    global _store
    _store = replacement


# --- a request's session ----------------------------------------------------------------------------
def begin(event: APIGatewayProxyEvent, now: datetime | None = None) -> FormSession:
    """The request's live session, or a new one; saved either way, so it lives another hour."""
    now = now or utc_now()
    session = current(event, now) or FormSession.start(secure_cookie=is_secure(event))
    store().save(session, now)
    return session


def current(event: APIGatewayProxyEvent, now: datetime | None = None) -> FormSession | None:
    """The live session named by the request's cookie, if any (nothing is written)."""
    session_id = cookie_value(event, SESSION_COOKIE)
    if session_id is None or not _TOKEN.match(session_id):
        return None
    session = store().load(session_id, now or utc_now())
    if session is not None:
        session.secure_cookie = is_secure(event)
    return session


def submitted(event: APIGatewayProxyEvent, now: datetime | None = None) -> tuple[FormSession, Form]:
    """The POSTed form and its session, once the CSRF token is checked; else ``BadSubmission``."""
    form = parse_form(event)
    session = current(event, now)
    if session is None:
        raise BadSubmission("no live form session (none, or expired)")
    sent = form.pop(CSRF_FIELD, [""])
    if len(sent) != 1 or not hmac.compare_digest(sent[0].encode(), session.csrf_token.encode()):
        raise BadSubmission("the CSRF token is missing or wrong")
    return session, form


def save(session: FormSession, now: datetime | None = None) -> FormSession:
    store().save(session, now or utc_now())
    return session


def end(session: FormSession) -> None:
    """Forget the answers (once a journey is done: they may hold personal data)."""
    store().delete(session.id)
    session.data.clear()


# --- form bodies ------------------------------------------------------------------------------------
def parse_form(event: APIGatewayProxyEvent) -> Form:
    """An urlencoded body as field -> values; anything else is a ``BadSubmission``."""
    content_type = (event.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise BadSubmission("the body is not an urlencoded form")
    body = event.body or ""
    raw = base64.b64decode(body) if event.is_base64_encoded else body.encode("utf-8")
    if len(raw) > MAX_FORM_BYTES:
        raise BadSubmission("the form is too large")
    try:
        pairs = parse_qsl(
            raw.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict"
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise BadSubmission(f"the form cannot be read ({type(error).__name__})") from None
    form: Form = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def first(form: Form, name: str) -> str:
    """The first value sent for ``name``, or "" (a field left out reads like one left blank)."""
    values = form.get(name)
    return values[0] if values else ""


# --- cookies ----------------------------------------------------------------------------------------
def cookie_value(event: APIGatewayProxyEvent, name: str) -> str | None:
    """The value of cookie ``name`` from the request's Cookie header(s); the first one wins."""
    headers = event.multi_value_headers or {}
    lines = next((values for key, values in headers.items() if key.lower() == "cookie"), None)
    if lines is None:
        single = event.headers.get("cookie")
        lines = [single] if single else []
    for line in lines:
        for pair in line.split(";"):
            key, _, value = pair.strip().partition("=")
            if key == name:
                return value.strip().strip('"')
    return None


def is_secure(event: APIGatewayProxyEvent) -> bool:
    """Everywhere but the local runtime on loopback (plain http there) cookies need HTTPS."""
    host = event.headers.get("host") or ""
    name = host.split("]", 1)[0] + "]" if host.startswith("[") else host.rsplit(":", 1)[0]
    return name.lower() not in _LOOPBACK


def session_cookie(session: FormSession) -> Cookie:
    return Cookie(
        name=SESSION_COOKIE,
        value=session.id,
        path="/",
        secure=session.secure_cookie,
        http_only=True,
        same_site=SameSite.LAX_MODE,
        max_age=int(SESSION_LIFETIME.total_seconds()),
    )
