"""HTML answers: security headers, caching, sessions' cookies, POST/redirect/GET, and the GOV.UK
error pages that stand in for anything that goes wrong."""

from __future__ import annotations

import io
import logging
import uuid

import pytest
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from local.gateway import answer_from_proxy_response, build_proxy_event
from local.lambda_context import FakeLambdaContext
from web import forms
from web.forms import BadSubmission, FormSession
from web.render import render
from web.responses import FieldErrors, handle_errors, page, redirect
from web.security import SECURITY_HEADERS


def headers_of(response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items()}


def test_every_page_carries_the_security_headers_and_is_html():
    response = page("errors/404.html", title="Page not found")
    headers = headers_of(response)
    for name, value in SECURITY_HEADERS.items():
        assert headers[name.lower()] == value
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_page_with_a_form_session_is_never_stored_and_refreshes_the_cookie():
    session = FormSession.start(secure_cookie=True)
    response = page("errors/404.html", title="Page not found", session=session, cache="public, max-age=300")
    assert headers_of(response)["cache-control"] == "no-store"
    assert [str(cookie) for cookie in response.cookies] == [str(forms.session_cookie(session))]


def test_the_csrf_partial_renders_the_sessions_token_as_a_hidden_field():
    html = render("partials/csrf.html", csrf_token="t0ken")
    assert '<input type="hidden" name="csrf_token" value="t0ken">' in html


def test_post_redirect_get_is_a_303_to_a_path_of_this_site():
    session = FormSession.start()
    response = redirect("/report/pothole/where", session=session)
    assert response.status_code == 303
    assert headers_of(response)["location"] == "/report/pothole/where"
    assert headers_of(response)["cache-control"] == "no-store"
    assert len(response.cookies) == 1
    for elsewhere in ("https://evil.example/", "//evil.example/", "report"):
        with pytest.raises(ValueError):
            redirect(elsewhere)


def test_field_errors_keep_the_page_order_and_the_first_problem_with_each_field():
    errors = FieldErrors()
    assert not errors
    errors.add("where", "Enter where the problem is")
    errors.add("size", "Select how big it is")
    errors.add("where", "Where must be 250 characters or fewer")
    assert errors.summary() == [
        {"text": "Enter where the problem is", "href": "#where"},
        {"text": "Select how big it is", "href": "#size"},
    ]
    assert errors.for_field("size") == {"text": "Select how big it is"}
    assert errors.for_field("name") is None
    assert "where" in errors


# --- errors through a resolver composed like functions/site/handler.py -------------------------------
router = APIGatewayRouter()


@router.get("/boom")
def boom() -> None:
    raise ValueError("ada@example.com typed this")  # what a resident typed can end up in a message


@router.post("/form")
def refused() -> None:
    raise BadSubmission("the CSRF token is missing or wrong")


@pytest.fixture
def call():
    stream = io.StringIO()
    # A logger of its own per test: powertools keeps the first handler given for a service name.
    logger = Logger(service=f"site-test-{uuid.uuid4().hex}", logger_handler=logging.StreamHandler(stream))
    app = APIGatewayRestResolver()
    app.include_router(router)
    handle_errors(app, logger)

    def call(method: str, path: str):
        event = build_proxy_event(method, path, {"Host": "127.0.0.1"}, b"")
        answer = answer_from_proxy_response(app.resolve(event, FakeLambdaContext(function_name="site")))
        return answer, answer.body.decode(), stream.getvalue()

    return call


def test_an_unknown_page_is_the_govuk_404_page(call):
    answer, html, _ = call("GET", "/no/such/page")
    assert answer.status == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "<title>Page not found - " in html


def test_a_refused_submission_is_a_400_page_that_offers_to_start_again(call):
    answer, html, logs = call("POST", "/form")
    assert answer.status == 400
    assert "Sorry, there is a problem" in html and 'href="/form">Start again</a>' in html
    assert "submission refused" in logs and "CSRF" in logs


def test_an_unexpected_error_is_the_govuk_500_page_logged_without_its_message(call):
    answer, html, logs = call("GET", "/boom")
    assert answer.status == 500
    assert "Sorry, there is a problem with the service" in html
    assert "ValueError" in logs and "boom" in logs  # the type and where
    assert "ada@example.com" not in logs and "ada@example.com" not in html
