"""Who may be told about a case, and how: the consent and opt-out rules in one place.

A resident is told only if they gave contact details and said yes to updates, and only until they
opt out. Email when they gave an address; otherwise a text, to a UK mobile only (the council's
texts go nowhere else). Reports from Open311 clients carry no consent: FixMyStreet and the like
keep their own users informed from ``servicerequestupdates``, and two messages for one update would
only confuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..cases.model import Reporter
from ..contacts.phone import can_receive_texts, normalise_number

Channel = Literal["email", "sms"]
# Why nobody is told: safe to log (never the address itself).
NotToldReason = Literal["no_contact_details", "no_consent", "opted_out", "no_email_or_mobile"]


@dataclass(frozen=True)
class Recipient:
    channel: Channel
    address: str  # an email address, or a UK mobile number in E.164
    first_name: str | None = None


@dataclass(frozen=True)
class NotTold:
    reason: NotToldReason


def recipient_for(reporter: Reporter | None) -> Recipient | NotTold:
    """Where this reporter's updates go, or why they get none."""
    if reporter is None:  # none given, or gone after the retention period
        return NotTold("no_contact_details")
    if not reporter.consent_to_updates:
        return NotTold("no_consent")
    if reporter.opted_out_at is not None:
        return NotTold("opted_out")
    if reporter.email:
        return Recipient("email", reporter.email, reporter.first_name)
    number = normalise_number(reporter.phone)
    if number and can_receive_texts(number):
        return Recipient("sms", number, reporter.first_name)
    return NotTold("no_email_or_mobile")
