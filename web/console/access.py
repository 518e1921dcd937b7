"""Who is asking: every console page but the sign-in pages needs a signed-in member of staff.

Each request loads the console session its cookie names and checks the ID token in it
(``tokens.IdTokenVerifier``); an expired token is refreshed with the refresh token (and the new
tokens kept), and a refresh Cognito refuses (revoked, expired) ends the session. The member of
staff is then an ``Actor`` from the token's claims, exactly as the staff API builds one, so the
back office's role matrix decides what they may do. A POST must also carry the session's CSRF token.
"""

from __future__ import annotations

import hmac
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from frontdoor.backoffice.errors import NotSignedIn
from frontdoor.backoffice.roles import Action, Actor, actor_from_claims
from frontdoor.cases.dates import utc_now
from web.console import sessions
from web.console.cognito import SignInRefused, cognito_sign_in
from web.console.sessions import ConsoleSession
from web.console.settings import console_settings
from web.console.tokens import IdTokenVerifier, InvalidToken, SigningKeys, TokenExpired, fetch_jwks
from web.console.words import ROLE_WORDS
from web.forms import CSRF_FIELD, BadSubmission, Form, parse_form

HOME = "/console/search"
SIGN_IN = "/console/sign-in"


class SignInNeeded(Exception):
    """No signed-in member of staff: to the sign-in page, then back to ``return_to``."""

    def __init__(self, return_to: str | None = None) -> None:
        super().__init__("sign in needed")
        self.return_to = return_to

    @property
    def location(self) -> str:
        return f"{SIGN_IN}?next={quote(self.return_to, safe='/')}" if self.return_to else SIGN_IN


@dataclass
class Staff:
    actor: Actor
    session: ConsoleSession

    def may(self, action: Action) -> bool:
        return self.actor.may(action)

    @property
    def role_words(self) -> str:
        return ", ".join(ROLE_WORDS[role] for role in sorted(self.actor.roles)) or "No role"


# The member of staff of the request being answered, for the error pages' navigation.
_current: ContextVar[Staff | None] = ContextVar("console_staff", default=None)


def current_staff() -> Staff | None:
    return _current.get()


def forget_staff() -> None:
    """At the start of each request: nobody is signed in until ``signed_in`` says so."""
    _current.set(None)


@lru_cache(maxsize=1)
def verifier() -> IdTokenVerifier:
    config = console_settings()
    return IdTokenVerifier(config.issuer, config.client_id, SigningKeys(fetch_jwks(config.jwks_url)))


def signed_in(event: APIGatewayProxyEvent, now: datetime | None = None) -> Staff:
    """The member of staff signed in with this request's session, or ``SignInNeeded``."""
    now = now or utc_now()
    session = sessions.current(event, now)
    if session is None or session.tokens is None:
        raise SignInNeeded(return_to(event))
    try:
        try:
            claims = verifier().claims(session.tokens.id_token, now.timestamp())
        except TokenExpired:
            session.tokens = cognito_sign_in().refresh(session.tokens)
            claims = verifier().claims(session.tokens.id_token, now.timestamp())
            sessions.save(session, now)
        actor = actor_from_claims(claims)
    except SignInRefused as refused:
        if refused.refusal == "unavailable":
            raise  # Cognito is down: an error page, and the session stays for when it is back
        sessions.delete(session)
        raise SignInNeeded(return_to(event)) from None
    except (InvalidToken, NotSignedIn):
        sessions.delete(session)
        raise SignInNeeded(return_to(event)) from None
    sessions.keep_alive(session, now)
    staff = Staff(actor, session)
    _current.set(staff)
    return staff


def submitted(event: APIGatewayProxyEvent, now: datetime | None = None) -> tuple[Staff, Form]:
    """A POST from a signed-in member of staff, its CSRF token checked; ``BadSubmission`` if wrong."""
    staff = signed_in(event, now)
    return staff, checked_form(event, staff.session)


def checked_form(event: APIGatewayProxyEvent, session: ConsoleSession) -> Form:
    """The POSTed form once its CSRF token matches the session's (compared in constant time)."""
    form = parse_form(event)
    sent = form.pop(CSRF_FIELD, [""])
    if len(sent) != 1 or not hmac.compare_digest(sent[0].encode(), session.csrf_token.encode()):
        raise BadSubmission("the CSRF token is missing or wrong")
    return form


def return_to(event: APIGatewayProxyEvent) -> str | None:
    """Where to come back to after signing in: the page asked for, if it was a console page GET."""
    if event.http_method != "GET":
        return None
    path = event.path
    query = event.query_string_parameters or {}
    if query:
        from urllib.parse import urlencode

        path = f"{path}?{urlencode(query)}"
    return safe_return(path)


def safe_return(path: str | None) -> str | None:
    """``path`` if it is a console page on this site (never elsewhere, never the sign-in pages)."""
    if not path or not path.startswith("/console/") or path.startswith(SIGN_IN) or "//" in path:
        return None
    if "\\" in path or any(ord(c) < 32 for c in path):
        return None
    return path
