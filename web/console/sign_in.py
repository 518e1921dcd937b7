"""Signing in and out of the console, on GOV.UK pages, with Cognito server-side.

``/console/sign-in`` takes a username (or email address) and password; Cognito may then ask for a
new password (``/new-password``), for an authenticator app to be set up (``/set-up-authenticator``:
the secret shown as text, then a first code) or for a code from the app (``/code``). The half-done
sign-in (Cognito's challenge session) waits in the console session, never in the browser. Once
signed in the session gets a new id and CSRF token, and the member of staff goes to the page they
first asked for. A wrong username and a wrong password get the same words. ``/console/sign-out``
revokes the tokens and deletes the session.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.observability import function_logger
from web.console import sessions
from web.console.access import HOME, SIGN_IN, SignInNeeded, checked_form, safe_return, signed_in, submitted
from web.console.cognito import Challenge, ChallengeName, Outcome, Refusal, SignInRefused, cognito_sign_in
from web.console.pages import console_page, see_other
from web.console.sessions import ConsoleSession
from web.forms import Form, first, is_secure
from web.responses import FieldErrors

router = APIGatewayRouter()
logger = function_logger("console")

NEW_PASSWORD = "/console/sign-in/new-password"
SET_UP_AUTHENTICATOR = "/console/sign-in/set-up-authenticator"
CODE = "/console/sign-in/code"
SIGNED_OUT = "/console/signed-out"
CHALLENGE_PAGES: dict[ChallengeName, str] = {
    "NEW_PASSWORD_REQUIRED": NEW_PASSWORD,
    "MFA_SETUP": SET_UP_AUTHENTICATOR,
    "SOFTWARE_TOKEN_MFA": CODE,
}
# The staff pool's password policy (infra/constructs/staff.py, local/staff.py), in words.
PASSWORD_MIN_LENGTH = 12
PASSWORD_RULES = (
    f"Your password must be at least {PASSWORD_MIN_LENGTH} characters and include a capital letter, "
    "a small letter, a number and a symbol"
)
MAX_FIELD = 256
_CODE = re.compile(r"^\d{6}$")

# What each refusal tells the member of staff, and on which field.
REFUSAL_WORDS: dict[Refusal, str] = {
    "credentials": "Enter a correct username and password",
    "wrong_code": "The code is not correct: enter the 6-digit code your authenticator app shows now",
    "weak_password": PASSWORD_RULES,
    "reset_required": "Your password has been reset: ask an admin for a new temporary password",
    "too_many": "You have tried too many times: wait 15 minutes, then try again",
    "unsupported": "Your account cannot sign in to the console yet: ask an admin to check its settings",
    "unavailable": "Signing in is not working at the moment: try again in a few minutes",
}


@router.get("/console")
def console_home() -> Response[str]:
    return see_other(HOME)


# --- username and password ---------------------------------------------------------------------------
@router.get("/console/sign-in")
def sign_in_page() -> Response[str]:
    event = router.current_event
    return_to = safe_return(event.get_query_string_value("next"))
    try:
        signed_in(event)
        return see_other(return_to or HOME)
    except SignInNeeded:
        pass
    session = sessions.current(event) or ConsoleSession.start(secure_cookie=is_secure(event))
    session.challenge, session.return_to = None, return_to  # a half-done sign-in starts over
    sessions.save(session)
    expired = event.get_query_string_value("expired") == "1"
    return _sign_in_form(session, FieldErrors(), "", expired=expired)


@router.post("/console/sign-in")
def sign_in() -> Response[str]:
    event = router.current_event
    session = sessions.current(event)
    if session is None:  # the page was left open too long: a new one, with words rather than a 400
        session = sessions.save(ConsoleSession.start(secure_cookie=is_secure(event)))
        errors = FieldErrors(
            {"username": "The sign-in page timed out: enter your username and password again"}
        )
        return _sign_in_form(session, errors, "", status=400)
    form = checked_form(event, session)
    username, password = first(form, "username").strip()[:MAX_FIELD], first(form, "password")[:MAX_FIELD]
    errors = FieldErrors()
    if not username:
        errors.add("username", "Enter your username or email address")
    if not password:
        errors.add("password", "Enter your password")
    if errors:
        return _sign_in_form(session, errors, username, status=400)
    try:
        outcome = cognito_sign_in().start(username, password)
    except SignInRefused as refused:
        logger.info("sign-in refused", extra={"refusal": refused.refusal})
        field = "password" if refused.refusal == "credentials" else "username"
        status = 503 if refused.refusal == "unavailable" else 400
        return _sign_in_form(
            session, FieldErrors({field: REFUSAL_WORDS[refused.refusal]}), username, status=status
        )
    return _next_step(session, outcome)


def _sign_in_form(
    session: ConsoleSession, errors: FieldErrors, username: str, *, status: int = 200, expired: bool = False
) -> Response[str]:
    return console_page(
        "console/sign_in/sign_in.html",
        title="Sign in to the staff console",
        session=session,
        errors=errors,
        status=status,
        username=username,
        expired=expired,
    )


def _next_step(session: ConsoleSession, outcome: Outcome) -> Response[str]:
    """Signed in (to the page first asked for), or on to the page of Cognito's next challenge."""
    if not isinstance(outcome, Challenge):
        fresh = sessions.begin_signed_in(session, outcome)
        logger.info("staff signed in")
        return see_other(session.return_to or HOME, session=fresh)
    if outcome.name == "MFA_SETUP":
        # Associated once, here: the page showing the secret can be reloaded without changing it.
        outcome = cognito_sign_in().associate_authenticator(outcome)
    session.challenge = outcome
    sessions.save(session)
    return see_other(CHALLENGE_PAGES[outcome.name], session=session)


