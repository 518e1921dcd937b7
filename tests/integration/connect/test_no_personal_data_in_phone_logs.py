"""No caller's number, name or email reaches a log line, whatever the function does, even at DEBUG."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
from botocore.stub import Stubber

from frontdoor import wiring
from local.gateway import build_proxy_event
from local.lambda_context import FakeLambdaContext
from local.seed import seed_demo_callers, seed_demo_cases
from tests.integration.connect.contact_events import Invoke, handler

NUMBER_FORMS = ("7700900456", "7700 900456", "7700900123", "7700 900123")
RESIDENT = ("Samantha Example", "sam@example.com")
CONNECT_KEYS = ("identify_caller", "case_status", "garden_waste_renewal", "record_survey", "send_link")


HANDLERS = [f"functions.connect_{key}.handler" for key in CONNECT_KEYS] + ["functions.start_chat.handler"]


@pytest.fixture
def everything_logged(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> Iterator[Any]:
    caplog.set_level(logging.DEBUG)
    loggers = {logger.name: logger for logger in (import_module(module).logger for module in HANDLERS)}
    for logger in loggers.values():
        logger.setLevel(logging.DEBUG)

    def formatted(record: logging.LogRecord) -> str:
        """A function's record as its JSON log line (appended keys included), any other record whole."""
        if record.name in loggers:
            return str(loggers[record.name].registered_formatter.format(record))
        return json.dumps(vars(record), default=str)

    def read() -> str:
        """Everything logged since the last read (the emulator's own records aside: moto is not in Lambda)."""
        captured = capsys.readouterr()
        records = [formatted(record) for record in caplog.records if not record.name.startswith("moto")]
        caplog.clear()
        return "\n".join([captured.out, captured.err, *records])

    yield read
    for logger in loggers.values():
        logger.setLevel(logging.INFO)


def test_the_phone_line_logs_no_caller_details(invoke: Invoke, everything_logged: Any) -> None:
    seed_demo_cases()
    seed_demo_callers()
    everything_logged()  # what seeding printed is not the functions' business

    for number in ("+447700900456", "07700 900456", "+447700900123"):
        invoke("identify_caller", number=number)
        invoke("identify_caller", parameters={"phone": number}, number=None, channel="CHAT")
        invoke("send_link", parameters={"topic": "pothole"}, number=number)
    invoke("case_status", parameters={"reference": "4820 1937 1#"})
    renewed = invoke("garden_waste_renewal")
    invoke("garden_waste_renewal", parameters={"subscription": "12", "bins": "9"})
    invoke("record_survey", parameters={"score": "5"})
    with Stubber(wiring.aws_client("dynamodb")) as stubber:  # and when the store fails
        stubber.add_client_error("query", service_error_code="ThrottlingException", http_status_code=400)
        invoke("identify_caller")

    logged = everything_logged()
    assert renewed["reference"] in logged  # references and codes are logged...
    assert "ThrottlingException" in logged
    for number in NUMBER_FORMS:  # ...numbers never
        assert number not in logged


def test_starting_a_chat_logs_no_name_number_email_or_token(outbox: Any, everything_logged: Any) -> None:
    from functions.start_chat.handler import lambda_handler

    wiring.connect_chat()
    body = json.dumps({"displayName": RESIDENT[0], "phone": "07700 900456", "email": RESIDENT[1]}).encode()
    event = build_proxy_event("POST", "/chat/start", {"Content-Type": "application/json"}, body)
    with Stubber(wiring.connect_client()) as stubber:
        stubber.add_response(
            "start_chat_contact",
            {"ContactId": "c-1", "ParticipantId": "p-1", "ParticipantToken": "secret-token"},
        )
        stubber.add_client_error(
            "start_chat_contact", service_error_code="LimitExceededException", http_status_code=429
        )
        context: Any = FakeLambdaContext("start_chat")
        assert lambda_handler(event, context)["statusCode"] == 200
        assert lambda_handler(event, context)["statusCode"] == 503

    logged = everything_logged()
    assert "c-1" in logged and "LimitExceededException" in logged
    for secret in (*RESIDENT, *NUMBER_FORMS, "secret-token"):
        assert secret not in logged


def test_handlers_are_importable_by_key() -> None:
    assert callable(handler("identify_caller"))
