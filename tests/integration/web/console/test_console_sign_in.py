"""Signing in to the staff console on moto's Cognito: the password, a first sign-in's new password,
setting up an authenticator app and its codes; the session cookie, its rotation and expiry, tokens
refreshed and revoked, sign-out; and no password, token or code in any log line."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

import boto3
import pytest

from frontdoor.cases.dates import utc_now
from frontdoor.cases.tables import FormSessionItem
from local.staff import StaffPool
from tests.integration.web.console.console_browser import (
    REGION,
    ConsoleBrowser,
    errors_of,
    moto_private_key,
    title_of,
)
from web.console import sessions

NEW_PASSWORD = "A-new-password-2!"


def _idp() -> Any:
    return boto3.client("cognito-idp", region_name=REGION)


def _session_item(browser: ConsoleBrowser) -> FormSessionItem | None:
    try:
        return FormSessionItem.get(sessions.session_pk(browser.cookies[sessions.COOKIE]), sessions.SESSION_SK)
    except (FormSessionItem.DoesNotExist, KeyError):
        return None


# --- asking to sign in ----------------------------------------------------------------------------------
def test_a_console_page_without_a_session_goes_to_sign_in_and_comes_back_after(console: ConsoleBrowser):
    answer = console.get("/console/cases/123456786")
    assert answer.status == 303
    assert answer.headers["location"] == "/console/sign-in?next=/console/cases/123456786"

    page = console.get(answer.headers["location"])
    assert page.status == 200 and title_of(page).startswith("Sign in to the staff console")
    signed_in = console.post(
        "/console/sign-in", [("username", "backoffice"), ("password", "Local-backoffice-1!")]
    )
    assert signed_in.status == 303
    assert signed_in.headers["location"] == "/console/cases/123456786"


def test_the_console_root_and_a_foreign_next_go_to_the_search(console: ConsoleBrowser):
    assert console.get("/console").headers["location"] == "/console/search"
    console.get("/console/sign-in?next=https://evil.example/")
    answer = console.post("/console/sign-in", [("username", "advisor"), ("password", "Local-advisor-1!")])
    assert answer.headers["location"] == "/console/search"


def test_the_session_cookie_is_http_only_strict_and_for_the_console_only(console: ConsoleBrowser):
    page = console.get("/console/sign-in")
    (cookie,) = [line for line in page.cookies if line.startswith("fd_staff=")]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1 only
    assert "Max-Age" not in cookie  # gone when the browser closes
    assert page.headers["cache-control"] == "no-store"

    elsewhere = ConsoleBrowser(console.visit, host="console.example.gov.uk")
    (cookie,) = [line for line in elsewhere.get("/console/sign-in").cookies if line.startswith("fd_staff=")]
    assert "Secure" in cookie


# --- the password ---------------------------------------------------------------------------------------
def test_signing_in_gives_a_new_session_and_forgets_the_one_before(console: ConsoleBrowser):
    console.get("/console/sign-in")
    before = console.cookies[sessions.COOKIE]
    console.post("/console/sign-in", [("username", "backoffice"), ("password", "Local-backoffice-1!")])
    after = console.cookies[sessions.COOKIE]

    assert after != before
    with pytest.raises(FormSessionItem.DoesNotExist):
        FormSessionItem.get(sessions.session_pk(before), sessions.SESSION_SK)
    page = console.get("/console/search")
    assert page.status == 200 and "Signed in as <strong>backoffice</strong> (Back office)" in page.body


@pytest.mark.parametrize(
    ("username", "password"),
    [("backoffice", "Wrong-password-1!"), ("nobody-by-that-name", "Wrong-password-1!")],
    ids=["wrong password", "no such user"],
)
def test_a_wrong_password_and_an_unknown_user_get_the_same_words(console: ConsoleBrowser, username, password):
    console.get("/console/sign-in")
    page = console.post("/console/sign-in", [("username", username), ("password", password)])

    assert page.status == 400
    assert title_of(page).startswith("Error: Sign in to the staff console")
    assert errors_of(page) == ["Enter a correct username and password"]
    assert f'value="{username}"' in page.body  # the username kept, the password never echoed
    assert password not in page.body
    assert console.get("/console/search").status == 303  # still not signed in


def test_a_blank_form_asks_for_both(console: ConsoleBrowser):
    console.get("/console/sign-in")
    page = console.post("/console/sign-in", [("username", " "), ("password", "")])
    assert errors_of(page) == ["Enter your username or email address", "Enter your password"]


def test_a_sign_in_page_left_open_too_long_asks_again_in_words(console: ConsoleBrowser):
    console.get("/console/sign-in")
    item = _session_item(console)
    assert item is not None
    item.update(actions=[FormSessionItem.expires_at.set(utc_now() - timedelta(seconds=1))])

    page = console.post("/console/sign-in", [("username", "backoffice"), ("password", "Local-backoffice-1!")])
    assert page.status == 400
    assert errors_of(page) == ["The sign-in page timed out: enter your username and password again"]


def test_a_sign_in_without_the_pages_csrf_token_is_refused(console: ConsoleBrowser):
    console.get("/console/sign-in")
    page = console.post(
        "/console/sign-in", [("username", "backoffice"), ("password", "Local-backoffice-1!")], csrf="forged"
    )
    assert page.status == 400
    assert title_of(page).startswith("Sorry, there is a problem")
    assert console.get("/console/search").status == 303


# --- a first sign-in: a new password ----------------------------------------------------------------------
def _invite(pool: StaffPool, username: str, group: str = "back_office") -> str:
    temporary = "Temporary-pass-1!"
    idp = _idp()
    idp.admin_create_user(
        UserPoolId=pool.pool_id,
        Username=username,
        TemporaryPassword=temporary,
        UserAttributes=[{"Name": "email", "Value": f"{username}@staff.example.invalid"}],
        MessageAction="SUPPRESS",
    )
    idp.admin_add_user_to_group(UserPoolId=pool.pool_id, Username=username, GroupName=group)
    return temporary


def test_an_invited_member_of_staff_sets_a_new_password_then_is_signed_in(
    console: ConsoleBrowser, staff_pool
):
    temporary = _invite(staff_pool, "new.starter")
    console.get("/console/sign-in")
    answer = console.post("/console/sign-in", [("username", "new.starter"), ("password", temporary)])
    assert answer.headers["location"] == "/console/sign-in/new-password"
    page = console.get("/console/sign-in/new-password")
    assert title_of(page).startswith("Create a new password")
    assert "at least 12 characters" in page.body

    mismatch = console.post(
        "/console/sign-in/new-password", [("password", NEW_PASSWORD), ("confirm", "other")]
    )
    assert errors_of(mismatch) == ["Enter the same password twice"]
    weak = console.post("/console/sign-in/new-password", [("password", "short"), ("confirm", "short")])
    assert weak.status == 400
    assert errors_of(weak) == [
        "Your password must be at least 12 characters and include a capital letter, a small letter,"
        " a number and a symbol"
    ]
    done = console.post(
        "/console/sign-in/new-password", [("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)]
    )
    assert done.status == 303 and done.headers["location"] == "/console/search"
    assert "Signed in as <strong>new.starter</strong>" in console.get("/console/search").body

    again = ConsoleBrowser(console.visit)
    again.sign_in("new.starter", NEW_PASSWORD)  # the new password is the one that works now


def test_a_challenge_page_without_its_challenge_goes_back_to_sign_in(console: ConsoleBrowser):
    console.get("/console/sign-in")
    for path in (
        "/console/sign-in/new-password",
        "/console/sign-in/set-up-authenticator",
        "/console/sign-in/code",
    ):
        assert console.get(path).headers["location"] == "/console/sign-in"


# --- an authenticator app ----------------------------------------------------------------------------------
@pytest.fixture
def mfa_pool(staff_pool: StaffPool, monkeypatch: pytest.MonkeyPatch) -> StaffPool:
    """The pool as the stack makes it: an authenticator app required (moto checks codes when told to)."""
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
    _idp().set_user_pool_mfa_config(
        UserPoolId=staff_pool.pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    return staff_pool


def _code(secret: str) -> str:
    from moto.cognitoidp.utils import cognito_totp

    now = time.time()
    if now % 30 > 27:  # a code about to change: wait for the next one
        time.sleep(30 - now % 30 + 0.1)
    return cognito_totp(secret.replace(" ", "")).generate(int(time.time())).decode()


def test_a_first_sign_in_sets_up_an_authenticator_app_and_later_ones_ask_for_its_code(console, mfa_pool):
    temporary = _invite(mfa_pool, "mfa.starter")
    console.get("/console/sign-in")
    console.post("/console/sign-in", [("username", "mfa.starter"), ("password", temporary)])
    console.get("/console/sign-in/new-password")
    answer = console.post(
        "/console/sign-in/new-password", [("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)]
    )
    assert answer.headers["location"] == "/console/sign-in/set-up-authenticator"

    page = console.get("/console/sign-in/set-up-authenticator")
    assert title_of(page).startswith("Set up an authenticator app")
    secret = "asdf asdf asdf"  # moto's one setup key, shown in groups of four
    assert (
        f'<code class="govuk-!-font-size-24 govuk-!-font-weight-bold govuk-!-text-break-word">{secret}</code>'
        in page.body
    )
    assert console.get("/console/sign-in/set-up-authenticator").body.count(secret) == 1  # reloading keeps it

    wrong = console.post("/console/sign-in/set-up-authenticator", [("code", "12345")])
    assert errors_of(wrong) == ["The code must be 6 digits, like 123456"]
    done = console.post("/console/sign-in/set-up-authenticator", [("code", _code(secret))])
    assert done.status == 303 and done.headers["location"] == "/console/search"
    assert console.get("/console/search").status == 200

    later = ConsoleBrowser(console.visit)
    later.get("/console/sign-in")
    answer = later.post("/console/sign-in", [("username", "mfa.starter"), ("password", NEW_PASSWORD)])
    assert answer.headers["location"] == "/console/sign-in/code"
    later.get("/console/sign-in/code")
    bad = later.post("/console/sign-in/code", [("code", "000000" if _code(secret) != "000000" else "111111")])
    assert bad.status == 400
    assert errors_of(bad) == [
        "The code is not correct: enter the 6-digit code your authenticator app shows now"
    ]
    good = later.post("/console/sign-in/code", [("code", _code(secret))])
    assert good.status == 303 and later.get("/console/search").status == 200


# --- a signed-in session: expiry, refresh, revocation, sign-out --------------------------------------------
def test_a_session_ends_after_an_idle_hour(console: ConsoleBrowser, monkeypatch: pytest.MonkeyPatch):
    console.sign_in("backoffice")
    later = utc_now() + timedelta(minutes=61)
    monkeypatch.setattr("web.console.access.utc_now", lambda: later)
    answer = console.get("/console/search")
    assert answer.status == 303 and answer.headers["location"] == "/console/sign-in?next=/console/search"


def test_activity_keeps_a_session_going_but_never_past_the_working_day(console, monkeypatch):
    console.sign_in("backoffice")
    started = utc_now()
    clock = {"now": started}
    monkeypatch.setattr("web.console.access.utc_now", lambda: clock["now"])
    monkeypatch.setattr("web.console.sessions.utc_now", lambda: clock["now"])
    fresh_token = _signed_token(console, expires_in=3600 * 24)  # keep the ID token out of the picture
    _store_id_token(console, fresh_token)
    for minutes in range(50, 10 * 60, 50):  # a request every 50 minutes
        clock["now"] = started + timedelta(minutes=minutes)
        assert console.get("/console/search").status == 200, minutes
    clock["now"] = started + timedelta(hours=10, minutes=1)
    assert console.get("/console/search").status == 303


def _signed_token(console: ConsoleBrowser, *, expires_in: int, **changes: Any) -> str:
    """An ID token like the pool's (its claims, signed with moto's key), expiring ``expires_in`` from now."""
    from joserfc import jwt

    item = _session_item(console)
    assert item is not None
    token = json.loads(item.data)["tokens"]["id_token"]
    claims = dict(jwt.decode(token, moto_private_key()).claims)
    claims.update(exp=int(time.time()) + expires_in, **changes)
    return jwt.encode({"alg": "RS256", "kid": "dummy"}, claims, moto_private_key())


def _store_id_token(console: ConsoleBrowser, token: str) -> None:
    item = _session_item(console)
    assert item is not None
    data = json.loads(item.data)
    data["tokens"]["id_token"] = token
    item.update(actions=[FormSessionItem.data.set(json.dumps(data))])


def test_an_expired_id_token_is_refreshed_and_the_new_tokens_kept(console: ConsoleBrowser):
    console.sign_in("backoffice")
    expired = _signed_token(console, expires_in=-10)
    _store_id_token(console, expired)

    assert console.get("/console/search").status == 200
    stored = json.loads(_session_item(console).data)["tokens"]  # type: ignore[union-attr]
    assert stored["id_token"] != expired and stored["refresh_token"]


def test_a_revoked_refresh_token_ends_the_session(console: ConsoleBrowser):
    console.sign_in("backoffice")
    access_token = json.loads(_session_item(console).data)["tokens"]["access_token"]  # type: ignore[union-attr]
    _idp().global_sign_out(AccessToken=access_token)  # signed out elsewhere
    _store_id_token(console, _signed_token(console, expires_in=-10))

    answer = console.get("/console/search")
    assert answer.status == 303 and answer.headers["location"].startswith("/console/sign-in")
    assert _session_item(console) is None


@pytest.mark.parametrize(
    "forgery",
    [
        {"aud": "another-client"},
        {"iss": "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_another"},
        {"token_use": "access"},
    ],
    ids=["another client", "another pool", "an access token"],
)
def test_a_token_not_for_this_console_ends_the_session(console: ConsoleBrowser, forgery: dict[str, str]):
    console.sign_in("backoffice")
    _store_id_token(console, _signed_token(console, expires_in=600, **forgery))
    assert console.get("/console/search").status == 303
    assert _session_item(console) is None


def test_a_token_with_a_changed_group_and_its_old_signature_ends_the_session(console: ConsoleBrowser):
    console.sign_in("advisor")
    good = _signed_token(console, expires_in=600)
    header, payload, signature = good.split(".")
    import base64

    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:groups"] = ["supervisor"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    _store_id_token(console, f"{header}.{forged}.{signature}")
    assert console.get("/console/search").status == 303


def test_signing_out_revokes_the_tokens_deletes_the_session_and_drops_the_cookie(console: ConsoleBrowser):
    console.sign_in("backoffice")
    tokens = json.loads(_session_item(console).data)["tokens"]  # type: ignore[union-attr]
    session_id = console.cookies[sessions.COOKIE]

    answer = console.post("/console/sign-out")
    assert answer.status == 303 and answer.headers["location"] == "/console/signed-out"
    assert any(line.startswith("fd_staff=;") and "Max-Age=0" in line for line in answer.cookies)
    with pytest.raises(FormSessionItem.DoesNotExist):
        FormSessionItem.get(sessions.session_pk(session_id), sessions.SESSION_SK)
    with pytest.raises(_idp().exceptions.NotAuthorizedException):
        _idp().initiate_auth(
            ClientId=_client_id(),
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens["refresh_token"]},
        )
    assert title_of(console.get("/console/signed-out")).startswith("You have signed out")
    assert console.get("/console/search").status == 303


def _client_id() -> str:
    from web.console.settings import console_settings

    return console_settings().client_id


def test_signing_out_needs_the_csrf_token(console: ConsoleBrowser):
    console.sign_in("backoffice")
    assert console.post("/console/sign-out", csrf="forged").status == 400
    assert console.get("/console/search").status == 200  # still signed in


# --- nothing secret in the logs ---------------------------------------------------------------------------
def test_no_password_token_or_code_reaches_a_log_line(
    console: ConsoleBrowser, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)  # botocore and friends too (they log bodies at DEBUG)
    console.get("/console/sign-in")
    console.post("/console/sign-in", [("username", "backoffice"), ("password", "Wrong-password-9!")])
    console.sign_in("backoffice")
    tokens = json.loads(_session_item(console).data)["tokens"]  # type: ignore[union-attr]
    console.post("/console/sign-out")
    logged = capsys.readouterr()
    output = logged.out + logged.err + caplog.text
    assert "sign-in refused" in output and "staff signed in" in output  # the function did log
    for secret in ("Wrong-password-9!", "Local-backoffice-1!", tokens["id_token"], tokens["refresh_token"]):
        assert secret not in output
    assert "backoffice" not in output.replace('"service":"console"', "")
