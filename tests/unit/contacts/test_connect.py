"""The Connect plumbing: reading the contact from the event, answering in time, falling back."""

from __future__ import annotations

import copy
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError, ReadTimeoutError

from frontdoor.contacts.connect import (
    AnswerTooSlow,
    Contact,
    MalformedEvent,
    answer_contact,
    contact_from_event,
    error_code,
    run_within,
)
from frontdoor.contacts.links import NotConfigured
from local.lambda_context import FakeLambdaContext

EVENTS = Path(__file__).parents[3] / "events" / "connect"
FALLBACK = {"outcome": "advisor", "speech": "An advisor will help you."}


def event(name: str = "identify_caller.json") -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / name).read_text())
    return loaded


@pytest.fixture
def logger() -> Logger:
    return Logger(service="test_connect")


def test_a_call_gives_its_contact_id_channel_and_the_number_connect_saw() -> None:
    contact = contact_from_event(event("case_status.json"))

    assert contact == Contact(
        contact_id="5b8e2d74-9c1a-4f3e-a6b0-7d2c1e9f8a35",
        channel="phone",
        number="+447700900456",
        parameters={"reference": "4820 1937 1#"},
    )


def test_a_chat_gives_the_number_the_flow_passed_on() -> None:
    contact = contact_from_event(event("identify_caller_chat.json"))

    assert (contact.channel, contact.number) == ("chat", "+447700900123")


def test_a_phone_parameter_wins_over_the_number_connect_saw() -> None:
    given = event()
    given["Details"]["Parameters"] = {"phone": "07700 900999"}

    assert contact_from_event(given).number == "07700 900999"


def test_a_withheld_number_and_an_unknown_channel_are_read_as_such() -> None:
    given = event()
    given["Details"]["ContactData"]["CustomerEndpoint"] = None
    given["Details"]["ContactData"]["Channel"] = "TASK"

    contact = contact_from_event(given)

    assert (contact.number, contact.channel) == (None, "other")


@pytest.mark.parametrize(
    "broken",
    [{}, {"Details": {}}, {"Details": {"ContactData": {}, "Parameters": {}}}, {"Details": "x"}, []],
)
def test_what_is_not_a_contact_flow_event_is_malformed(broken: Any) -> None:
    with pytest.raises(MalformedEvent):
        contact_from_event(broken)


def test_the_work_answers_when_it_can(logger: Logger) -> None:
    answer = answer_contact(
        event(), FakeLambdaContext("f"), lambda c: {"outcome": "ok", "speech": c.contact_id}, FALLBACK, logger
    )
    assert answer == {"outcome": "ok", "speech": "3f1c9a52-6d0e-4b7a-8c21-5e9f0a7d4b13"}


@pytest.mark.parametrize(
    "failure",
    [
        ClientError({"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}}, "Query"),
        ReadTimeoutError(endpoint_url="https://dynamodb.eu-west-2.amazonaws.com/"),
        NotConfigured("PAYMENT_LINK_BASE_URL"),
        KeyError("anything"),
    ],
)
def test_any_failure_answers_with_the_fallback(logger: Logger, failure: Exception) -> None:
    def work(contact: Contact) -> dict[str, str]:
        raise failure

    assert answer_contact(event(), FakeLambdaContext("f"), work, FALLBACK, logger) == FALLBACK


def test_a_malformed_event_answers_with_the_fallback(logger: Logger) -> None:
    assert (
        answer_contact({"Name": "ContactFlowEvent"}, FakeLambdaContext("f"), lambda c: {}, FALLBACK, logger)
        == FALLBACK
    )


def test_slow_work_answers_with_the_fallback_within_the_deadline(logger: Logger) -> None:
    release = threading.Event()

    def slow(contact: Contact) -> dict[str, str]:
        release.wait(5)
        return {"outcome": "ok", "speech": "too late"}

    started = time.monotonic()
    answer = answer_contact(event(), FakeLambdaContext("f"), slow, FALLBACK, logger, within_s=0.2)
    elapsed = time.monotonic() - started
    release.set()

    assert answer == FALLBACK
    assert elapsed < 0.5


def sleeps(seconds: float) -> Any:
    def work(contact: Contact | None = None) -> dict[str, str]:
        time.sleep(seconds)
        return {"outcome": "ok"}

    return work


def test_run_within_gives_up_waiting_but_not_on_quick_work() -> None:
    assert run_within(1.0, sleeps(0)) == {"outcome": "ok"}
    with pytest.raises(AnswerTooSlow):
        run_within(0.05, sleeps(0.5))


def test_the_deadline_never_outlasts_the_lambda_invocation(logger: Logger) -> None:
    context = FakeLambdaContext("f", timeout_ms=300)  # 300 ms left, less a 200 ms margin

    started = time.monotonic()
    answer = answer_contact(event(), context, sleeps(1), FALLBACK, logger)

    assert answer == FALLBACK
    assert time.monotonic() - started < 0.3


def test_the_fallback_log_line_names_the_error_not_the_caller(capsys: pytest.CaptureFixture[str]) -> None:
    given = copy.deepcopy(event())
    logger = Logger(service="test_connect_logs")

    def work(contact: Contact) -> dict[str, str]:
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "+447700900456"}}, "Query"
        )

    answer_contact(given, FakeLambdaContext("f"), work, FALLBACK, logger)

    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["message"] == "answered with the fallback"
    assert (line["error"], line["code"]) == ("ClientError", "ProvisionedThroughputExceededException")
    assert "7700" not in json.dumps(line)


def test_error_codes_say_what_and_never_whom() -> None:
    assert (
        error_code(ClientError({"Error": {"Code": "ThrottlingException", "Message": "x"}}, "Q"))
        == "ThrottlingException"
    )
    assert error_code(NotConfigured("CALLER_NUMBER_SALT")) == "CALLER_NUMBER_SALT"
    assert error_code(ValueError("the number +447700900456 is bad")) == ""


def test_a_cold_start_pauses_the_collector_until_the_first_answer(
    logger: Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from frontdoor.contacts import connect

    monkeypatch.setattr(connect._ColdStart, "answered", False)
    seen: list[bool] = []

    def work(contact: Contact) -> dict[str, str]:
        seen.append(gc.isenabled())
        return {"outcome": "ok"}

    answer_contact(event(), FakeLambdaContext("f"), work, FALLBACK, logger)
    answer_contact(event(), FakeLambdaContext("f"), work, FALLBACK, logger)

    assert seen == [False, True]
    assert gc.isenabled()
