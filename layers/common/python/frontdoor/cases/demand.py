"""Demand: how many reports each service gets, and the most-requested tasks it makes.

Every filed report adds one to its service's counter for the day (the council's day, Europe/London);
the residents' home page offers the services most requested over the last 30 days. Counting is pure
arithmetic here; the repository keeps one counter item per service and day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from ..catalogue import Service
from ..catalogue.model import COUNCIL_TIME

WINDOW_DAYS = 30
MOST_REQUESTED = 6


def council_day(moment: datetime) -> date:
    """The date on the council's clock: a report at 00:30 BST on the 2nd counts on the 2nd."""
    return moment.astimezone(COUNCIL_TIME).date()


def window(today: date, days: int = WINDOW_DAYS) -> tuple[date, date]:
    """The first and last day (inclusive) of the ``days`` days ending today."""
    if days < 1:
        raise ValueError("a demand window is at least one day")
    return today - timedelta(days=days - 1), today


def most_requested(
    services: Sequence[Service], requests: Mapping[str, int], limit: int = MOST_REQUESTED
) -> list[Service]:
    """The ``limit`` services with the most requests, ties (no requests at all included) in the
    order given, so with no demand yet they are simply the first services of the catalogue."""
    ranked = sorted(enumerate(services), key=lambda pair: (-requests.get(pair[1].service_code, 0), pair[0]))
    return [service for _, service in ranked[:limit]]
