"""Replaying the notifier's dead letters, once the cause of the failure is fixed.

A dead letter says where a failed batch lies in the cases table's stream (Lambda's on-failure record,
``DDBStreamBatchInfo``), never the records, and the stream keeps records for 24 hours. A replay reads
the batch back from the stream, invokes the notifier with the event Lambda would have sent, and
deletes the dead letter once the notifier reports no failure; otherwise the dead letter stays for the
next attempt. Replaying is safe: the notifier sends at most once per update and ignores every record
that is not a public update, so the batch goes back unfiltered.

A dead letter older than the stream's retention can only be dropped (``drop_expired``): its updates
are on the case and on "Track a case"; only the message to the resident was not sent.

``python -m frontdoor.notifications replay`` runs it against a deployed stage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from .stream import lambda_record

STREAM_RETENTION = timedelta(hours=24)
# GetRecords pages read for one batch at most: a batch is ten records, so this is only a backstop.
MAX_PAGES = 50

Result = Literal["replayed", "failed", "expired", "dropped", "unreadable"]
# Invokes the notifier with a stream event; answers its batch response, or raises if it failed.
Invoke = Callable[[dict[str, Any]], Mapping[str, Any]]


@dataclass(frozen=True)
class BatchInfo:
    """Where a failed batch lies in the stream (the on-failure record's ``DDBStreamBatchInfo``)."""

    stream_arn: str
    shard_id: str
    start: str
    end: str
    first_arrival: datetime

    @classmethod
    def from_dead_letter(cls, body: str) -> BatchInfo:
        try:
            info = json.loads(body)["DDBStreamBatchInfo"]
            return cls(
                stream_arn=str(info["streamArn"]),
                shard_id=str(info["shardId"]),
                start=str(info["startSequenceNumber"]),
                end=str(info["endSequenceNumber"]),
                first_arrival=datetime.strptime(
                    info["approximateArrivalOfFirstRecord"], "%Y-%m-%dT%H:%M:%SZ"
                ).replace(tzinfo=UTC),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError("not an on-failure record of a DynamoDB stream") from error


@dataclass(frozen=True)
class Replayed:
    """What became of one dead letter: its SQS message id, the result and how many records went back."""

    message_id: str
    result: Result
    records: int = 0


@dataclass
class DeadLetterReplay:
    """The notifier's dead-letter queue replayed through ``invoke`` (the notifier, as Lambda invokes it)."""

    sqs: Any
    streams: Any
    queue_url: str
    invoke: Invoke
    region: str
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def run(self, *, drop_expired: bool = False, limit: int = 100) -> list[Replayed]:
        """Replay up to ``limit`` dead letters. Each is received once, hidden for the rest of the run;
        those left in the queue are shown again at the end, for the next run and the alarm."""
        outcomes, left = [], []
        for message in self._messages(limit):
            outcome = self._replay(message, drop_expired)
            outcomes.append(outcome)
            if outcome.result not in ("replayed", "dropped"):
                left.append(message)
        for message in left:
            self.sqs.change_message_visibility(
                QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
        return outcomes

    def _messages(self, limit: int) -> Iterator[dict[str, Any]]:
        received = 0
        while received < limit:
            answer = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=min(10, limit - received),
                VisibilityTimeout=300,  # hidden for the rest of the run: not received again in it
                WaitTimeSeconds=0,
            )
            messages = answer.get("Messages", [])
            if not messages:
                return
            received += len(messages)
            yield from messages

    def _replay(self, message: Mapping[str, Any], drop_expired: bool) -> Replayed:
        message_id = str(message["MessageId"])
        try:
            batch = BatchInfo.from_dead_letter(message["Body"])
        except ValueError:
            return Replayed(message_id, "unreadable")  # left for a person to read
        if self.clock() - batch.first_arrival >= STREAM_RETENTION:
            if not drop_expired:
                return Replayed(message_id, "expired")
            self._delete(message)
            return Replayed(message_id, "dropped")
        records = self._records(batch)
        try:
            failures = self.invoke({"Records": records}).get("batchItemFailures")
        except Exception:  # the notifier failed outright: the dead letter stays for the next run
            failures = True
        if failures:
            return Replayed(message_id, "failed", len(records))
        self._delete(message)
        return Replayed(message_id, "replayed", len(records))

    def _records(self, batch: BatchInfo) -> list[dict[str, Any]]:
        """The batch's records, from its first sequence number to its last, as Lambda gives them."""
        iterator = self.streams.get_shard_iterator(
            StreamArn=batch.stream_arn,
            ShardId=batch.shard_id,
            ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=batch.start,
        )["ShardIterator"]
        records: list[dict[str, Any]] = []
        for _page in range(MAX_PAGES):
            answer = self.streams.get_records(ShardIterator=iterator, Limit=100)
            for raw in answer["Records"]:
                if int(raw["dynamodb"]["SequenceNumber"]) > int(batch.end):
                    return records
                records.append(lambda_record(raw, self.region, batch.stream_arn))
            iterator = answer.get("NextShardIterator")
            if not answer["Records"] or not iterator:  # the shard holds nothing newer yet
                return records
        return records

    def _delete(self, message: Mapping[str, Any]) -> None:
        self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
