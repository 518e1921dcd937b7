"""A local stand-in for Lambda's event source mapping on the cases table's stream (``make run``).

AWS reads the stream and invokes the notifier; locally this thread does: it reads moto's DynamoDB
stream, keeps the records the stack's filter patterns let through (``NOTIFY_FILTERS``), and invokes
the real handler with the event Lambda sends (``{"Records": [...]}`` in the DynamoDB stream shape),
``BATCH_SIZE`` records at a time. It follows the mapping's failure handling too: a batch item failure
(or an error) makes it retry from the first failed record, up to ``RETRY_ATTEMPTS`` times, and then
it sends the on-failure record Lambda would (``DDBStreamBatchInfo``: where the records are in the
stream) to the dead-letter queue. It does not bisect a failing batch: with partial batch responses
the function already names the record that failed. Like the stack's mapping it starts from the
newest record (LATEST), so the demo data seeded before it starts sends nothing.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from frontdoor.notifications.stream import lambda_record
from local.gateway import Handler, import_handler
from local.lambda_context import FakeLambdaContext

# Each invocation of the notifier may take the function's timeout in AWS (60 s).
INVOCATION_TIMEOUT_MS = 60_000


class UnsupportedFilter(ValueError):
    """A filter pattern uses matching this emulation does not implement: say so, never guess."""


# --- Lambda event filtering (the subset the stack uses) -------------------------------------------------
def matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """Whether a Lambda event filter pattern matches ``event`` (a record as the function gets it).

    Objects nest; a list holds the values a field may have (exact values, where true is not 1) or
    ``{"exists": bool}``, ``{"prefix": str}``, ``{"anything-but": [...]}`` rules.
    """
    for name, expected in pattern.items():
        present = name in event
        value = event.get(name)
        if isinstance(expected, Mapping):
            if not matches(expected, value if isinstance(value, Mapping) else {}):
                return False
        elif isinstance(expected, list):
            if not any(_matches_value(rule, present, value) for rule in expected):
                return False
        else:
            raise UnsupportedFilter(f"{name}: a pattern's values are lists or objects, not {expected!r}")
    return True


def _matches_value(rule: Any, present: bool, value: Any) -> bool:
    if isinstance(rule, Mapping):
        if len(rule) != 1:
            raise UnsupportedFilter(f"one rule per object: {rule!r}")
        ((operator, argument),) = rule.items()
        if operator == "exists":
            return present is argument
        if operator == "prefix":
            return present and isinstance(value, str) and value.startswith(argument)
        if operator == "anything-but":
            excluded = argument if isinstance(argument, list) else [argument]
            return present and not any(_same(value, other) for other in excluded)
        raise UnsupportedFilter(f"the local poller does not emulate {operator!r} rules")
    return present and _same(value, rule)


def _same(value: Any, expected: Any) -> bool:
    return type(value) is type(expected) and value == expected  # JSON true is not 1


# --- records and events ------------------------------------------------------------------------------
def on_failure_record(
    records: Sequence[Mapping[str, Any]],
    *,
    shard_id: str,
    stream_arn: str,
    function_arn: str,
    invocations: int,
    function_error: bool,
) -> dict[str, Any]:
    """What Lambda sends the on-failure destination when a stream batch's retries are exhausted: where
    the records are in the stream, never the records themselves."""

    def arrival(record: Mapping[str, Any]) -> str:
        seconds = record["dynamodb"]["ApproximateCreationDateTime"]
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": "$LATEST"}
    if function_error:
        response_context["functionError"] = "Unhandled"
    return {
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "functionArn": function_arn,
            "condition": "RetryAttemptsExhausted",
            "approximateInvokeCount": invocations,
        },
        "responseContext": response_context,
        "version": "1.0",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "DDBStreamBatchInfo": {
            "shardId": shard_id,
            "startSequenceNumber": records[0]["dynamodb"]["SequenceNumber"],
            "endSequenceNumber": records[-1]["dynamodb"]["SequenceNumber"],
            "approximateArrivalOfFirstRecord": arrival(records[0]),
            "approximateArrivalOfLastRecord": arrival(records[-1]),
            "batchSize": len(records),
            "streamArn": stream_arn,
        },
    }


def first_failed(records: Sequence[Mapping[str, Any]], response: Any) -> int | None:
    """Where Lambda resumes after this answer: the first record reported failed, or None when the
    batch succeeded. An answer it cannot read fails the whole batch, as in Lambda."""
    if response is None:
        return None
    failures = response.get("batchItemFailures") if isinstance(response, Mapping) else None
    if failures is None:
        return None if isinstance(response, Mapping) else 0
    sequence = [record["dynamodb"]["SequenceNumber"] for record in records]
    try:
        failed = [sequence.index(item["itemIdentifier"]) for item in failures]
    except (KeyError, TypeError, ValueError):
        return 0
    return min(failed, default=None)


# --- the poller -------------------------------------------------------------------------------------
@dataclass
class StreamPoller:
    """Polls the stream of ``table_name`` and invokes ``handler`` as Lambda's event source mapping."""

    table_name: str
    handler: str | Handler
    function_name: str
    filters: Sequence[Mapping[str, Any]]
    batch_size: int
    retry_attempts: int
    dead_letter_queue_url: str
    region: str
    poll_interval_s: float = 0.25
    retry_delay_s: float = 0.2
    client: Callable[[str], Any] | None = None  # botocore client factory; boto3's by default
    log: Callable[[str], None] = field(default=lambda message: _log(message))  # stderr, as the gateway
    _iterator: str | None = field(default=None, init=False)
    _shard_id: str = field(default="", init=False)
    _stream_arn: str = field(default="", init=False)
    _stop: threading.Event = field(default_factory=threading.Event, init=False)
    _thread: threading.Thread | None = field(default=None, init=False)

    def _client(self, service: str) -> Any:
        if self.client is not None:
            return self.client(service)
        import boto3
        from botocore.config import Config

        # botocore reaches DynamoDB Streams at account-based endpoints (<account>.streams-ddb...),
        # which moto's in-process mock does not recognise; the regional endpoint works everywhere.
        config = Config(account_id_endpoint_mode="disabled")
        return boto3.client(service, region_name=self.region, config=config)

    def start_from_latest(self) -> None:
        """Read from the newest record on: records written before this call are never delivered."""
        description = self._client("dynamodb").describe_table(TableName=self.table_name)["Table"]
        self._stream_arn = description["LatestStreamArn"]
        streams = self._client("dynamodbstreams")
        (shard,) = streams.describe_stream(StreamArn=self._stream_arn)["StreamDescription"]["Shards"]
        self._shard_id = shard["ShardId"]
        self._iterator = streams.get_shard_iterator(
            StreamArn=self._stream_arn, ShardId=self._shard_id, ShardIteratorType="LATEST"
        )["ShardIterator"]

    def poll_once(self) -> int:
        """Deliver the records written since the last poll; returns how many were delivered."""
        wanted = self.new_records()
        for start in range(0, len(wanted), self.batch_size):
            self._deliver(wanted[start : start + self.batch_size])
        return len(wanted)

    def new_records(self) -> list[dict[str, Any]]:
        """The records written since the last read that the filters let through, as Lambda gives them."""
        if self._iterator is None:
            self.start_from_latest()
        answer = self._client("dynamodbstreams").get_records(ShardIterator=self._iterator, Limit=1000)
        self._iterator = answer["NextShardIterator"]
        records = [lambda_record(raw, self.region, self._stream_arn) for raw in answer["Records"]]
        return [record for record in records if any(matches(p, record) for p in self.filters)]

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        """One batch, retried from its first failed record until it succeeds or the retries run out."""
        handler = import_handler(self.handler)
        invocations = 0
        while batch:
            invocations += 1
            context = FakeLambdaContext(
                function_name=self.function_name, region=self.region, timeout_ms=INVOCATION_TIMEOUT_MS
            )
            function_error = False
            try:
                failed_from = first_failed(batch, handler({"Records": batch}, context))
            except Exception as error:  # as Lambda: the whole batch failed; the message is not ours to print
                self.log(f"{self.function_name} raised {type(error).__qualname__} (message withheld)")
                failed_from, function_error = 0, True
            if failed_from is None:
                return
            batch = batch[failed_from:]
            if invocations > self.retry_attempts:
                self._dead_letter(batch, context, invocations, function_error)
                return
            retry = f"retry {invocations} of {self.retry_attempts}"
            self.log(f"{self.function_name}: {len(batch)} record(s) failed; {retry}")
            time.sleep(self.retry_delay_s * invocations)

    def _dead_letter(
        self, batch: list[dict[str, Any]], context: FakeLambdaContext, invocations: int, function_error: bool
    ) -> None:
        record = on_failure_record(
            batch,
            shard_id=self._shard_id,
            stream_arn=self._stream_arn,
            function_arn=context.invoked_function_arn,
            invocations=invocations,
            function_error=function_error,
        )
        self._client("sqs").send_message(QueueUrl=self.dead_letter_queue_url, MessageBody=json.dumps(record))
        self.log(
            f"{self.function_name}: {len(batch)} record(s) to the dead-letter queue after {invocations} tries"
        )

    # --- as a thread ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Poll on a daemon thread until ``stop()``, from the newest record on."""
        self.start_from_latest()
        self._thread = threading.Thread(target=self._run, name="stream-poller", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.poll_interval_s):
            try:
                self.poll_once()
            except Exception as error:  # keep polling: a hiccup of the emulation is not the end of make run
                self.log(f"stream poller: {type(error).__qualname__}; polling again")


