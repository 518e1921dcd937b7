"""Form sessions and CSRF: answers kept server-side between steps, every POST checked."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from local.gateway import build_proxy_event
from tests.unit.web.session_fakes import InMemoryFormSessionStore
from web import forms
from web.forms import BadSubmission, FormSession

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LOCAL = "127.0.0.1:8080"
COUNCIL = "www.example.gov.uk"


def request(
    method: str = "GET",
    cookie: str | None = None,
    form: list[tuple[str, str]] | None = None,
    host: str = LOCAL,
    content_type: str = "application/x-www-form-urlencoded",
    body: bytes | None = None,
) -> APIGatewayProxyEvent:
    headers = {"Host": host}
    if cookie is not None:
        headers["Cookie"] = cookie
    if form is not None or body is not None:
        headers["Content-Type"] = content_type
    data = body if body is not None else urlencode(form or []).encode()
    return APIGatewayProxyEvent(build_proxy_event(method, "/form", headers, data))


def started(sessions: InMemoryFormSessionStore, host: str = LOCAL) -> FormSession:
    return forms.begin(request(host=host), NOW)


def post(
    session: FormSession, fields: list[tuple[str, str]], at: datetime = NOW
) -> tuple[FormSession, forms.Form]:
    cookie = f"{forms.SESSION_COOKIE}={session.id}"
    return forms.submitted(request("POST", cookie, [("csrf_token", session.csrf_token), *fields]), at)


def test_a_form_page_starts_a_session_kept_server_side_for_an_hour(sessions: InMemoryFormSessionStore):
    session = started(sessions)
    assert session.expires_at == NOW + timedelta(hours=1)
    assert session.id in sessions.sessions
    assert len(session.csrf_token) >= 43 and session.csrf_token != session.id


def test_coming_back_with_the_cookie_continues_the_same_session_for_another_hour(sessions):
    session = started(sessions)
    session.data["where"] = "By the bus stop"
    forms.save(session, NOW)
    later = NOW + timedelta(minutes=50)

    again = forms.begin(request(cookie=f"fd_session={session.id}"), later)

    assert (again.id, again.csrf_token, again.data) == (
        session.id,
        session.csrf_token,
        {"where": "By the bus stop"},
    )
    assert again.expires_at == later + timedelta(hours=1)


def test_an_expired_session_is_gone_and_a_new_one_starts(sessions):
    session = started(sessions)
    after_an_hour = NOW + timedelta(hours=1)
    assert forms.current(request(cookie=f"fd_session={session.id}"), after_an_hour) is None
    assert forms.begin(request(cookie=f"fd_session={session.id}"), after_an_hour).id != session.id


def test_a_post_with_the_sessions_token_gives_the_form_without_the_token(sessions):
    session = started(sessions)
    same, form = post(session, [("surface", "road"), ("bins", "food"), ("bins", "garden")])
    assert same.id == session.id
    assert form == {"surface": ["road"], "bins": ["food", "garden"]}


@pytest.mark.parametrize(
    "tokens",
    [[], ["wrong"], [""], ["SAME", "SAME"]],
    ids=["missing", "wrong", "blank", "sent twice"],
)
def test_a_post_without_exactly_the_sessions_token_is_refused(sessions, tokens: list[str]):
    session = started(sessions)
    fields = [("csrf_token", session.csrf_token if token == "SAME" else token) for token in tokens]
    event = request("POST", f"fd_session={session.id}", [*fields, ("surface", "road")])
    with pytest.raises(BadSubmission, match="CSRF"):
        forms.submitted(event, NOW)


def test_a_post_without_a_live_session_is_refused(sessions):
    session = started(sessions)
    no_cookie = request("POST", None, [("csrf_token", session.csrf_token)])
    with pytest.raises(BadSubmission, match="session"):
        forms.submitted(no_cookie, NOW)
    with pytest.raises(BadSubmission, match="session"):
        post(session, [], at=NOW + timedelta(hours=2))


def test_the_token_is_compared_in_constant_time(sessions, monkeypatch: pytest.MonkeyPatch):
    compared: list[tuple[bytes, bytes]] = []
    real = forms.hmac.compare_digest
    monkeypatch.setattr(forms.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    session = started(sessions)
    post(session, [])
    assert compared == [(session.csrf_token.encode(), session.csrf_token.encode())]


def test_a_cookie_that_cannot_be_a_session_id_is_never_looked_up(sessions):
    loads: list[str] = []
    sessions.load = lambda session_id, now: loads.append(session_id)  # type: ignore[method-assign]
    for value in ("", "abc", "FORM#x", "a" * 44, "../../etc"):
        assert forms.current(request(cookie=f"fd_session={value}"), NOW) is None
    assert loads == []


def test_the_session_cookie_is_httponly_lax_site_wide_and_secure_except_on_loopback(sessions):
    local = str(forms.session_cookie(started(sessions, host=LOCAL)))
    council = str(forms.session_cookie(started(sessions, host=COUNCIL)))
    for cookie in (local, council):
        assert cookie.startswith("fd_session=")
        assert "; HttpOnly" in cookie and "; SameSite=Lax" in cookie and "; Path=/" in cookie
        assert "; Max-Age=3600" in cookie
    assert "; Secure" not in local
    assert "; Secure" in council


@pytest.mark.parametrize(
    ("host", "secure"),
    [
        ("127.0.0.1:8080", False),
        ("localhost", False),
        ("[::1]:9000", False),
        ("example.gov.uk", True),
        ("", True),
    ],
)
def test_only_loopback_hosts_go_without_secure_cookies(host: str, secure: bool):
    assert forms.is_secure(request(host=host)) is secure


def test_the_cookie_is_found_among_others_and_in_repeated_headers():
    event = build_proxy_event(
        "GET", "/", [("Host", LOCAL), ("Cookie", "a=1; b=2"), ("Cookie", "fd_session=xyz")], b""
    )
    assert forms.cookie_value(APIGatewayProxyEvent(event), "fd_session") == "xyz"
    assert forms.cookie_value(request(cookie="a=1; fd_session=abc; c=3"), "fd_session") == "abc"
    assert forms.cookie_value(request(), "fd_session") is None


def test_a_body_that_is_not_an_urlencoded_form_is_refused():
    with pytest.raises(BadSubmission, match="not an urlencoded form"):
        forms.parse_form(request("POST", body=b'{"a": 1}', content_type="application/json"))
    with pytest.raises(BadSubmission, match="too large"):
        forms.parse_form(request("POST", form=[("description", "x" * (forms.MAX_FORM_BYTES + 1))]))
    with pytest.raises(BadSubmission, match="cannot be read"):
        forms.parse_form(request("POST", body=b"description=%ff%fe"))


def test_a_form_sent_base64_encoded_reads_the_same():
    event = build_proxy_event(
        "POST", "/form", {"Host": LOCAL, "Content-Type": "application/x-www-form-urlencoded"}, b""
    )
    event["body"] = base64.b64encode(b"name=Ada+L%C3%B6velace&empty=").decode()
    event["isBase64Encoded"] = True
    assert forms.parse_form(APIGatewayProxyEvent(event)) == {"name": ["Ada Lövelace"], "empty": [""]}


def test_ending_a_journey_forgets_its_answers(sessions):
    session = started(sessions)
    session.data["email"] = "ada@example.com"
    forms.save(session, NOW)
    forms.end(session)
    assert session.id not in sessions.sessions and session.data == {}


def test_first_reads_a_missing_field_as_blank():
    assert forms.first({"a": ["1", "2"]}, "a") == "1"
    assert forms.first({}, "a") == ""
