"""A report in the making: the steps of a service's "report it" journey, the answers kept between
them in the form session, and the NewReport they become.

The journey is one thing per page: each question the service asks (its Open311 attributes that
take an answer, in order), then where (a place for ``point`` services, the resident's address for
``address`` ones), then a description (unless a question already asks for free text), then contact
details, then "check your answers". Paths are ``/report/<service_code>/<step>``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from frontdoor.cases.model import Location, NewReport, Reporter
from frontdoor.catalogue import Service
from frontdoor.contacts.phone import normalise_number
from web.site.questions import field_id, variable_questions

LOCATION = "location"
DESCRIPTION = "description"
CONTACT = "contact"
CHECK = "check"
CONFIRMATION = "confirmation"
QUESTION_PREFIX = "questions/"
# Where the form session keeps the journey in progress, and what is left of it once it is filed.
DRAFT_KEY = "report"
FILED_KEY = "filed"


@dataclass
class Draft:
    """The resident's answers so far, as the form session keeps them (JSON)."""

    service_code: str
    journey: str  # random: tells two reports from one session apart (the idempotency key)
    answers: dict[str, list[str]] = field(default_factory=dict)
    location: dict[str, str] = field(default_factory=dict)
    description: str = ""
    contact: dict[str, str] = field(default_factory=dict)
    updates: bool = False  # consent to be told of progress by email or text
    done: list[str] = field(default_factory=list)  # steps answered at least once

    @classmethod
    def start(cls, service_code: str) -> Draft:
        return cls(service_code=service_code, journey=secrets.token_hex(8))

    @classmethod
    def from_session(cls, data: dict[str, Any], service_code: str) -> Draft | None:
        """The journey in progress for this service, if the session holds one."""
        saved = data.get(DRAFT_KEY)
        if not isinstance(saved, dict) or saved.get("service_code") != service_code:
            return None
        try:
            return cls(**saved)
        except TypeError:  # saved by another version of the site: start again
            return None

    def save_to(self, data: dict[str, Any]) -> None:
        data[DRAFT_KEY] = asdict(self)

    def mark_done(self, step: str) -> None:
        if step not in self.done:
            self.done.append(step)

    def fingerprint(self) -> str:
        """The report's content, hashed: the same draft sent twice is the same submission."""
        content = {name: value for name, value in asdict(self).items() if name != "done"}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Filed:
    """What the session keeps once the report is filed: nothing personal, only what the
    confirmation page shows."""

    service_code: str
    journey: str
    reference: str
    service_notice: str
    updates: bool

    @classmethod
    def from_session(cls, data: dict[str, Any], service_code: str) -> Filed | None:
        saved = data.get(FILED_KEY)
        if not isinstance(saved, dict) or saved.get("service_code") != service_code:
            return None
        try:
            return cls(**saved)
        except TypeError:
            return None

    def replace_draft_in(self, data: dict[str, Any]) -> None:
        """Forget the answers (they may be personal) and keep only this."""
        data.clear()
        data[FILED_KEY] = asdict(self)


# --- steps ----------------------------------------------------------------------------------------
def takes_description(service: Service) -> bool:
    """A description page, unless one of the service's questions already asks for free text."""
    return not any(q.datatype == "text" for q in variable_questions(service))


def steps(service: Service) -> list[str]:
    """Every step before "check your answers", in order."""
    questions = [QUESTION_PREFIX + q.code for q in variable_questions(service)]
    return [*questions, LOCATION, *([DESCRIPTION] if takes_description(service) else []), CONTACT]


def path(service: Service, step: str) -> str:
    return f"/report/{service.service_code}/{step}"


def is_step(service: Service, step: str) -> bool:
    return step in steps(service)


def next_path(service: Service, draft: Draft, step: str, returning_to_check: bool) -> str:
    """After ``step``: back to "check your answers" when changing an answer (if nothing is left
    unanswered), else the next step."""
    unanswered = first_unanswered(service, draft)
    if returning_to_check and unanswered is None:
        return path(service, CHECK)
    order = steps(service)
    following = order[order.index(step) + 1 :]
    return path(service, following[0] if following else CHECK)


def first_unanswered(service: Service, draft: Draft) -> str | None:
    return next((step for step in steps(service) if step not in draft.done), None)


def back_path(service: Service, step: str) -> str:
    """The step before (the service's start page before the first)."""
    order = [*steps(service), CHECK]
    position = order.index(step)
    return path(service, order[position - 1]) if position else f"/services/{service.service_code}"


# --- the report ------------------------------------------------------------------------------------
def address_text(location: dict[str, str]) -> str:
    """The resident's address on one line, from the address fields."""
    parts = (location.get(name, "").strip() for name in ("line1", "line2", "town", "postcode"))
    return ", ".join(part for part in parts if part)


def new_report(service: Service, draft: Draft) -> NewReport:
    """The draft as the domain takes a report from any channel (the web's is ``web``)."""
    location = draft.location
    if service.location == "point":
        place = Location(
            lat=_number(location.get("lat")),
            long=_number(location.get("long")),
            address=location.get("text") or None,
        )
    else:
        place = Location(address=address_text(location) or None)
    contact = draft.contact
    phone = contact.get("phone") or None
    return NewReport(
        service_code=service.service_code,
        channel="web",
        description=draft.description,
        location=place,
        answers={code: values for code, values in draft.answers.items() if values},
        reporter=Reporter(
            first_name=contact.get("first_name") or None,
            last_name=contact.get("last_name") or None,
            email=contact.get("email") or None,
            # The form accepts any usual way of writing a number; the domain keeps it in one form.
            phone=(normalise_number(phone) or phone) if phone else None,
            consent_to_updates=draft.updates,
        ),
    )


def _number(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


# --- the domain's refusals, on the right page ------------------------------------------------------
_LOCATION_FIELDS = {"lat": "lat", "long": "long", "address_string": "location", "address": "location"}
_CONTACT_FIELDS = ("first_name", "last_name", "email", "phone")


def place_refusal(service: Service, refused_field: str | None) -> tuple[str, str] | None:
    """The step and field id where a refusal of ``refused_field`` (the domain's name for it, as
    ``InvalidReport.field`` gives it) belongs; None for what no page asks (the service itself)."""
    if refused_field is None:
        return None
    if refused_field.startswith("attribute[") and refused_field.endswith("]"):
        code = refused_field[len("attribute[") : -1]
        question = next((q for q in variable_questions(service) if q.code == code), None)
        return (QUESTION_PREFIX + code, field_id(question)) if question else None
    if refused_field in _LOCATION_FIELDS or refused_field == "address_id":
        if service.location == "address":
            return LOCATION, "address-line1"
        return LOCATION, _LOCATION_FIELDS.get(refused_field, "location")
    if refused_field == "description":
        return (DESCRIPTION, "description") if takes_description(service) else None
    if refused_field in _CONTACT_FIELDS:
        return CONTACT, refused_field.replace("_", "-")
    return None
