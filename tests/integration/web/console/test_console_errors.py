"""What the console answers when something other than the member of staff goes wrong: unknown pages,
a change that crossed another, AWS or Cognito not answering, a stage without a user pool, a bug;
always a GOV.UK page, never a traceback, and nothing of the request in the log."""

from __future__ import annotations

import logging

import pytest

from frontdoor import settings
from tests.integration.web.console.console_browser import ConsoleBrowser, title_of


def test_an_unknown_console_page_is_the_consoles_404(console: ConsoleBrowser):
    console.sign_in("backoffice")
    page = console.get("/console/nowhere")
    assert page.status == 404 and title_of(page).startswith("Page not found - Staff console")
    assert "Signed in as" in page.body  # the member of staff's navigation, still


def test_a_change_that_crossed_another_says_so_and_leads_back_to_the_case(console, reported, monkeypatch):
    from frontdoor.backoffice.service import BackOffice
    from frontdoor.cases.errors import CaseChanged

    reference = reported()
    console.sign_in("backoffice")
    console.get(f"/console/cases/{reference}/update")

    def crossed(*args, **kwargs):
        raise CaseChanged("changed")

    monkeypatch.setattr(BackOffice, "update", crossed)
    page = console.post(f"/console/cases/{reference}/update", [("status", "investigating")])
    assert page.status == 409 and title_of(page).startswith("Someone else changed this case")
    assert f'href="/console/cases/{reference}"' in page.body


def test_cognito_not_answering_a_refresh_is_a_503_and_keeps_the_session(console, monkeypatch):
    from web.console import access
    from web.console.cognito import SignInRefused
    from web.console.tokens import TokenExpired

    console.sign_in("backoffice")

    class Expired:
        def claims(self, token, now=None):
            raise TokenExpired("the token has expired")

    class Down:
        def refresh(self, tokens):
            raise SignInRefused("unavailable")

    monkeypatch.setattr(access, "verifier", lambda: Expired())
    monkeypatch.setattr(access, "cognito_sign_in", lambda: Down())
    page = console.get("/console/search")
    assert page.status == 503 and title_of(page).startswith("Sorry, the service is unavailable")
    assert "fd_staff" in console.cookies


def test_signing_keys_out_of_reach_are_a_503_and_keep_the_session(console, monkeypatch):
    from web.console import access
    from web.console.settings import console_settings
    from web.console.tokens import IdTokenVerifier, SigningKeys

    console.sign_in("backoffice")
    config = console_settings()

    def unreachable():
        raise OSError("no route to host")

    verifier = IdTokenVerifier(config.issuer, config.client_id, SigningKeys(unreachable))
    monkeypatch.setattr(access, "verifier", lambda: verifier)
    page = console.get("/console/search")
    assert page.status == 503 and "fd_staff" in console.cookies


def test_a_stage_without_a_staff_user_pool_is_a_503(console, monkeypatch):
    from web.console.settings import console_settings

    monkeypatch.delenv(settings.STAFF_USER_POOL_ID)
    console_settings.cache_clear()
    console.get("/console/sign-in")
    page = console.post("/console/sign-in", [("username", "backoffice"), ("password", "Local-backoffice-1!")])
    assert page.status == 503


def test_a_bug_is_a_500_page_logged_without_the_request(console, reported, monkeypatch, capsys, caplog):
    from web.console import cases

    reference = reported()
    console.sign_in("backoffice")
    caplog.set_level(logging.DEBUG)

    def broken(*args, **kwargs):
        raise RuntimeError(f"broken near {reference} for ada@example.com")

    monkeypatch.setattr(cases.case_views, "detail_rows", broken)
    page = console.get(f"/console/cases/{reference}")
    assert page.status == 500 and title_of(page).startswith("Sorry, there is a problem with the service")
    assert "Traceback" not in page.body and "ada@example.com" not in page.body
    (record,) = [r for r in caplog.records if r.getMessage() == "unexpected error"]
    assert record.error_type == "RuntimeError"  # type: ignore[attr-defined]
    logged = capsys.readouterr().out + caplog.text + repr(vars(record))
    assert "ada@example.com" not in logged and "broken near" not in logged and "fd_staff" not in logged


@pytest.mark.parametrize("path", ["/console/search", "/console/log-case", "/console/audit"])
def test_every_console_page_is_never_stored_and_carries_the_security_headers(console, path):
    console.sign_in("supervisor")
    page = console.get(path)
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
