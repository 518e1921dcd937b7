"""POST /chat/start on the real handler: Connect's StartChatContact stubbed with its exact shapes
(moto has no such API); always JSON, 400 for a bad request, 503 when Connect fails, never a 500."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import ANY, Stubber

from frontdoor import settings, wiring
from local.environment import HANDLER_DEFAULTS
from local.gateway import build_proxy_event
from local.lambda_context import FakeLambdaContext
from tests.integration.connect.contact_events import forget

STARTED = {
    "ContactId": "a7d2e4f1-0b3c-4d5e-8f6a-1b2c3d4e5f60",
    "ParticipantId": "b8e3f5a2-1c4d-4e6f-9a7b-2c3d4e5f6a71",
    "ParticipantToken": "QVFJREFIaGV4YW1wbGUtdG9rZW4tbm90LXJlYWw=",
}


def post(
    body: Any, headers: dict[str, str] | None = None, method: str = "POST"
) -> tuple[int, dict[str, Any], dict[str, str]]:
    from functions.start_chat.handler import lambda_handler

    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    event = build_proxy_event(
        method, "/chat/start", {"Content-Type": "application/json", **(headers or {})}, raw
    )
    event["resource"] = "/chat/start"
    context: Any = FakeLambdaContext(function_name="frontdoor-test-start-chat")
    answer = lambda_handler(event, context)
    return answer["statusCode"], json.loads(answer["body"]), answer["headers"]


@pytest.fixture
def connect(aws: None) -> Iterator[Stubber]:
    forget()
    wiring.connect_chat()
    with Stubber(wiring.connect_client()) as stubber:
        yield stubber
    forget()


def test_a_chat_starts_with_the_widgets_details_and_the_chat_flow(connect: Stubber) -> None:
    connect.add_response(
        "start_chat_contact",
        STARTED,
        expected_params={
            "InstanceId": HANDLER_DEFAULTS[settings.CONNECT_INSTANCE_ID],
            "ContactFlowId": HANDLER_DEFAULTS[settings.CONNECT_CHAT_FLOW_ID],
            "ParticipantDetails": {"DisplayName": "Sam"},
            "Attributes": {"caller_phone": "+447700900123", "topic": "adult_social_care"},
            "ClientToken": ANY,
            "ChatDurationInMinutes": 120,
            "SupportedMessagingContentTypes": ["text/plain", "text/markdown"],
        },
    )

    status, body, headers = post(
        {"displayName": "Sam", "phone": "07700 900123", "topic": "adult_social_care"}
    )

    assert (status, body) == (200, STARTED)
    assert headers["Content-Type"] == "application/json" and headers["Cache-Control"] == "no-store"
    connect.assert_no_pending_responses()


def test_a_retry_with_the_same_key_and_request_asks_connect_for_the_same_chat(connect: Stubber) -> None:
    tokens: list[str] = []
    wiring.connect_client().meta.events.register(
        "provide-client-params.connect.StartChatContact",
        lambda params, **_: tokens.append(params["ClientToken"]),
    )
    for _ in range(3):
        connect.add_response("start_chat_contact", STARTED)

    post({"displayName": "Sam"}, {"Idempotency-Key": "widget-6f1d2c3b4a59"})
    post({"displayName": "Sam"}, {"Idempotency-Key": "widget-6f1d2c3b4a59"})
    post({"displayName": "Someone else"}, {"Idempotency-Key": "widget-6f1d2c3b4a59"})

    assert tokens[0] == tokens[1] != tokens[2]


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "displayName"), ({"displayName": "Sam", "phone": "call me"}, "phone"), (b"{not json", None)],
)
def test_a_bad_request_is_a_400_naming_the_field(connect: Stubber, body: Any, field: str | None) -> None:
    status, answer, _ = post(body)

    assert (status, answer["field"]) == (400, field)
    assert "call me" not in answer["message"]


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("LimitExceededException", 429),
        ("ThrottlingException", 429),
        ("InternalServiceException", 500),
        ("ResourceNotFoundException", 404),
    ],
)
def test_when_connect_refuses_the_widget_gets_a_503_in_json(connect: Stubber, code: str, status: int) -> None:
    connect.add_client_error("start_chat_contact", service_error_code=code, http_status_code=status)

    answer_status, answer, _ = post({"displayName": "Sam"})

    assert answer_status == 503 and "not available" in answer["message"]


def test_when_connect_times_out_the_widget_gets_a_503_in_good_time(aws: None) -> None:
    forget()
    wiring.connect_chat()
    calls: list[str] = []

    def timing_out(**kwargs: Any) -> None:
        calls.append("sent")
        raise ReadTimeoutError(endpoint_url="https://connect.eu-west-2.amazonaws.com/contact/chat")

    wiring.connect_client().meta.events.register_first("before-send.connect", timing_out)
    started = time.monotonic()
    status, answer, _ = post({"displayName": "Sam"})

    assert status == 503
    assert len(calls) == 2 and time.monotonic() - started < 5
    forget()


def test_a_missing_setting_is_a_503_not_a_500(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.CONNECT_CHAT_FLOW_ID)
    forget()

    assert post({"displayName": "Sam"})[0] == 503
    forget()


def test_only_post_starts_a_chat(connect: Stubber) -> None:
    status, _, headers = post({"displayName": "Sam"}, method="GET")
    assert (status, headers["Allow"]) == (405, "POST")
