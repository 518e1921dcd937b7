"""Filing and reading cases: the rules every channel shares.

A report from the web, the phone line, a chat or an Open311 client comes here as a NewReport. The
catalogue says whether the service is taken on that channel, what it asks and how fast the
council promises to act; the wards say where it is; the store keeps it.
"""

from __future__ import annotations

import logging
import math
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ..catalogue import Catalogue, InvalidAnswer, Service
from ..contacts.phone import CallerKeys
from ..geo.nearby import distance_m
from ..geo.wards import WardMap
from ..plain_text import NOT_PLAIN_TEXT
from . import demand
from .audit import AuditRecord
from .dates import utc_now
from .errors import CaseNotFound, InvalidReport, NotOfferedOnChannel, ReferenceTaken, UnknownService
from .lookup_keys import EmailKeys
from .model import (
    AWAITING_PAYMENT_NOTE,
    RECEIVED_NOTE,
    Answers,
    Case,
    CaseQuery,
    FiledCase,
    Location,
    NewReport,
    Reporter,
    Update,
)
from .ports import CaseRepository
from .reference import is_valid, new_reference, sortable_id

# The audit records of a case being filed, given its reference and the time it is filed.
AuditFor = Callable[[str, datetime], Sequence[AuditRecord]]

MAX_DESCRIPTION = 4000
MAX_ADDRESS = 250
MAX_NAME = 100
_HTML = re.compile(r"<\s*[a-zA-Z/!?][^>]*>")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
_URL = re.compile(r"^https?://[^\s<>\"]{1,2040}$")
_ID = re.compile(r"^[\w.:@-]{1,128}$")

# The catalogue speaks of the resident-facing channels; Open311 clients are online reporting.
# The resident-facing channels: the catalogue's name for each (Open311 clients report online)
# and how a refusal says it.
_RESIDENT_CHANNELS: dict[str, tuple[str, str]] = {
    "web": ("web", "online"),
    "open311": ("web", "online"),
    "phone": ("phone", "by phone"),
    "chat": ("chat", "by webchat"),
}
FIRST_UPDATE = RECEIVED_NOTE
logger = logging.getLogger(__name__)
FREE_TEXT = ("string", "text")
CONTACT = ("first_name", "last_name", "email", "phone", "device_id", "account_id")


