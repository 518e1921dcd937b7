"""Hours of operation: weekly slots in a time zone, and whether a moment falls inside them.

Slots follow Connect's rules: an end of 00:00 (or 24:00) means midnight at the end of the day, and
a slot whose end is before its start runs past midnight into the next day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from local.flow_simulator.errors import DirectoryError

DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_END_OF_DAY = 24 * 60


@dataclass(frozen=True)
class Slot:
    day: str  # MONDAY..SUNDAY
    start_minute: int  # minutes after midnight
    end_minute: int  # 1..1440; at or before start means the slot runs past midnight

    def covers(self, day_index: int, minute: int) -> bool:
        own_day = DAYS.index(self.day)
        if self.end_minute > self.start_minute:
            return day_index == own_day and self.start_minute <= minute < self.end_minute
        # Past midnight: the evening of its own day and the early hours of the next.
        evening = day_index == own_day and minute >= self.start_minute
        early = day_index == (own_day + 1) % 7 and minute < self.end_minute
        return evening or early


@dataclass(frozen=True)
class HoursOfOperation:
    name: str
    timezone: str
    slots: tuple[Slot, ...]

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(ZoneInfo(self.timezone))
        minute = local.hour * 60 + local.minute
        return any(slot.covers(local.weekday(), minute) for slot in self.slots)

    def local_time(self, at: datetime) -> datetime:
        return at.astimezone(ZoneInfo(self.timezone))


def parse_hours(key: str, spec: Any, default_timezone: str = "UTC") -> HoursOfOperation:
    """Hours from a simple spec or from DescribeHoursOfOperation output.

    Simple: ``{name, timezone, slots: [{days: [MONDAY, ...] | day: MONDAY, open: "09:00", close: "17:00"}]}``.
    Connect: ``{HoursOfOperation: {Name, TimeZone, Config: [{Day, StartTime: {Hours, Minutes}, EndTime}]}}``
    (or the inner object alone).
    """
    if isinstance(spec, Mapping) and isinstance(spec.get("HoursOfOperation"), Mapping):
        spec = spec["HoursOfOperation"]
    if not isinstance(spec, Mapping):
        raise DirectoryError(f"hours {key!r}: expected an object with slots (or Config)")
    if "Config" in spec:
        name = str(spec.get("Name") or key)
        timezone = str(spec.get("TimeZone") or default_timezone)
        slots = [_connect_slot(key, item) for item in _as_list(key, spec["Config"])]
    else:
        name = str(spec.get("name") or key)
        timezone = str(spec.get("timezone") or default_timezone)
        slots = [slot for item in _as_list(key, spec.get("slots", [])) for slot in _simple_slots(key, item)]
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise DirectoryError(f"hours {key!r}: unknown time zone {timezone!r}") from None
    return HoursOfOperation(name=name, timezone=timezone, slots=tuple(slots))


def _as_list(key: str, value: Any) -> Sequence[Any]:
    if not isinstance(value, list):
        raise DirectoryError(f"hours {key!r}: slots must be a list")
    return value


def _simple_slots(key: str, item: Any) -> list[Slot]:
    if not isinstance(item, Mapping):
        raise DirectoryError(f"hours {key!r}: each slot is an object with days, open and close")
    days = item.get("days") or ([item["day"]] if "day" in item else [])
    if not isinstance(days, list) or not days:
        raise DirectoryError(f"hours {key!r}: a slot needs days (or day)")
    start = _minute(key, item.get("open", item.get("start")))
    end = _minute(key, item.get("close", item.get("end")))
    return [Slot(_day(key, day), start, end or _END_OF_DAY) for day in days]


def _connect_slot(key: str, item: Any) -> Slot:
    if not isinstance(item, Mapping):
        raise DirectoryError(f"hours {key!r}: each Config entry is an object with Day, StartTime, EndTime")
    start = _clock(key, item.get("StartTime"))
    end = _clock(key, item.get("EndTime"))
    return Slot(_day(key, item.get("Day")), start, end or _END_OF_DAY)


def _clock(key: str, value: Any) -> int:
    if not isinstance(value, Mapping):
        raise DirectoryError(f"hours {key!r}: StartTime and EndTime are {{Hours, Minutes}}")
    try:
        hours, minutes = int(value.get("Hours", 0)), int(value.get("Minutes", 0))
    except (TypeError, ValueError):
        raise DirectoryError(f"hours {key!r}: Hours and Minutes must be numbers") from None
    return _checked_minute(key, hours, minutes)


def _minute(key: str, value: Any) -> int:
    text = str(value or "")
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        raise DirectoryError(f"hours {key!r}: times are HH:MM, not {value!r}")
    return _checked_minute(key, int(hours), int(minutes))


def _checked_minute(key: str, hours: int, minutes: int) -> int:
    if hours == 24 and minutes == 0:
        return _END_OF_DAY
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise DirectoryError(f"hours {key!r}: {hours:02d}:{minutes:02d} is not a time of day")
    return hours * 60 + minutes


def _day(key: str, value: Any) -> str:
    day = str(value or "").upper()
    if day not in DAYS:
        raise DirectoryError(f"hours {key!r}: {value!r} is not a day (MONDAY..SUNDAY)")
    return day


def always_open(name: str = "Always open", timezone: str = "UTC") -> HoursOfOperation:
    return HoursOfOperation(name, timezone, tuple(Slot(day, 0, _END_OF_DAY) for day in DAYS))


def describe_time(at: datetime) -> str:
    """``Monday 09:30 (Europe/London)``-style wording for transcripts."""
    return f"{at.strftime('%A %H:%M')} ({at.tzname() or 'UTC'})"
