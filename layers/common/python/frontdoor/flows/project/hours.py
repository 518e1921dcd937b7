"""Opening hours in words, for what callers hear."""

from __future__ import annotations

from ..config import ADVISORS, ContactCentreConfig, Hours

_DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


def _clock(value: str) -> str:
    hours, minutes = (int(part) for part in value.split(":"))
    if hours in (0, 24) and minutes == 0:
        return "midnight"
    if hours == 12 and minutes == 0:
        return "midday"
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}{suffix}" if minutes == 0 else f"{hours}:{minutes:02d}{suffix}"


def _days(days: list[str]) -> str:
    ordered = sorted(days, key=_DAYS.index)
    indexes = [_DAYS.index(day) for day in ordered]
    names = [day.title() for day in ordered]
    if len(names) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]


def describe(hours: Hours) -> str:
    """'Monday to Friday, 9am to 5pm'."""
    return "; ".join(
        f"{_days(list(slot.days))}, {_clock(slot.open)} to {_clock(slot.close)}" for slot in hours.slots
    )


def closed_notice(config: ContactCentreConfig) -> str:
    return (
        f"Our advisors are available {describe(config.hours[ADVISORS])}. Our automated line is open "
        f"all day, every day. {' '.join(config.emergency_numbers)}"
    ).strip()
