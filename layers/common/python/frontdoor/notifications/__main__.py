"""Operations on a stage's notifications, from a person's terminal with AWS credentials.

    python -m frontdoor.notifications replay --queue-url URL --function NAME [--drop-expired]

replays the notifier's dead letters once the cause is fixed (``replay.py``): the queue's URL and the
function's name are the stack outputs ``NotificationsNotifierDeadLetterQueueUrl…`` and
``NotificationsNotifierFunctionName…`` of ``FrontDoor-<stage>``. It prints one line per dead letter
(ids and counts, never a record) and exits 1 while any is left in the queue.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .replay import DeadLetterReplay, Result

LEFT_IN_THE_QUEUE: tuple[Result, ...] = ("failed", "expired", "unreadable")


class NotifierFailed(Exception):
    """The notifier raised rather than answering: the whole batch failed."""


def lambda_invoker(client: Any, function: str) -> Any:
    def invoke(event: dict[str, Any]) -> Mapping[str, Any]:
        answer = client.invoke(FunctionName=function, Payload=json.dumps(event).encode())
        if answer.get("FunctionError"):
            raise NotifierFailed(answer["FunctionError"])
        return dict(json.loads(answer["Payload"].read() or b"{}"))

    return invoke


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m frontdoor.notifications", description="Notifications.")
    commands = parser.add_subparsers(dest="command", required=True)
    replay = commands.add_parser("replay", help="replay the notifier's dead letters")
    replay.add_argument("--queue-url", required=True, help="the notifier's dead-letter queue")
    replay.add_argument("--function", required=True, help="the notifier's function name or ARN")
    replay.add_argument("--region", default=None, help="the stage's region (default: your AWS config)")
    replay.add_argument("--limit", type=int, default=100, help="dead letters to replay at most")
    replay.add_argument(
        "--drop-expired",
        action="store_true",
        help="delete dead letters older than the stream's 24 hours (their updates are on the cases)",
    )
    arguments = parser.parse_args(argv)

    import boto3

    session = boto3.session.Session(region_name=arguments.region)
    outcomes = DeadLetterReplay(
        sqs=session.client("sqs"),
        streams=session.client("dynamodbstreams"),
        queue_url=arguments.queue_url,
        invoke=lambda_invoker(session.client("lambda"), arguments.function),
        region=session.region_name,
    ).run(drop_expired=arguments.drop_expired, limit=arguments.limit)
    for outcome in outcomes:
        print(f"{outcome.message_id}: {outcome.result} ({outcome.records} record(s))")
    totals = Counter(outcome.result for outcome in outcomes)
    print(", ".join(f"{count} {result}" for result, count in sorted(totals.items())) or "no dead letters")
    return 1 if any(totals[result] for result in LEFT_IN_THE_QUEUE) else 0


if __name__ == "__main__":
    sys.exit(main())
