"""The case: what a resident reported, where, and what has happened since. Pure data, no AWS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Status = Literal[
    "open",
    "investigating",
    "in_progress",
    "action_scheduled",
    "fixed",
    "duplicate",
    "not_councils_responsibility",
    "no_further_action",
    "internal_referral",
]
# FixMyStreet's detailed states, grouped the way Open311's open/closed status reports them.
OPEN_STATUSES: tuple[Status, ...] = ("open", "investigating", "in_progress", "action_scheduled")
CLOSED_STATUSES: tuple[Status, ...] = (
    "fixed",
    "duplicate",
    "not_councils_responsibility",
    "no_further_action",
    "internal_referral",
)
ALL_STATUSES: tuple[Status, ...] = OPEN_STATUSES + CLOSED_STATUSES

Channel = Literal["web", "phone", "chat", "open311", "email", "post", "face_to_face", "social_media"]
Answers = dict[str, str | list[str]]

# The public note a new case starts with: received, or, for a service paid for by a secure link,
# waiting for that payment.
RECEIVED_NOTE = "Report received"
AWAITING_PAYMENT_NOTE = "Awaiting payment"


def is_open(status: Status) -> bool:
    return status in OPEN_STATUSES


@dataclass(frozen=True)
class Location:
    """Where the problem is (a point) and/or the address the resident gave."""

    lat: float | None = None
    long: float | None = None
    address: str | None = None
    address_id: str | None = None

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.long is not None

    @property
    def is_empty(self) -> bool:
        return not self.has_point and not self.address and not self.address_id


@dataclass(frozen=True)
class Reporter:
    """The resident's personal data: who they are and what they told us in their own words.

    Lives in its own item and expires after the retention period. Besides contact details it
    holds the resident's own address (services about their home), their free-text answers
    (which may say anything, health included) and, for services that are not public, their
    description; the case keeps only what is safe to keep for as long as the case.
    """

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    # For services that take the resident's own address (a permit, an enquiry), that address.
    address: str | None = None
    address_id: str | None = None
    description: str | None = None
    answers: Answers | None = None
    # Told of the case's progress by email (or text) only if they said yes, and until they opt out.
    consent_to_updates: bool = False
    opted_out_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not any(vars(self).values())


@dataclass(frozen=True)
class NewReport:
    """A report as it arrives from any channel, before the domain has checked it."""

    service_code: str
    channel: Channel
    description: str = ""
    location: Location = field(default_factory=Location)
    answers: dict[str, list[str]] = field(default_factory=dict)
    reporter: Reporter = field(default_factory=Reporter)
    media_url: str | None = None


@dataclass(frozen=True)
class Update:
    """One entry of a case's history. The first is written with the case.

    A public update (the status and ``description``, its public note) is what the resident, Track a
    case, Open311 and notifications see; staff's internal notes travel only in updates that are not
    public, and never leave the back office.
    """

    update_id: str
    reference: str
    status: Status
    description: str
    updated_at: datetime
    public: bool = True
    internal_note: str | None = None


@dataclass(frozen=True)
class Case:
    reference: str
    service_code: str
    status: Status
    description: str
    location: Location
    channel: Channel
    answers: Answers
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime
    ward_code: str | None = None
    media_url: str | None = None
    duplicate_of: str | None = None
    status_notes: str | None = None
    # Set by staff: the team working it (None: the service's own team), urgency, related cases,
    # and the revision each staff change checks and bumps, so two changes never cross.
    team: str | None = None
    urgent: bool = False
    linked: tuple[str, ...] = ()
    revision: int = 0

    @property
    def is_open(self) -> bool:
        return is_open(self.status)


@dataclass(frozen=True)
class CaseChange:
    """A staff change to one case: the case as read, as it becomes, and the history it adds."""

    before: Case
    after: Case
    updates: tuple[Update, ...] = ()


@dataclass(frozen=True)
class FiledCase:
    """What the channel tells the resident after filing."""

    reference: str
    token: str
    expected_at: datetime
    service_notice: str
    possible_duplicate_of: str | None = None


@dataclass(frozen=True)
class CaseQuery:
    """A listing: cases requested in [start, end], optionally narrowed by service, status and ward."""

    start: datetime
    end: datetime
    service_codes: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    ward_code: str | None = None
    limit: int = 1000
