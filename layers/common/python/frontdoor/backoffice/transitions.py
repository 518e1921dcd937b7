"""The life of a case: which status changes staff may make, and what each one needs.

| from \\ to            | an open status        | a closed status (not duplicate) | duplicate     |
| -------------------- | --------------------- | ------------------------------- | ------------- |
| an open status       | change_status         | change_status + public note     | merge only    |
| closed (not dup.)    | reopen_case           | change_status + public note     | merge only    |
| duplicate (merged)   | refused               | refused                         | refused       |

The same status again is a note (``add_note``), and needs a note. A merged case stays closed: its
reporter was told which case to follow, so it is never reopened nor closed another way.
"""

from __future__ import annotations

import re

from ..cases.model import CLOSED_STATUSES, OPEN_STATUSES, Case, Status
from ..plain_text import NOT_PLAIN_TEXT
from .errors import IllegalTransition, InvalidChange
from .roles import Action

MAX_PUBLIC_NOTE = 2000
MAX_INTERNAL_NOTE = 4000
_HTML = re.compile(r"<\s*[a-zA-Z/!?][^>]*>")

# What a resident reads when staff move a case between open statuses without writing a note.
PLAIN_STATUS_NOTES: dict[Status, str] = {
    "open": "This case is open again.",
    "investigating": "We are looking into this.",
    "in_progress": "Work on this is in progress.",
    "action_scheduled": "Work on this has been scheduled.",
}


def status_change(
    case: Case, target: Status | None, public_note: str | None, internal_note: str | None
) -> Action:
    """The action a status change and/or notes amount to, or IllegalTransition naming the rule."""
    target = target or case.status
    if target not in OPEN_STATUSES + CLOSED_STATUSES:
        raise InvalidChange(f"status must be one of {', '.join(OPEN_STATUSES + CLOSED_STATUSES)}.", "status")
    if target == case.status:
        if not public_note and not internal_note:
            raise InvalidChange("Nothing to change: give a new status, a public note or an internal note.")
        return "add_note"
    if case.status == "duplicate":
        raise IllegalTransition(
            f"Case {case.reference} was merged into case {case.duplicate_of or 'another'} and stays "
            "closed; update that case instead.",
            "status",
        )
    if target == "duplicate":
        raise IllegalTransition(
            "A case is closed as a duplicate by merging it into the case to follow.", "status"
        )
    if target in CLOSED_STATUSES and not public_note:
        raise IllegalTransition(
            "Closing a case needs a public note telling the resident what happened.", "public_note"
        )
    if target in OPEN_STATUSES and case.status in CLOSED_STATUSES:
        return "reopen_case"
    return "change_status"


def check_merge(duplicate: Case, into: Case) -> None:
    """``duplicate`` may close as a duplicate of ``into``: two different open cases."""
    if duplicate.reference == into.reference:
        raise IllegalTransition("A case cannot be merged into itself.", "into")
    if not into.is_open:
        raise IllegalTransition(
            f"Case {into.reference} is closed: merge into an open case, or reopen it first.", "into"
        )
    if not duplicate.is_open:
        raise IllegalTransition(f"Case {duplicate.reference} is already closed.", "reference")


def check_link(case: Case, other: Case) -> None:
    if case.reference == other.reference:
        raise IllegalTransition("A case cannot be linked to itself.", "reference")


def checked_note(text: str | None, field: str, limit: int) -> str | None:
    """A note as stored: trimmed plain text within ``limit``, or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > limit:
        raise InvalidChange(f"{field} must be at most {limit} characters.", field)
    if NOT_PLAIN_TEXT.search(text) or _HTML.search(text):
        raise InvalidChange(f"{field} must be plain text, without HTML or control characters.", field)
    return text
