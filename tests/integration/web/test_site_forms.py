"""The form foundation end to end on moto, through a resolver composed like functions/site/handler.py
with an example two-step form: sessions in the cases table, CSRF, POST/redirect/GET, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver
from jinja2 import ChoiceLoader, DictLoader

from frontdoor.cases.tables import CasesTable
from tests.integration.web import example_form
from tests.integration.web.conftest import Page, Visit, visit_with
from web import forms
from web.render import environment
from web.responses import handle_errors
from web.session_store import DynamoFormSessionStore, session_pk
from web.site import routers


@pytest.fixture
def with_example_templates() -> Iterator[None]:
    env = environment()
    original = env.loader
    env.loader = ChoiceLoader([DictLoader(example_form.TEMPLATES), original])  # type: ignore[list-item]
    yield
    env.loader = original


@pytest.fixture
def visit(aws: None, with_example_templates: None) -> Visit:
    app = APIGatewayRestResolver()
    for router in [*routers(), example_form.router]:
        app.include_router(router)
    handle_errors(app, Logger(service="site-forms-test"))
    return visit_with(lambda event, context: app.resolve(event, context))


def csrf_token(page: Page) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.body)
    assert found, "the form has no CSRF field"
    return found[1]


def test_a_two_step_form_posts_redirects_and_gets_with_answers_kept_server_side(visit: Visit):
    question = visit("GET", "/example/name")
    session_id = question.cookie("fd_session")
    assert question.status == 200 and session_id
    assert question.headers["cache-control"] == "no-store"

    answered = visit(
        "POST",
        "/example/name",
        [("csrf_token", csrf_token(question)), ("name", "Ada")],
        {"fd_session": session_id},
    )
    assert answered.status == 303 and answered.headers["location"] == "/example/done"

    done = visit("GET", "/example/done", cookies={"fd_session": session_id})
    assert done.status == 200 and "Thank you, Ada" in done.body
    # The journey is over: the answers are gone from the table.
    assert DynamoFormSessionStore().load(session_id, datetime.now(UTC)) is None


def test_errors_show_the_summary_and_the_inline_message_and_keep_what_was_typed(visit: Visit):
    question = visit("GET", "/example/name")
    cookies = {"fd_session": question.cookie("fd_session") or ""}
    typed = "A" * 101

    again = visit("POST", "/example/name", [("csrf_token", csrf_token(question)), ("name", typed)], cookies)

    assert again.status == 200
    assert "<title>Error: What is your name? - " in again.body
    assert 'class="govuk-error-summary"' in again.body and 'href="#name"' in again.body
    assert 'id="name-error"' in again.body and "100 characters or fewer" in again.body
    assert f'value="{typed}"' in again.body
    assert csrf_token(again) == csrf_token(question)  # the same session carries on


@pytest.mark.parametrize("token", ["", "forged"])
def test_a_post_with_a_wrong_csrf_token_is_the_400_page_and_saves_nothing(visit: Visit, token: str):
    question = visit("GET", "/example/name")
    session_id = question.cookie("fd_session") or ""

    refused = visit(
        "POST", "/example/name", [("csrf_token", token), ("name", "Mallory")], {"fd_session": session_id}
    )

    assert refused.status == 400
    assert "Sorry, there is a problem" in refused.body and 'href="/example/name">Start again' in refused.body
    assert refused.headers["content-security-policy"].startswith("default-src 'self'")
    session = DynamoFormSessionStore().load(session_id, datetime.now(UTC))
    assert session is not None and session.data == {}


def test_a_post_from_another_site_without_the_cookie_is_refused(visit: Visit):
    question = visit("GET", "/example/name")
    refused = visit("POST", "/example/name", [("csrf_token", csrf_token(question)), ("name", "Mallory")])
    assert refused.status == 400


def test_the_session_is_an_item_of_the_cases_table_that_dynamodb_expires_in_an_hour(visit: Visit):
    before = datetime.now(UTC)
    session_id = visit("GET", "/example/name").cookie("fd_session") or ""
    item = boto3.client("dynamodb").get_item(
        TableName=CasesTable.Meta.table_name, Key={"pk": {"S": session_pk(session_id)}, "sk": {"S": "FORM"}}
    )["Item"]
    assert item["kind"] == {"S": "form_session"}
    expires = datetime.fromtimestamp(int(item["expires_at"]["N"]), UTC)
    assert before + timedelta(minutes=59) <= expires <= before + timedelta(minutes=61)


def test_an_expired_session_reads_as_gone_though_dynamodb_has_not_deleted_it_yet(aws: None):
    store = DynamoFormSessionStore()
    session = forms.FormSession.start()
    session.data["name"] = "Ada"
    now = datetime.now(UTC)
    store.save(session, now)

    assert store.load(session.id, now + timedelta(minutes=59)) is not None
    assert store.load(session.id, now + timedelta(hours=1)) is None
