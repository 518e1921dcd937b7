"""What residents are told, in plain English: one wording per situation, by email and by text.

Every message names the request and its reference, carries the council's public note when it says
more than the situation does, links to the request's page on "Track a case" and to the resident's
opt-out page. Nothing else about the case is ever put in a message: staff's internal notes never
reach this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..backoffice.transitions import PLAIN_STATUS_NOTES
from ..cases.model import AWAITING_PAYMENT_NOTE, RECEIVED_NOTE, Case, Update
from ..catalogue.model import COUNCIL_TIME

Situation = Literal[
    "received",
    "awaiting_payment",
    "reopened",
    "investigating",
    "in_progress",
    "action_scheduled",
    "fixed",
    "duplicate",
    "not_councils_responsibility",
    "no_further_action",
    "internal_referral",
]
# Notes that say no more than the situation does are not repeated: the ones a case starts with, and
# the ones staff's status changes carry when staff write none.
_DEFAULT_NOTES = {
    note.casefold() for note in (RECEIVED_NOTE, AWAITING_PAYMENT_NOTE, *PLAIN_STATUS_NOTES.values())
}
TEXT_NOTE_LIMIT = 140


@dataclass(frozen=True)
class Wording:
    headline: str  # the email's subject, before the reference
    lead: str  # the email's first paragraph
    text: str  # the text message's first sentence


WORDING: dict[Situation, Wording] = {
    "received": Wording(
        "We have received your request",
        "We have received your request. Thank you for telling us.",
        "we have received your request.",
    ),
    "awaiting_payment": Wording(
        "Your request is waiting for payment",
        "We have received your request. We will start work on it once you have paid.",
        "we have your request and will start once you have paid.",
    ),
    "reopened": Wording(
        "We have reopened your request",
        "We have reopened your request and are looking at it again.",
        "we have reopened your request.",
    ),
    "investigating": Wording(
        "We are looking into your request",
        "We are looking into your request.",
        "we are looking into your request.",
    ),
    "in_progress": Wording(
        "Work has started on your request",
        "We have started work on your request.",
        "we have started work on your request.",
    ),
    "action_scheduled": Wording(
        "Work on your request has been booked",
        "We have booked the work needed to deal with your request.",
        "we have booked the work for your request.",
    ),
    "fixed": Wording(
        "We have dealt with your request",
        "We have dealt with your request. Thank you for telling us.",
        "we have dealt with your request. Thank you.",
    ),
    "duplicate": Wording(
        "Someone had already told us about this",
        "Someone had already told us about this, so we have closed your request and are dealing with "
        "it under another reference.",
        "someone had already told us about this, so we are dealing with it under another reference.",
    ),
    "not_councils_responsibility": Wording(
        "Your request is not something the council deals with",
        "We have looked at your request. It is not something the council is responsible for, so we "
        "have closed it.",
        "your request is not something the council deals with, so we have closed it.",
    ),
    "no_further_action": Wording(
        "We have closed your request",
        "We have looked into your request and decided not to take any further action. We have closed it.",
        "we have looked into your request and closed it without further action.",
    ),
    "internal_referral": Wording(
        "We have passed your request to another team",
        "We have passed your request to another team at the council, who will deal with it.",
        "we have passed your request to another team at the council.",
    ),
}


@dataclass(frozen=True)
class MessageFacts:
    """Everything a message may say, gathered by the notifier."""

    council_name: str
    situation: Situation
    reference: str
    track_url: str
    opt_out_url: str
    service_name: str | None = None
    note: str | None = None
    first_name: str | None = None
    expected_at: datetime | None = None
    # A duplicate: the case to follow instead, and its page.
    follow_reference: str | None = None
    follow_url: str | None = None


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def situation_of(update: Update, case: Case) -> Situation:
    """The situation an update puts the resident in: its status, except for the case's first update
    (received, or waiting for payment) and a case opened again after being closed."""
    if update.status != "open":
        return update.status
    first = update.updated_at == case.requested_at
    if not first:
        return "reopened"
    return "awaiting_payment" if update.description.strip() == AWAITING_PAYMENT_NOTE else "received"


def public_note(update: Update) -> str | None:
    """The update's public note, unless it only restates the situation."""
    note = update.description.strip()
    return note if note and note.casefold() not in _DEFAULT_NOTES else None


def email_for(facts: MessageFacts) -> Email:
    wording = WORDING[facts.situation]
    paragraphs = [
        f"Hello {facts.first_name}," if facts.first_name else "Hello,",
        wording.lead,
        _request_lines(facts),
    ]
    if facts.note:
        paragraphs.append(f"Our update:\n{facts.note}")
    if facts.situation == "duplicate" and facts.follow_reference:
        paragraphs.append(
            f"Follow request {facts.follow_reference} for updates:\n{facts.follow_url or ''}".rstrip()
        )
    if facts.situation == "received" and facts.expected_at is not None:
        paragraphs.append(f"We aim to deal with it by {_day(facts.expected_at)}.")
    paragraphs += [
        f"Track your request:\n{facts.track_url}",
        facts.council_name,
        "---\nYou are getting this email because you asked for updates about this request. To stop "
        f"getting them, go to:\n{facts.opt_out_url}",
    ]
    return Email(
        subject=f"{wording.headline} (reference {facts.reference})", body="\n\n".join(paragraphs) + "\n"
    )


def text_for(facts: MessageFacts) -> str:
    """A text message: short, but with the same reference, note and links as the email."""
    parts = [f"{facts.council_name}: {WORDING[facts.situation].text} Ref {facts.reference}."]
    if facts.note:
        parts.append(f"Update: {_shortened(facts.note, TEXT_NOTE_LIMIT)}")
    if facts.situation == "duplicate" and facts.follow_reference:
        parts.append(f"Follow ref {facts.follow_reference}: {facts.follow_url or ''}".rstrip())
    parts += [f"Track it: {facts.track_url}", f"Stop updates: {facts.opt_out_url}"]
    return " ".join(parts)


def _request_lines(facts: MessageFacts) -> str:
    lines = [f"Request: {facts.service_name}"] if facts.service_name else []
    return "\n".join([*lines, f"Reference: {facts.reference}"])


def _day(moment: datetime) -> str:
    """'Friday 6 March 2026', on the council's clock."""
    local = moment.astimezone(COUNCIL_TIME)
    return f"{local:%A} {local.day} {local:%B %Y}"


def _shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters; "..." rather than an ellipsis, which would make a text Unicode
    (70 characters a part instead of 160)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."