# --- Cognito's challenges ------------------------------------------------------------------------------
@router.get(NEW_PASSWORD)
def new_password_page() -> Response[str]:
    return _challenge_page("NEW_PASSWORD_REQUIRED", FieldErrors())


@router.post(NEW_PASSWORD)
def new_password() -> Response[str]:
    def answer(session: ConsoleSession, challenge: Challenge, form: Form) -> Response[str]:
        password, confirm = first(form, "password")[:MAX_FIELD], first(form, "confirm")[:MAX_FIELD]
        errors = FieldErrors()
        if not password:
            errors.add("password", "Enter a new password")
        elif password != confirm:
            errors.add("confirm", "Enter the same password twice")
        if errors:
            return _challenge_page(challenge.name, errors, session=session, status=400)
        return _respond(session, lambda: cognito_sign_in().new_password(challenge, password), "password")

    return _answer("NEW_PASSWORD_REQUIRED", answer)


@router.get(SET_UP_AUTHENTICATOR)
def set_up_authenticator_page() -> Response[str]:
    return _challenge_page("MFA_SETUP", FieldErrors())


@router.post(SET_UP_AUTHENTICATOR)
def set_up_authenticator() -> Response[str]:
    def answer(session: ConsoleSession, challenge: Challenge, form: Form) -> Response[str]:
        code, errors = _code(form)
        if errors:
            return _challenge_page(challenge.name, errors, session=session, status=400)
        return _respond(session, lambda: cognito_sign_in().verify_authenticator(challenge, code), "code")

    return _answer("MFA_SETUP", answer)


@router.get(CODE)
def code_page() -> Response[str]:
    return _challenge_page("SOFTWARE_TOKEN_MFA", FieldErrors())


@router.post(CODE)
def code() -> Response[str]:
    def answer(session: ConsoleSession, challenge: Challenge, form: Form) -> Response[str]:
        code, errors = _code(form)
        if errors:
            return _challenge_page(challenge.name, errors, session=session, status=400)
        return _respond(session, lambda: cognito_sign_in().code(challenge, code), "code")

    return _answer("SOFTWARE_TOKEN_MFA", answer)


