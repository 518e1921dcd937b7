"""Log a case for a resident who phoned, emailed, wrote, called in or messaged.

``/console/log-case`` asks which service and which channel; ``/console/log-case/details`` then asks,
on one page, what the residents' report form asks for that service (its questions, one field per
datatype, read and checked by ``web.site.questions``; where; a description; contact details and
consent to updates, read by ``web.site.report_fields``), and files it through the back office,
counted under its channel. What the domain refuses is shown on the field it is about, keeping what
was typed.

POST/redirect/GET: sending redirects to the new case, so a refresh never logs it twice. Each form
carries a one-off id, remembered in the console session with the case it logged: the same form sent
again (a second click, the back button) goes to that case instead of logging another.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any, cast

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.backoffice.service import ASSISTED_CHANNELS
from frontdoor.cases.errors import CaseError
from frontdoor.cases.model import Channel
from frontdoor.cases.service import MAX_DESCRIPTION
from frontdoor.catalogue import Service
from frontdoor.observability import function_logger
from web.console import sessions
from web.console.access import Staff, signed_in, submitted
from web.console.case_views import case_path
from web.console.cases import office
from web.console.pages import console_page, see_other
from web.console.words import CHANNEL_WORDS, field_words
from web.forms import Form, first
from web.responses import FieldErrors
from web.settings import site_settings
from web.site import questions
from web.site.report_draft import Draft, new_report, place_refusal, takes_description
from web.site.report_fields import read_address, read_contact, read_description, read_place

router = APIGatewayRouter()
logger = function_logger("console")
LOG_CASE = "/console/log-case"
DETAILS = "/console/log-case/details"
_JOURNEY_LENGTH = 22  # secrets.token_urlsafe(16)


# --- which service, which channel -------------------------------------------------------------------------
@router.get(LOG_CASE)
def choose_page() -> Response[str]:
    staff = signed_in(router.current_event)
    staff.actor.check("log_case")
    return _choose_page(staff, FieldErrors(), {})


def _choose_page(
    staff: Staff, errors: FieldErrors, values: dict[str, str], status: int = 200
) -> Response[str]:
    catalogue = office().cases.catalogue
    return console_page(
        "console/log_case/choose.html",
        title="Log a case for a resident",
        staff=staff,
        errors=errors,
        status=status,
        active=LOG_CASE,
        services=[{"value": "", "text": "Choose a service"}]
        + [
            {"value": s.service_code, "text": s.name, "selected": values.get("service") == s.service_code}
            for s in sorted(catalogue.services, key=lambda s: s.name)
        ],
        channels=[
            {"value": channel, "text": CHANNEL_WORDS[channel], "checked": values.get("channel") == channel}
            for channel in ASSISTED_CHANNELS
        ],
    )


def _chosen(staff: Staff, values: dict[str, str]) -> tuple[Service, Channel] | Response[str]:
    service = office().cases.catalogue.get(values.get("service", ""))
    errors = FieldErrors()
    if service is None:
        errors.add("service", "Select the service the resident is asking about")
    if values.get("channel") not in ASSISTED_CHANNELS:
        errors.add("channel", "Select how the resident contacted us")
    if errors or service is None:
        return _choose_page(staff, errors, values, status=400)
    return service, cast(Channel, values["channel"])


# --- the details, on one page -----------------------------------------------------------------------------
@router.get(DETAILS)
def details_page() -> Response[str]:
    event = router.current_event
    staff = signed_in(event)
    staff.actor.check("log_case")
    params = event.query_string_parameters or {}
    chosen = _chosen(staff, {"service": params.get("service", ""), "channel": params.get("channel", "")})
    if isinstance(chosen, Response):
        return chosen
    service, channel = chosen
    return _details_page(staff, service, channel, secrets.token_urlsafe(16), FieldErrors(), _Typed())


@router.post(DETAILS)
def log() -> Response[str]:
    staff, form = submitted(router.current_event)
    staff.actor.check("log_case")
    chosen = _chosen(staff, {"service": first(form, "service"), "channel": first(form, "channel")})
    if isinstance(chosen, Response):
        return chosen
    service, channel = chosen
    journey = first(form, "journey")
    if len(journey) != _JOURNEY_LENGTH:
        journey = secrets.token_urlsafe(16)
    already = staff.session.logged.get(journey)
    if already:  # this very form was sent before: its case, not a second one
        return see_other(f"{case_path(already)}?done=logged")
    typed = _read(service, form)
    if typed.errors:
        return _details_page(staff, service, channel, journey, typed.errors, typed, status=400)
    report = replace(new_report(service, typed.draft(service, journey)), channel=channel)
    try:
        filed = office().log_case(staff.actor, report)
    except CaseError as refusal:  # the domain's rules: on the field they are about
        errors = FieldErrors()
        placed = place_refusal(service, refusal.field)
        errors.add(placed[1] if placed else "service-name", field_words(refusal.message))
        return _details_page(staff, service, channel, journey, errors, typed, status=400)
    staff.session.logged[journey] = filed.reference
    sessions.save(staff.session)
    logger.info("case logged", extra={"reference": filed.reference, "channel": channel})
    return see_other(f"{case_path(filed.reference)}?done=logged")


class _Typed:
    """What the details form sent, as typed (to show again) and as the draft a report is made from."""

    def __init__(self) -> None:
        self.errors = FieldErrors()
        self.answers: dict[str, list[str]] = {}
        self.shown: dict[str, str] = {}
        self.location: dict[str, str] = {}
        self.description = ""
        self.contact: dict[str, str] = {}
        self.updates = False

    def draft(self, service: Service, journey: str) -> Draft:
        return Draft(
            service_code=service.service_code,
            journey=journey,
            answers={code: values for code, values in self.answers.items() if values},
            location=self.location,
            description=self.description,
            contact=self.contact,
            updates=self.updates,
        )


def _read(service: Service, form: Form) -> _Typed:
    typed = _Typed()
    for question in questions.variable_questions(service):
        reading = questions.read(question, form)
        typed.answers[question.code] = reading.values
        typed.shown.update(reading.shown)
        if reading.error:
            typed.errors.add(*reading.error)
    if service.location == "point":
        place = read_place(form, office().cases.wards, site_settings().council_name)
    else:
        place = read_address(form, address_optional=_address_optional(service, typed.answers))
    typed.location = place.values
    for field_id, message in place.errors.messages.items():
        typed.errors.add(field_id, message)
    if takes_description(service):
        described = read_description(form)
        typed.description = described.values["description"]
        for field_id, message in described.errors.messages.items():
            typed.errors.add(field_id, message)
    contact, typed.updates = read_contact(form)
    typed.contact = contact.values
    for field_id, message in contact.errors.messages.items():
        typed.errors.add(field_id, message)
    return typed


def _address_optional(service: Service, answers: dict[str, list[str]]) -> bool:
    """A service about an address the council holds may take its reference instead of an address."""
    code = service.address_answer
    return code is not None and bool(answers.get(code))


def _details_page(
    staff: Staff,
    service: Service,
    channel: Channel,
    journey: str,
    errors: FieldErrors,
    typed: _Typed,
    status: int = 200,
) -> Response[str]:
    fields: list[dict[str, Any]] = [
        questions.field_context(question, typed.answers.get(question.code, []), typed.shown)
        for question in questions.variable_questions(service)
    ]
    return console_page(
        "console/log_case/details.html",
        title=f"Log a case: {service.name}",
        staff=staff,
        errors=errors,
        status=status,
        active=LOG_CASE,
        service=service,
        channel=channel,
        channel_words=CHANNEL_WORDS[channel],
        journey=journey,
        questions=fields,
        location=typed.location,
        description=typed.description,
        takes_description=takes_description(service),
        max_description=MAX_DESCRIPTION,
        contact=typed.contact,
        updates=typed.updates,
        address_optional=_address_optional(service, typed.answers),
    )
