"""The cases table's stream, as the notifier reads it: which records it is invoked for, and the
public update in each.

``NOTIFY_FILTERS`` are Lambda event filter patterns: the stack's event source mapping uses them, and
so does the local stream poller of ``make run``, so both invoke the notifier for the same records:
a new update item that is public. A case's first update is written with the case, so it stands for
"a case was filed" too. Everything else (case items, reporters, internal notes, modifications)
never invokes the function.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..cases.model import ALL_STATUSES, Update

# The event source mapping's batching and retries (the local poller follows them too): a batch of ten
# records at most; a failing record is retried five times before its place goes to the dead letters.
BATCH_SIZE = 10
RETRY_ATTEMPTS = 5
NOTIFY_FILTERS: tuple[dict[str, Any], ...] = (
    {
        "eventName": ["INSERT"],
        "dynamodb": {"NewImage": {"kind": {"S": ["update"]}, "public": {"BOOL": [True]}}},
    },
)
# How pynamodb's UTCDateTimeAttribute writes a time: 2026-03-02T10:15:00.000000+0000.
_STORED_TIME = "%Y-%m-%dT%H:%M:%S.%f%z"


def lambda_record(raw: Mapping[str, Any], region: str, stream_arn: str) -> dict[str, Any]:
    """A record of GetRecords (as botocore parses it) in the shape Lambda gives the function."""
    stream = dict(raw["dynamodb"])
    created = stream.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        stream["ApproximateCreationDateTime"] = int(created.timestamp())  # epoch seconds, as Lambda sends
    return {
        "eventID": raw["eventID"],
        "eventName": raw["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": stream,
        "eventSourceARN": stream_arn,
    }


class MalformedRecord(ValueError):
    """A stream record that should hold an update does not: names the field, never its value."""


def public_update(image: Mapping[str, Any]) -> Update | None:
    """The public update in a record's new image (deserialised, as powertools gives it), or None for
    any other item: the filters let none through, but what residents are told must not rest on a
    trigger's configuration alone. Only an explicit ``public: true`` counts (fail closed)."""
    if image.get("kind") != "update" or image.get("public") is not True:
        return None
    status = _text(image, "status")
    if status not in ALL_STATUSES:
        raise MalformedRecord("status is not a case status")
    try:
        updated_at = datetime.strptime(_text(image, "updated_at"), _STORED_TIME).astimezone(UTC)
    except ValueError as error:
        raise MalformedRecord("updated_at is not a stored time") from error
    return Update(
        update_id=_text(image, "update_id"),
        reference=_text(image, "reference"),
        status=status,
        description=str(image.get("description") or ""),
        updated_at=updated_at,
    )


def _text(image: Mapping[str, Any], name: str) -> str:
    value = image.get(name)
    if not isinstance(value, str) or not value:
        raise MalformedRecord(f"{name} is missing")
    return value