_TEMPLATES: dict[ChallengeName, tuple[str, str]] = {
    "NEW_PASSWORD_REQUIRED": ("console/sign_in/new_password.html", "Create a new password"),
    "MFA_SETUP": ("console/sign_in/set_up_authenticator.html", "Set up an authenticator app"),
    "SOFTWARE_TOKEN_MFA": ("console/sign_in/code.html", "Enter the code from your authenticator app"),
}


def _challenge_page(
    name: ChallengeName, errors: FieldErrors, *, session: ConsoleSession | None = None, status: int = 200
) -> Response[str]:
    session = session or sessions.current(router.current_event)
    if session is None or session.challenge is None or session.challenge.name != name:
        return see_other(SIGN_IN)
    template, title = _TEMPLATES[name]
    return console_page(
        template,
        title=title,
        session=session,
        errors=errors,
        status=status,
        secret=_in_groups(session.challenge.secret or ""),
        account=session.challenge.username,
        password_rules=PASSWORD_RULES,
    )


Answer = Callable[[ConsoleSession, Challenge, Form], Response[str]]


def _answer(name: ChallengeName, answer: Answer) -> Response[str]:
    """A challenge page's POST: the session must be waiting for this challenge (else start again)."""
    event = router.current_event
    session = sessions.current(event)
    if session is None:
        return see_other(f"{SIGN_IN}?expired=1")
    form = checked_form(event, session)
    challenge = session.challenge
    if challenge is None or challenge.name != name:
        return see_other(SIGN_IN)
    return answer(session, challenge, form)


def _respond(session: ConsoleSession, respond: Callable[[], Outcome], field: str) -> Response[str]:
    challenge = session.challenge
    assert challenge is not None
    try:
        outcome = respond()
    except SignInRefused as refused:
        logger.info(
            "sign-in challenge refused", extra={"challenge": challenge.name, "refusal": refused.refusal}
        )
        if refused.refusal in ("expired", "credentials", "reset_required", "unsupported"):
            session.challenge = None
            sessions.save(session)
            return see_other(f"{SIGN_IN}?expired=1", session=session)
        errors = FieldErrors({field: REFUSAL_WORDS[refused.refusal]})
        status = 503 if refused.refusal == "unavailable" else 400
        return _challenge_page(challenge.name, errors, session=session, status=status)
    return _next_step(session, outcome)


def _code(form: Form) -> tuple[str, FieldErrors]:
    code = "".join(first(form, "code").split())[:MAX_FIELD]
    errors = FieldErrors()
    if not code:
        errors.add("code", "Enter the 6-digit code from your authenticator app")
    elif not _CODE.match(code):
        errors.add("code", "The code must be 6 digits, like 123456")
    return code, errors


def _in_groups(secret: str) -> str:
    """'JBSWY3DPEHPK3PXP' -> 'JBSW Y3DP EHPK 3PXP': easier to type into an app without a camera."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- signing out ---------------------------------------------------------------------------------------
@router.post("/console/sign-out")
def sign_out() -> Response[str]:
    event = router.current_event
    try:
        staff, _ = submitted(event)
    except SignInNeeded:  # signed out already (elsewhere, or the session ended)
        return see_other(SIGNED_OUT, cookies=[sessions.forget_cookie(is_secure(event))])
    tokens = staff.session.tokens
    if tokens is not None:
        try:
            cognito_sign_in().sign_out(tokens)
        except SignInRefused as refused:  # the session goes anyway; its tokens expire on their own
            logger.warning("tokens not revoked", extra={"refusal": refused.refusal})
    sessions.delete(staff.session)
    logger.info("staff signed out")
    return see_other(SIGNED_OUT, cookies=[sessions.forget_cookie(is_secure(event))])


@router.get(SIGNED_OUT)
def signed_out() -> Response[str]:
    return console_page("console/sign_in/signed_out.html", title="You have signed out")
