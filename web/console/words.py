"""How the console says statuses, roles, channels, audit actions and times, in staff's words."""

from __future__ import annotations

from datetime import datetime

from frontdoor.backoffice.roles import Role
from frontdoor.cases.model import Channel, Status
from frontdoor.catalogue.model import COUNCIL_TIME
from web.site.questions import date_in_words

STATUS_WORDS: dict[Status, str] = {
    "open": "Open",
    "investigating": "Investigating",
    "in_progress": "In progress",
    "action_scheduled": "Action scheduled",
    "fixed": "Fixed",
    "duplicate": "Duplicate (merged)",
    "not_councils_responsibility": "Not the council's responsibility",
    "no_further_action": "No further action",
    "internal_referral": "Passed to another team",
}
# A GOV.UK tag colour per status (govuk-tag--<colour>): open work stands out, closed work is grey.
STATUS_COLOURS: dict[Status, str] = {
    "open": "blue",
    "investigating": "light-blue",
    "in_progress": "turquoise",
    "action_scheduled": "turquoise",
    "fixed": "green",
    "duplicate": "grey",
    "not_councils_responsibility": "grey",
    "no_further_action": "grey",
    "internal_referral": "purple",
}
ROLE_WORDS: dict[Role, str] = {
    "advisor": "Advisor",
    "back_office": "Back office",
    "supervisor": "Supervisor",
    "admin": "Admin",
}
CHANNEL_WORDS: dict[Channel, str] = {
    "web": "Online (website)",
    "open311": "Online (Open311 app)",
    "chat": "Webchat",
    "phone": "Phone",
    "email": "Email",
    "post": "Post",
    "face_to_face": "Face to face",
    "social_media": "Social media",
}
# Every action in roles.Action has its words (tests/unit/web/test_console_words.py).
ACTION_WORDS: dict[str, str] = {
    "find_cases": "Found cases",
    "view_case": "Viewed the case and its history",
    "lookup_resident": "Looked up a resident's cases",
    "view_reporter": "Viewed the resident's contact details",
    "log_case": "Logged the case for a resident",
    "add_note": "Added a note",
    "mark_urgent": "Changed urgency",
    "change_status": "Changed the status",
    "reopen_case": "Reopened the case",
    "assign_team": "Assigned a team",
    "link_cases": "Linked cases",
    "merge_cases": "Merged cases",
    "read_audit": "Read the audit",
}
# Audit details by name, in words (values are statuses, team ids, channels or references).
DETAIL_WORDS = {
    "status": "new status",
    "from_status": "previous status",
    "team": "team",
    "from_team": "previous team",
    "urgent": "urgent",
    "other": "other case",
    "into": "merged into",
    "merged": "merged case",
    "channel": "channel",
    "service_code": "service",
    "by": "looked up by",
    "found": "cases found",
}


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status)  # type: ignore[call-overload]


def when(moment: datetime) -> str:
    """A moment in the council's time: 'Tuesday 3 March 2026 at 2:05pm'."""
    local = moment.astimezone(COUNCIL_TIME)
    hour, noon = local.hour % 12 or 12, "am" if local.hour < 12 else "pm"
    return f"{local:%A} {date_in_words(local.date().isoformat())} at {hour}:{local:%M}{noon}"


def day(moment: datetime) -> str:
    local = moment.astimezone(COUNCIL_TIME)
    return date_in_words(local.date().isoformat())


def field_words(message: str) -> str:
    """A domain message as a GOV.UK error message: its field names in words, a capital first and no
    full stop ("public_note must be at most 2000 characters." -> "The public note must be ...")."""
    for name, words in (
        ("public_note", "the public note"),
        ("internal_note", "the internal note"),
        ("status", "the status"),
    ):
        message = message.replace(f"{name} must", f"{words} must")
    text = message.strip().rstrip(".")
    return text[:1].upper() + text[1:]
