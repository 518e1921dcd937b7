"""Replaying dead letters once the cause is fixed: the batch is read back from moto's stream, the
real notifier is invoked with the event Lambda sends, and the dead letter goes only when nothing
failed. A replay never sends twice; a dead letter past the stream's 24 hours can only be dropped."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config

from frontdoor.messaging.outbox import LocalOutbox
from frontdoor.messaging.ports import EmailNotSent
from frontdoor.notifications.__main__ import NotifierFailed, lambda_invoker
from frontdoor.notifications.replay import DeadLetterReplay
from local.lambda_context import FakeLambdaContext
from tests.integration.notifications.conftest import REGION, Notifying, file_case, staff_update


def notifier(event: dict[str, Any]) -> dict[str, Any]:
    from functions.notifier.handler import lambda_handler

    return lambda_handler(event, FakeLambdaContext(function_name="frontdoor-notifier", timeout_ms=60_000))


def replay_of(notifying: Notifying, **changes: Any) -> DeadLetterReplay:
    # The regional endpoint for DynamoDB Streams, as the local poller uses (moto's mock needs it).
    regional = Config(account_id_endpoint_mode="disabled")
    streams = boto3.client("dynamodbstreams", region_name=REGION, config=regional)
    return DeadLetterReplay(
        sqs=boto3.client("sqs", region_name=REGION),
        streams=streams,
        queue_url=notifying.poller.dead_letter_queue_url,
        invoke=changes.pop("invoke", notifier),
        region=REGION,
        **changes,
    )


@pytest.fixture
def dead_lettered(notifying: Notifying, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two updates whose emails SES refused through every retry: their batch is a dead letter."""
    send = LocalOutbox.send_email

    def refused(*args: Any, **kwargs: Any) -> str:
        raise EmailNotSent("SendingPausedException")

    monkeypatch.setattr(LocalOutbox, "send_email", refused)
    reference = file_case()
    staff_update(reference, internal="Checked the site: only for staff")
    staff_update(reference, "in_progress", public="A crew is on its way.")
    notifying.poller.poll_once()
    monkeypatch.setattr(LocalOutbox, "send_email", send)  # the cause is fixed
    assert len(notifying.dead_letters()) == 1 and notifying.messages() == []
    return [reference]


def test_a_replay_sends_what_failed_once_and_empties_the_queue(notifying: Notifying, dead_lettered: Any):
    (outcome,) = replay_of(notifying).run()

    # The case's first update, the public one and everything the stream holds between them (the
    # case's other items, the internal note): the notifier sends for the public updates alone.
    assert outcome.result == "replayed" and outcome.records > 3
    sent = notifying.messages()
    assert len(sent) == 2 and all(dead_lettered[0] in json.dumps(message) for message in sent)
    assert not any("only for staff" in json.dumps(message) for message in sent)
    assert notifying.dead_letters() == []

    assert replay_of(notifying).run() == []  # nothing left: nothing sent again
    assert len(notifying.messages()) == 2


def test_a_replay_that_fails_again_leaves_the_dead_letter(
    notifying: Notifying, dead_lettered: list[str], monkeypatch: pytest.MonkeyPatch
):
    def still_refused(*args: Any, **kwargs: Any) -> str:
        raise EmailNotSent("SendingPausedException")

    monkeypatch.setattr(LocalOutbox, "send_email", still_refused)
    (outcome,) = replay_of(notifying).run()
    assert outcome.result == "failed"

    def crashes(event: dict[str, Any]) -> dict[str, Any]:
        raise NotifierFailed("Unhandled")

    (outcome,) = replay_of(notifying, invoke=crashes).run()
    assert outcome.result == "failed"
    assert len(notifying.dead_letters()) == 1 and notifying.messages() == []


def test_a_dead_letter_past_the_streams_24_hours_is_kept_unless_dropped(
    notifying: Notifying, dead_lettered: list[str]
):
    tomorrow = lambda: datetime.now(UTC) + timedelta(hours=24, minutes=1)  # noqa: E731
    (outcome,) = replay_of(notifying, clock=tomorrow).run()
    assert outcome.result == "expired"
    assert len(notifying.dead_letters()) == 1

    (outcome,) = replay_of(notifying, clock=tomorrow).run(drop_expired=True)
    assert outcome.result == "dropped"
    assert notifying.dead_letters() == [] and notifying.messages() == []


def test_a_message_that_is_not_an_on_failure_record_is_left_for_a_person(notifying: Notifying):
    sqs = boto3.client("sqs", region_name=REGION)
    sqs.send_message(QueueUrl=notifying.poller.dead_letter_queue_url, MessageBody='{"hello": "world"}')

    (outcome,) = replay_of(notifying).run()
    assert outcome.result == "unreadable"


def test_the_command_line_invokes_the_deployed_notifier_and_reads_its_answer():
    """Lambda's Invoke answers 200 with FunctionError set when the function raised."""
    import io

    class Lambda:
        def __init__(self, answer: dict[str, Any]) -> None:
            self.answer, self.calls = answer, []

        def invoke(self, **request: Any) -> dict[str, Any]:
            self.calls.append(request)
            return self.answer

    ok = Lambda({"StatusCode": 200, "Payload": io.BytesIO(b'{"batchItemFailures": []}')})
    assert lambda_invoker(ok, "frontdoor-notifier")({"Records": []}) == {"batchItemFailures": []}
    assert ok.calls == [{"FunctionName": "frontdoor-notifier", "Payload": b'{"Records": []}'}]

    raised = Lambda({"StatusCode": 200, "FunctionError": "Unhandled", "Payload": io.BytesIO(b"{}")})
    with pytest.raises(NotifierFailed):
        lambda_invoker(raised, "frontdoor-notifier")({"Records": []})