@dataclass
class CaseService:
    catalogue: Catalogue
    wards: WardMap
    repository: CaseRepository
    retention: timedelta
    duplicate_radius_m: int
    clock: Callable[[], datetime] = utc_now
    # Links a case to its reporter's phone number ("tell us once"); None writes no such link.
    caller_keys: CallerKeys | None = None

    def file(self, report: NewReport, audit: AuditFor | None = None) -> FiledCase:
        """Check a report against the catalogue and the rules, then store it as a new case.

        ``audit`` gives the records of who filed it (staff logging a case for a resident), given the
        new reference and the time: they are written with the case, or neither is.
        """
        _refuse_control_characters(report)
        service = self._service_for(report)
        location = _check_location(service, report.location, report.answers)
        ward = None
        if location.lat is not None and location.long is not None:
            ward = self.wards.ward_at(location.lat, location.long)
            if ward is None:
                raise InvalidReport("That location is outside the council's area.", "lat")
        answers = _check_answers(service, report.answers)
        description = _check_description(report.description)
        reporter = _check_reporter(report.reporter)
        media_url = _check_media_url(report.media_url)
        location, answers, description, reporter = _personal_data_apart(
            service, location, answers, description, reporter
        )

        now = self.clock()
        earlier = self._open_case_nearby(service.service_code, location)
        case = Case(
            reference="",
            service_code=service.service_code,
            status="open",
            description=description,
            location=location,
            channel=report.channel,
            answers=answers,
            requested_at=now,
            updated_at=now,
            expected_at=self.catalogue.expected_by(service, now),
            ward_code=ward.code if ward else None,
            media_url=media_url,
            duplicate_of=earlier.reference if earlier else None,
            status_notes=AWAITING_PAYMENT_NOTE if service.awaits_payment else RECEIVED_NOTE,
        )
        reference, token = self._store(case, reporter, now, audit)
        self._count_demand(service.service_code, now)
        return FiledCase(
            reference=reference,
            token=token,
            expected_at=case.expected_at,
            service_notice=_notice(service, earlier),
            possible_duplicate_of=earlier.reference if earlier else None,
        )

    def _service_for(self, report: NewReport) -> Service:
        service = self.catalogue.get(report.service_code)
        if service is None:
            raise UnknownService("service_code was not found.", "service_code")
        channel, words = _RESIDENT_CHANNELS.get(report.channel, (None, ""))
        if channel is not None and not service.offered_on(channel):
            raise NotOfferedOnChannel(_not_offered(service, words), "service_code")
        return service

    def _open_case_nearby(self, service_code: str, location: Location) -> Case | None:
        if location.lat is None or location.long is None:
            return None
        lat, long = location.lat, location.long
        candidates = [
            (case.requested_at, case)
            for case in self.repository.open_near(service_code, lat, long, self.duplicate_radius_m)
            if case.location.lat is not None
            and case.location.long is not None
            and distance_m(lat, long, case.location.lat, case.location.long) <= self.duplicate_radius_m
        ]
        return min(candidates, key=lambda pair: pair[0])[1] if candidates else None

    def _store(
        self, case: Case, reporter: Reporter, now: datetime, audit: AuditFor | None
    ) -> tuple[str, str]:
        caller = self.caller_keys.for_number(reporter.phone) if self.caller_keys and reporter.phone else None
        # The same salt keys email addresses, so staff can find a resident's cases by either.
        email = EmailKeys(self.caller_keys.salt).for_email(reporter.email) if self.caller_keys else None
        for _attempt in range(5):  # 9 x 10^7 references: a collision is rare, five in a row is a fault
            reference, token = new_reference(), uuid.uuid4().hex
            first = Update(sortable_id(), reference, "open", case.status_notes or RECEIVED_NOTE, now)
            try:
                self.repository.add(
                    replace(case, reference=reference),
                    first,
                    reporter,
                    now + self.retention,
                    token,
                    caller_key=caller,
                    email_key=email,
                    audit=audit(reference, now) if audit else (),
                )
                return reference, token
            except ReferenceTaken:
                continue
        raise ReferenceTaken("Could not allocate a case reference.")

    def _count_demand(self, service_code: str, now: datetime) -> None:
        """One more request for the home page's ranking; the case is filed whatever happens here."""
        try:
            self.repository.count_demand(service_code, demand.council_day(now))
        except Exception:  # a ranking is never worth a failed report, nor an error shown for one
            logger.warning("demand not counted", extra={"service_code": service_code}, exc_info=False)

    # --- reads --------------------------------------------------------------------------------
    def most_requested(
        self, channel: str = "web", limit: int = demand.MOST_REQUESTED, days: int = demand.WINDOW_DAYS
    ) -> list[Service]:
        """The services of ``channel`` most requested over the last ``days`` days (catalogue order
        breaks ties, so with no demand yet they are the catalogue's first)."""
        first, last = demand.window(demand.council_day(self.clock()), days)
        requests = self.repository.demand_between(first, last)
        return demand.most_requested(self.catalogue.for_channel(channel), requests, limit)

    def get(self, reference: str) -> Case:
        case = self.repository.get(reference) if is_valid(reference) else None
        if case is None:
            raise CaseNotFound(
                f"There is no case with the reference '{_safe(reference)}'.", "service_request_id"
            )
        return case

    def get_many(self, references: Sequence[str]) -> list[Case]:
        """The cases among these references (at most 100) that exist; malformed ones are skipped."""
        return self.repository.get_many([reference for reference in references if is_valid(reference)])

    def history(self, reference: str) -> list[Update]:
        """What the resident and the public see: public updates only, oldest first."""
        self.get(reference)
        return [update for update in self.repository.history(reference) if update.public]

    def staff_history(self, reference: str) -> list[Update]:
        """Every update, internal notes included, oldest first: for the back office only."""
        self.get(reference)
        return self.repository.history(reference)

    def reporter(self, reference: str) -> Reporter | None:
        """The reporter's personal data, or None once the retention period has passed."""
        return self.repository.reporter(reference, self.clock())

    def references_for_phone(self, raw: str, limit: int) -> list[str]:
        """The cases reported with this phone number (any usual form), newest first."""
        key = self.caller_keys.for_number(raw) if self.caller_keys else None
        if key is None:
            raise InvalidReport("phone must be a phone number, like 01632 960 001.", "phone")
        return self.repository.references_for_caller(key, self.clock(), limit)

    def references_for_email(self, raw: str | None, limit: int) -> list[str]:
        """The cases reported with this email address (any letter case), newest first."""
        key = EmailKeys(self.caller_keys.salt).for_email(raw) if self.caller_keys else None
        if key is None:
            raise InvalidReport("email must be an email address, like name@example.com.", "email")
        return self.repository.references_for_email(key, self.clock(), limit)

    def reference_for_token(self, token: str) -> str:
        reference = self.repository.reference_for_token(token) if _ID.match(token) else None
        if reference is None:
            raise CaseNotFound(f"There is no request with the token '{_safe(token)}'.", "token")
        return reference

    def find(self, query: CaseQuery) -> list[Case]:
        return self.repository.find(query)

    def updates_between(self, start: datetime, end: datetime, limit: int = 1000) -> list[Update]:
        return self.repository.updates_between(start, end, limit)


def _refuse_control_characters(report: NewReport) -> None:
    """Nobody types these, and stored they would break every XML answer that includes the case."""
    fields = {
        "service_code": [report.service_code],
        "description": [report.description],
        "media_url": [report.media_url or ""],
        **{name: [value] for name, value in vars(report.location).items() if isinstance(value, str)},
        **{name: [value] for name, value in vars(report.reporter).items() if isinstance(value, str)},
        **{f"attribute[{code}]": [code, *values] for code, values in report.answers.items()},
    }
    for field, texts in fields.items():
        if any(NOT_PLAIN_TEXT.search(text) for text in texts):
            raise InvalidReport("The report contains control characters, which are not allowed.", field)


