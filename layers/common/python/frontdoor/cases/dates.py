"""Time helpers for the store and the interfaces: UTC, whole seconds, W3C format."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def sortable(moment: datetime) -> str:
    """Fixed-width UTC text that sorts by time: the prefix of every date sort key."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def months_between(start: datetime, end: datetime) -> Iterator[str]:
    """The YYYY-MM buckets covering [start, end], newest first."""
    year, month = end.astimezone(UTC).year, end.astimezone(UTC).month
    first = (start.astimezone(UTC).year, start.astimezone(UTC).month)
    while (year, month) >= first:
        yield f"{year:04d}-{month:02d}"
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)


def month_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")
