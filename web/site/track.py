"""Track a case: ``/track`` asks for a reference, ``/track/<reference>`` shows the case as the public
may see it (the service, its status in words, its public history, when we expect to have dealt with
it, and where, for public services only). Staff's internal notes never reach these pages.

References end in a Damm check digit, so a mistyped one is caught before any lookup: the resident is
asked to check it, rather than told there is no such case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.cases.errors import CaseNotFound
from frontdoor.cases.model import Case, Update
from frontdoor.cases.reference import LENGTH, is_valid
from frontdoor.catalogue import default_catalogue
from frontdoor.catalogue.model import COUNCIL_TIME
from frontdoor.notifications.templates import WORDING, Situation, public_note, situation_of
from web.responses import FieldErrors, page, redirect
from web.site.questions import date_in_words

router = APIGatewayRouter()
EXAMPLE_REFERENCE = "123456786"  # a well-formed reference (its Damm check digit is right)
_SEPARATORS = re.compile(r"[\s-]")


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str  # a GOV.UK tag modifier: govuk-tag--<colour>


# The status in a word or two, for the tag; the sentence under it is the notifications' lead.
TAGS: dict[Situation, Tag] = {
    "received": Tag("Received", "blue"),
    "awaiting_payment": Tag("Waiting for payment", "yellow"),
    "reopened": Tag("Reopened", "blue"),
    "investigating": Tag("Being looked into", "light-blue"),
    "in_progress": Tag("In progress", "turquoise"),
    "action_scheduled": Tag("Work booked", "turquoise"),
    "fixed": Tag("Dealt with", "green"),
    "duplicate": Tag("Already reported", "grey"),
    "not_councils_responsibility": Tag("Not for the council", "grey"),
    "no_further_action": Tag("Closed", "grey"),
    "internal_referral": Tag("Passed to another team", "purple"),
}


@router.get("/track")
def find() -> Response[str]:
    typed = router.current_event.get_query_string_value("reference")
    if typed is None:
        return _find_page("", FieldErrors())
    reference = _SEPARATORS.sub("", typed)
    errors = _check(reference)
    if errors:
        return _find_page(typed.strip(), errors, status=400)
    if _case(reference) is None:
        return _find_page(typed.strip(), _not_found(reference), status=404)
    return redirect(f"/track/{reference}")


@router.get("/track/<reference>")
def case_page(reference: str) -> Response[str]:
    errors = _check(reference)
    if errors:
        return _find_page(reference, errors, status=404)
    case = _case(reference)
    if case is None:
        return _find_page(reference, _not_found(reference), status=404)
    from frontdoor.wiring import case_service

    history = case_service().history(reference)
    service = default_catalogue().get(case.service_code)
    situation = situation_of(history[-1], case) if history else "received"
    return page(
        "site/track/case.html",
        title=f"Request {reference}",
        case=case,
        service_name=service.name if service else case.service_code,
        public=service is not None and service.public,  # fail closed: an unknown service shows no place
        tag=TAGS[situation],
        lead=WORDING[situation].lead,
        expected=_day(case.expected_at),
        requested=_day(case.requested_at),
        history=[_entry(update, case) for update in reversed(history)],
    )


def _check(reference: str) -> FieldErrors:
    errors = FieldErrors()
    if not reference:
        errors.add("reference", "Enter your reference number")
    elif not (reference.isascii() and reference.isdigit()) or len(reference) != LENGTH:
        errors.add(
            "reference", f"Check your reference number: it is {LENGTH} digits, like {EXAMPLE_REFERENCE}"
        )
    elif not is_valid(reference):
        errors.add("reference", "Check your reference number: one of its digits looks wrong")
    return errors


def _not_found(reference: str) -> FieldErrors:
    return FieldErrors({"reference": f"We cannot find a request with the reference {reference}"})


def _case(reference: str) -> Case | None:
    from frontdoor.wiring import case_service

    try:
        return case_service().get(reference)
    except CaseNotFound:
        return None


def _find_page(typed: str, errors: FieldErrors, status: int = 200) -> Response[str]:
    return page(
        "site/track/find.html",
        title="Track a report or request",
        status=status,
        errors=errors,
        reference=typed,
        example=EXAMPLE_REFERENCE,
    )


def _entry(update: Update, case: Case) -> dict[str, str | None]:
    situation = situation_of(update, case)
    return {
        "headline": WORDING[situation].headline,
        "when": f"{_day(update.updated_at)}, {time_in_words(update.updated_at)}",
        "note": public_note(update),
    }


def _day(moment: datetime) -> str:
    local = moment.astimezone(COUNCIL_TIME)
    return f"{local:%A} {date_in_words(local.date().isoformat())}"


def time_in_words(moment: datetime) -> str:
    """GOV.UK style: 9am, 2:15pm, midday, midnight."""
    local = moment.astimezone(COUNCIL_TIME)
    if (local.hour, local.minute) in ((0, 0), (12, 0)):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