def _personal_data_apart(
    service: Service, location: Location, answers: Answers, description: str, reporter: Reporter
) -> tuple[Location, Answers, str, Reporter]:
    """Move what is personal from the case to the reporter item, which expires after retention:
    the resident's own address (services about their home), every free-text answer (words a
    resident types may say anything, health included) and a non-public service's description.
    A public service's description stays: it is published, as residents are told."""
    if service.location == "address":
        reporter = replace(reporter, address=location.address, address_id=location.address_id)
        location = Location()
    free_text = {code: value for code, value in answers.items() if _is_free_text(service, code)}
    structured = {code: value for code, value in answers.items() if code not in free_text}
    private_description = None if service.public else description or None
    reporter = replace(reporter, answers=free_text or None, description=private_description)
    return location, structured, "" if private_description else description, reporter


def _notice(service: Service, earlier: Case | None) -> str:
    if earlier is None:
        return service.standard.summary
    return (
        f"{service.standard.summary} This looks like case {earlier.reference}, reported nearby: we have"
        " linked your report to it, so you can follow either."
    )


def _not_offered(service: Service, channel_words: str) -> str:
    refusal = f"{service.name} is not taken {channel_words}."
    if service.emergency_line:
        return f"{refusal} Call {service.emergency_line}, open 24 hours a day."
    return refusal


def _check_location(service: Service, location: Location, answers: dict[str, list[str]]) -> Location:
    if (location.lat is None) != (location.long is None):
        raise InvalidReport("Give both lat and long, or neither.", "lat" if location.lat is None else "long")
    if location.lat is not None and location.long is not None:
        if not (math.isfinite(location.lat) and -90 <= location.lat <= 90):
            raise InvalidReport("lat must be a number from -90 to 90.", "lat")
        if not (math.isfinite(location.long) and -180 <= location.long <= 180):
            raise InvalidReport("long must be a number from -180 to 180.", "long")
    address = (location.address or "").strip() or None
    if address and (len(address) > MAX_ADDRESS or _HTML.search(address)):
        raise InvalidReport(
            f"address_string must be plain text of at most {MAX_ADDRESS} characters.", "address_string"
        )
    if location.address_id is not None and not _ID.match(location.address_id):
        raise InvalidReport("address_id must be an identifier of letters and digits.", "address_id")
    checked = replace(location, address=address)
    if service.location == "point" and checked.is_empty:
        raise InvalidReport("Say where the problem is: lat and long, address_string or address_id.", "lat")
    if service.location == "address" and not (checked.address or checked.address_id):
        _require_address_answer(service, answers)
    return checked


def _require_address_answer(service: Service, answers: dict[str, list[str]]) -> None:
    """No address given: the service's address_answer (a subscription reference) must stand in."""
    code = service.address_answer
    if code is None:
        raise InvalidReport("Give the resident's address: address_string or address_id.", "address_string")
    if not any(value.strip() for value in answers.get(code, ())):
        raise InvalidReport(
            f"Give the resident's address (address_string or address_id) or attribute[{code}].",
            f"attribute[{code}]",
        )


def _check_answers(service: Service, raw: dict[str, list[str]]) -> dict[str, str | list[str]]:
    try:
        return service.validate_answers(raw)
    except InvalidAnswer as error:
        raise InvalidReport(str(error), f"attribute[{error.code}]") from error


def _check_description(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_DESCRIPTION:
        raise InvalidReport(f"description must be at most {MAX_DESCRIPTION} characters.", "description")
    if _HTML.search(text):
        raise InvalidReport("description must be plain text, without HTML.", "description")
    return text


def _is_free_text(service: Service, code: str) -> bool:
    return any(a.code == code and a.datatype in FREE_TEXT for a in service.attributes)


def _check_reporter(reporter: Reporter) -> Reporter:
    fields: dict[str, Any] = {name: (getattr(reporter, name) or "").strip() or None for name in CONTACT}
    for name in ("first_name", "last_name"):
        value = fields[name]
        if value and (len(value) > MAX_NAME or _HTML.search(value)):
            raise InvalidReport(f"{name} must be plain text of at most {MAX_NAME} characters.", name)
    if fields["email"] and not _EMAIL.match(fields["email"]):
        raise InvalidReport("email must be an email address, like name@example.com.", "email")
    if fields["phone"] and not _PHONE.match(fields["phone"]):
        raise InvalidReport("phone must be a phone number, like 01632 960 001.", "phone")
    for name in ("device_id", "account_id"):
        if fields[name] and not _ID.match(fields[name] or ""):
            raise InvalidReport(f"{name} must be an identifier of at most 128 letters and digits.", name)
    return replace(reporter, **fields)


def _check_media_url(url: str | None) -> str | None:
    url = (url or "").strip() or None
    if url and not _URL.match(url):
        raise InvalidReport("media_url must be an http or https URL.", "media_url")
    return url


def _safe(text: str) -> str:
    """Echo an identifier back only if it looks like one (never free text, which may be personal)."""
    return text if _ID.match(text or "") else "?"