def create_dead_letter_queue(name: str, region: str) -> str:
    """The emulation's dead-letter queue of the notifier (its URL)."""
    import boto3

    return str(boto3.client("sqs", region_name=region).create_queue(QueueName=name)["QueueUrl"])


def dead_letters(queue_url: str, region: str) -> list[dict[str, Any]]:
    """The on-failure records in the queue (read without deleting, for people and tests)."""
    import boto3

    sqs = boto3.client("sqs", region_name=region)
    answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    return [json.loads(message["Body"]) for message in answer.get("Messages", [])]


def _log(message: str) -> None:
    sys.stderr.write(f"[stream] {message}\n")
    sys.stderr.flush()


# --- the notifier, as make run wires it -----------------------------------------------------------
NOTIFIER_HANDLER = "functions.notifier.handler.lambda_handler"
NOTIFIER_NAME = "frontdoor-local-notifier"
NOTIFIER_DEAD_LETTERS = "frontdoor-local-notifier-dead-letters"


def notifier_poller(region: str) -> StreamPoller:
    """The notifier on the cases table's stream, with the stack's filters, batching and retries."""
    from frontdoor.notifications.stream import BATCH_SIZE, NOTIFY_FILTERS, RETRY_ATTEMPTS
    from frontdoor.settings import CASES_TABLE

    return StreamPoller(
        table_name=os.environ[CASES_TABLE],
        handler=NOTIFIER_HANDLER,
        function_name=NOTIFIER_NAME,
        filters=NOTIFY_FILTERS,
        batch_size=BATCH_SIZE,
        retry_attempts=RETRY_ATTEMPTS,
        dead_letter_queue_url=create_dead_letter_queue(NOTIFIER_DEAD_LETTERS, region),
        region=region,
    )
