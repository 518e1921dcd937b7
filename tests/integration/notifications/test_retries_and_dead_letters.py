"""A failed send: the record is reported failed and retried; a retried record never sends twice; after
the retries its place in the stream lands in the dead-letter queue. The handler is called with the
exact event Lambda sends (records read from moto's stream), and through the local poller."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from frontdoor.messaging.outbox import LocalOutbox
from frontdoor.messaging.ports import EmailNotSent
from frontdoor.notifications.stream import RETRY_ATTEMPTS
from local.lambda_context import FakeLambdaContext
from tests.integration.notifications.conftest import ADA, Notifying, file_case, staff_update


def invoke(records: list[dict[str, Any]]) -> dict[str, Any]:
    from functions.notifier.handler import lambda_handler

    context = FakeLambdaContext(function_name="frontdoor-local-notifier", timeout_ms=60_000)
    return lambda_handler({"Records": records}, context)


def sequence_numbers(records: list[dict[str, Any]]) -> list[str]:
    return [record["dynamodb"]["SequenceNumber"] for record in records]


class Refusals:
    """Makes the outbox refuse emails (to one address, or all) with a provider's error code."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.refused: list[str] = []
        self.send = LocalOutbox.send_email

    def start(self, code: str = "TooManyRequestsException", to: str | None = None) -> list[str]:
        send, refused = self.send, self.refused

        def refusing(outbox: LocalOutbox, address: str, *args: Any, **kwargs: Any) -> str:
            if to is None or address == to:
                refused.append(address)
                raise EmailNotSent(code)
            return send(outbox, address, *args, **kwargs)

        self.monkeypatch.setattr(LocalOutbox, "send_email", refusing)
        return refused

    def stop(self) -> None:
        self.monkeypatch.setattr(LocalOutbox, "send_email", self.send)


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> Refusals:
    return Refusals(monkeypatch)


def test_the_event_lambda_sends_is_the_stream_records_of_new_public_updates(notifying: Notifying):
    reference = file_case()
    staff_update(reference, internal="Only for staff")
    staff_update(reference, "in_progress", public="A crew is on its way.")

    records = notifying.poller.new_records()

    assert [r["dynamodb"]["NewImage"]["status"]["S"] for r in records] == ["open", "in_progress"]
    for record in records:
        assert record["eventName"] == "INSERT" and record["eventSource"] == "aws:dynamodb"
        assert record["eventVersion"] == "1.1" and record["awsRegion"] == "eu-west-2"
        assert record["eventSourceARN"].startswith("arn:aws:dynamodb:eu-west-2:123456789012:table/")
        assert record["dynamodb"]["StreamViewType"] == "NEW_IMAGE"
        assert isinstance(record["dynamodb"]["ApproximateCreationDateTime"], int)
        assert record["dynamodb"]["NewImage"]["public"] == {"BOOL": True}


def test_a_batch_that_sends_reports_no_failures(notifying: Notifying):
    file_case()

    assert invoke(notifying.poller.new_records()) == {"batchItemFailures": []}
    assert len(notifying.messages()) == 1


def test_a_record_delivered_again_never_sends_twice(notifying: Notifying):
    reference = file_case()
    staff_update(reference, "fixed", public="Filled in.")
    records = notifying.poller.new_records()

    invoke(records)
    invoke(records)  # Lambda retrying after a lost answer, or a batch retried from an earlier record
    invoke(records[1:])

    assert [m["subject"].split(" (")[0] for m in notifying.messages()] == [
        "We have received your request",
        "We have dealt with your request",
    ]


def test_a_failed_send_reports_only_its_record_and_a_retry_sends_it_once(notifying, refusals):
    file_case()
    file_case(replace(ADA, email="grace@example.com"))
    records = notifying.poller.new_records()
    refused = refusals.start(to="ada@example.com")

    answer = invoke(records)

    assert answer == {"batchItemFailures": [{"itemIdentifier": sequence_numbers(records)[0]}]}
    assert [m["to"] for m in notifying.messages()] == ["grace@example.com"]
    assert refused == ["ada@example.com"]

    # Lambda retries from the failed record on; the send works now, and Grace is not sent it again.
    refusals.stop()
    assert invoke(records) == {"batchItemFailures": []}
    assert [m["to"] for m in notifying.messages()] == ["grace@example.com", "ada@example.com"]


def test_after_the_retries_the_records_place_goes_to_the_dead_letter_queue(notifying, refusals):
    reference = file_case()
    refused = refusals.start("SendingPausedException")

    notifying.poller.poll_once()

    assert len(refused) == RETRY_ATTEMPTS + 1  # the first try and every retry
    (dead,) = notifying.dead_letters()
    info = dead["DDBStreamBatchInfo"]
    assert dead["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert dead["requestContext"]["approximateInvokeCount"] == RETRY_ATTEMPTS + 1
    assert dead["requestContext"]["functionArn"].endswith(":function:frontdoor-local-notifier")
    assert dead["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}  # a partial failure
    assert info["batchSize"] == 1 and info["startSequenceNumber"] == info["endSequenceNumber"]
    assert info["streamArn"].startswith("arn:aws:dynamodb:eu-west-2:123456789012:table/")
    # Powertools' own model of Lambda's on-failure record accepts it.
    from aws_lambda_powertools.utilities.parser import parse
    from aws_lambda_powertools.utilities.parser.models import DynamoDBStreamLambdaOnFailureDestinationModel

    parsed = parse(event=dead, model=DynamoDBStreamLambdaOnFailureDestinationModel)
    assert parsed.ddb_stream_batch_info.batch_size == 1
    assert notifying.messages() == []
    # The place in the stream is enough to find the update again: it was never lost.
    from frontdoor.wiring import case_service

    assert [u.status for u in case_service().history(reference)] == ["open"]


def test_the_poller_retries_from_the_failed_record_and_the_others_are_not_sent_twice(notifying, monkeypatch):
    file_case(replace(ADA, email="first@example.com"))
    file_case(replace(ADA, email="second@example.com"))
    send = LocalOutbox.send_email
    attempts: list[str] = []

    def fails_once_for_the_first(self: LocalOutbox, to: str, *args: Any, **kwargs: Any) -> str:
        attempts.append(to)
        if to == "first@example.com" and attempts.count(to) == 1:
            raise EmailNotSent("TooManyRequestsException")
        return send(self, to, *args, **kwargs)

    monkeypatch.setattr(LocalOutbox, "send_email", fails_once_for_the_first)

    notifying.poller.poll_once()

    assert attempts == ["first@example.com", "second@example.com", "first@example.com"]
    assert sorted(m["to"] for m in notifying.messages()) == ["first@example.com", "second@example.com"]
    assert notifying.dead_letters() == []


def test_an_error_in_the_function_fails_the_whole_batch_and_is_dead_lettered_naming_it(
    notifying, monkeypatch
):
    import functions.notifier.handler as handler

    file_case()

    def broken(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("the function itself failed")

    monkeypatch.setattr(handler, "process_partial_response", broken)
    notifying.poller.poll_once()

    (dead,) = notifying.dead_letters()
    assert dead["responseContext"]["functionError"] == "Unhandled"


def test_an_address_that_can_never_be_sent_to_is_not_retried(notifying, refusals):
    file_case()
    refused = refusals.start("BadRequestException")

    notifying.poller.poll_once()

    assert len(refused) == 1
    assert notifying.dead_letters() == []
