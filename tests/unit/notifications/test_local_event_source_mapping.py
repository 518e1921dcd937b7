"""make run's stand-in for Lambda's event source mapping: filter matching, the event's records, where a
retry resumes, and the on-failure record (pure functions, no AWS)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from frontdoor.notifications.stream import NOTIFY_FILTERS
from local.stream_poller import UnsupportedFilter, first_failed, lambda_record, matches, on_failure_record

STREAM_ARN = "arn:aws:dynamodb:eu-west-2:123456789012:table/cases/stream/2026-03-02T09:00:00.000"


def raw_record(sequence: str, kind: str = "update", public: object = True, event: str = "INSERT") -> dict:
    image = {"pk": {"S": "CASE#482019371"}, "sk": {"S": "UPDATE#x"}, "kind": {"S": kind}}
    if public is not None:
        image["public"] = {"BOOL": public}
    return {
        "eventID": f"id-{sequence}",
        "eventName": event,
        "eventVersion": "1.0",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",  # moto's, whatever the region
        "dynamodb": {
            "ApproximateCreationDateTime": datetime(2026, 3, 2, 9, 30, 15, tzinfo=UTC),
            "Keys": {"pk": image["pk"], "sk": image["sk"]},
            "NewImage": image,
            "SequenceNumber": sequence,
            "SizeBytes": 120,
            "StreamViewType": "NEW_IMAGE",
        },
    }


def record(sequence: str = "100", **changes: object) -> dict:
    return lambda_record(raw_record(sequence, **changes), "eu-west-2", STREAM_ARN)  # type: ignore[arg-type]


def test_a_record_is_shaped_as_lambda_gives_it():
    shaped = record("100")

    assert shaped["eventVersion"] == "1.1"
    assert shaped["awsRegion"] == "eu-west-2"
    assert shaped["eventSourceARN"] == STREAM_ARN
    assert shaped["dynamodb"]["ApproximateCreationDateTime"] == 1772443815  # epoch seconds
    assert shaped["dynamodb"]["NewImage"]["kind"] == {"S": "update"}


@pytest.mark.parametrize(
    ("changes", "notified"),
    [
        ({}, True),
        ({"public": False}, False),
        ({"public": None}, False),  # no public attribute: fail closed
        ({"public": 1}, False),  # JSON true is not 1
        ({"kind": "case"}, False),
        ({"kind": "reporter"}, False),
        ({"event": "MODIFY"}, False),
        ({"event": "REMOVE"}, False),
    ],
)
def test_the_stacks_filters_let_through_new_public_updates_only(changes, notified):
    assert any(matches(pattern, record(**changes)) for pattern in NOTIFY_FILTERS) is notified


def test_exists_prefix_and_anything_but_rules_match_as_lambda_documents():
    event = {"a": {"b": "update-1"}, "n": 5}

    assert matches({"a": {"b": [{"prefix": "update"}]}}, event)
    assert matches({"a": {"c": [{"exists": False}]}}, event)
    assert matches({"x": {"y": [{"exists": False}]}}, event)  # a missing parent: the leaf is missing too
    assert not matches({"a": {"b": [{"exists": False}]}}, event)
    assert matches({"n": [{"anything-but": [4, 6]}]}, event)
    assert not matches({"n": [{"anything-but": 5}]}, event)


def test_a_rule_the_emulation_does_not_know_is_refused_not_guessed():
    with pytest.raises(UnsupportedFilter):
        matches({"n": [{"numeric": [">", 1]}]}, {"n": 5})
    with pytest.raises(UnsupportedFilter):
        matches({"n": 5}, {"n": 5})


def test_a_retry_resumes_at_the_first_record_reported_failed():
    batch = [record("100"), record("101"), record("102")]

    assert first_failed(batch, {"batchItemFailures": []}) is None
    assert first_failed(batch, None) is None
    assert (
        first_failed(batch, {"batchItemFailures": [{"itemIdentifier": "102"}, {"itemIdentifier": "101"}]})
        == 1
    )
    # An answer Lambda cannot read fails the whole batch.
    assert first_failed(batch, {"batchItemFailures": [{"itemIdentifier": "999"}]}) == 0
    assert first_failed(batch, {"batchItemFailures": [{}]}) == 0
    assert first_failed(batch, "not a response") == 0


def test_the_on_failure_record_says_where_the_records_are_never_what_they_hold():
    batch = [record("101"), record("102")]

    failure = on_failure_record(
        batch,
        shard_id="shardId-1",
        stream_arn=STREAM_ARN,
        function_arn="arn:aws:lambda:eu-west-2:123456789012:function:notifier",
        invocations=6,
        function_error=True,
    )

    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["approximateInvokeCount"] == 6
    assert failure["responseContext"]["functionError"] == "Unhandled"
    assert failure["version"] == "1.0"
    assert failure["DDBStreamBatchInfo"] == {
        "shardId": "shardId-1",
        "startSequenceNumber": "101",
        "endSequenceNumber": "102",
        "approximateArrivalOfFirstRecord": "2026-03-02T09:30:15Z",
        "approximateArrivalOfLastRecord": "2026-03-02T09:30:15Z",
        "batchSize": 2,
        "streamArn": STREAM_ARN,
    }
    assert "NewImage" not in str(failure)
