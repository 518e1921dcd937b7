"""The sample events in events/connect/ are what Amazon Connect and API Gateway send; each handler
answers its own on moto with the contract's keys."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.stub import Stubber

from frontdoor.messaging.outbox import LocalOutbox
from local.lambda_context import FakeLambdaContext
from tests.integration.connect.contact_events import handler, load_event

CONTRACT = {
    "identify_caller": {"outcome", "known", "priority", "open_cases", "case_reference", "case_speech"},
    "case_status": {"outcome", "speech", "status", "expected"},
    "garden_waste_renewal": {"outcome", "reference", "speech"},
    "record_survey": {"outcome"},
    "send_link": {"outcome", "speech"},
}


@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [
        ("identify_caller.json", "identify_caller", {"outcome": "ok", "known": "false"}),
        ("identify_caller_chat.json", "identify_caller", {"outcome": "ok", "known": "false"}),
        ("case_status.json", "case_status", {"outcome": "not_found"}),
        ("garden_waste_renewal.json", "garden_waste_renewal", {"outcome": "ok"}),
        ("record_survey.json", "record_survey", {"outcome": "ok"}),
        ("send_link.json", "send_link", {"outcome": "ok"}),
    ],
)
def test_each_connect_sample_event_gets_its_answer(
    outbox: LocalOutbox, name: str, key: str, expected: dict[str, str]
) -> None:
    answer = handler(key)(load_event(name), FakeLambdaContext(function_name=f"frontdoor-local-{key}"))

    assert set(answer) == CONTRACT[key]
    assert all(isinstance(value, str) for value in answer.values())
    assert answer | expected == answer
    texted = key in ("garden_waste_renewal", "send_link")
    assert len(outbox.messages()) == (1 if texted else 0)


def test_the_start_chat_sample_event_starts_a_chat(outbox: LocalOutbox) -> None:
    from frontdoor.wiring import connect_chat, connect_client
    from functions.start_chat.handler import lambda_handler

    connect_chat()  # sets the start-chat call limits first, which makes a new client
    started = {"ContactId": "c-1", "ParticipantId": "p-1", "ParticipantToken": "t-1"}
    with Stubber(connect_client()) as stubber:
        stubber.add_response("start_chat_contact", started)
        context: Any = FakeLambdaContext("start_chat")
        answer = lambda_handler(load_event("start_chat.json"), context)

    assert answer["statusCode"] == 200
    assert json.loads(answer["body"]) == started
