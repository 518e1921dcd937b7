"""Text a text-to-speech voice reads well: references digit by digit, dates on the council's clock.

"Case 1 2 3 4, 5 6 7 8, 9: Report a pothole. Status: in progress. We expect to finish by Friday
27 November." Digits are spaced so the voice says "one two three" and not "one hundred and
twenty-three"; the commas give the caller a breath to key along or write it down.
"""

from __future__ import annotations

from datetime import date, datetime

from ..cases.model import Case, Status
from ..catalogue.model import COUNCIL_TIME

AWAITING_PAYMENT = "Awaiting payment"

STATUS_WORDS: dict[Status, str] = {
    "open": "received",
    "investigating": "being investigated",
    "in_progress": "in progress",
    "action_scheduled": "work scheduled",
    "fixed": "done",
    "duplicate": "closed, as it was already reported",
    "not_councils_responsibility": "closed, as it is not the council's to deal with",
    "no_further_action": "closed, with no further action",
    "internal_referral": "passed to another council team",
}


def speakable_reference(reference: str) -> str:
    """'123456789' -> '1 2 3 4, 5 6 7 8, 9': in fours, as the caller would key or write it."""
    groups = [reference[start : start + 4] for start in range(0, len(reference), 4)]
    return ", ".join(" ".join(group) for group in groups)


def speakable_date(moment: datetime, today: date) -> str:
    """'Friday 27 November' on the council's clock; the year is said only when it is not this one."""
    local = moment.astimezone(COUNCIL_TIME)
    spoken = f"{local:%A} {local.day} {local:%B}"
    return spoken if local.year == today.year else f"{spoken} {local.year}"


def status_words(case: Case) -> str:
    if case.status == "open" and case.status_notes == AWAITING_PAYMENT:
        return "awaiting payment"
    return STATUS_WORDS[case.status]


def expected_words(case: Case, now: datetime) -> str:
    """When an open case should be done, or "" for a closed one (there is nothing left to expect)."""
    if not case.is_open:
        return ""
    return speakable_date(case.expected_at, now.astimezone(COUNCIL_TIME).date())


def case_summary(case: Case, service_name: str, now: datetime, *, written: bool = False) -> str:
    """What a caller hears about one of their cases (``written``: what a chat shows, the reference
    as one number a resident can copy)."""
    reference = case.reference if written else speakable_reference(case.reference)
    spoken = f"Case {reference}: {service_name}. Status: {status_words(case)}."
    expected = expected_words(case, now)
    if not expected:
        return spoken
    if case.expected_at < now:
        return f"{spoken} We expected to finish by {expected}; we are sorry it is taking longer."
    return f"{spoken} We expect to finish by {expected}."
