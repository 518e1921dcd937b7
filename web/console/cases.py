"""Finding and reading cases: the search page, results, a resident's cases, a case with its whole
history, and the resident's contact details.

- ``/console/search``: by reference; by service, status, ward and dates (GET forms: no personal
  data in them); by a resident's phone number or email address (a POST, so neither is ever in a
  URL or a log; the back office audits the lookup).
- ``/console/cases/<reference>``: the case and its history, public updates and internal notes told
  apart (reading it is audited), with the actions the signed-in role may take, and no others.
- ``/console/cases/<reference>/contact-details``: a POST (an explicit "show contact details"), audited.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.backoffice import requests
from frontdoor.backoffice.errors import InvalidChange
from frontdoor.backoffice.service import BackOffice
from frontdoor.cases.dates import utc_now
from frontdoor.cases.errors import CaseNotFound
from frontdoor.cases.lookup_keys import normalise_email
from frontdoor.cases.model import ALL_STATUSES, Case
from frontdoor.cases.reference import LENGTH, is_valid
from frontdoor.contacts.phone import normalise_number
from web.console import case_views
from web.console.access import HOME, Staff, signed_in, submitted
from web.console.pages import console_page, not_found_page, see_other
from web.console.words import STATUS_WORDS
from web.forms import first
from web.responses import FieldErrors
from web.site.questions import date_in_words

router = APIGatewayRouter()
RESULTS_LIMIT = 100
EXAMPLE_REFERENCE = "123456786"
_SEPARATORS = re.compile(r"[\s-]")
DATE_PARTS = ("day", "month", "year")
# What a change's redirect says at the top of the case (?done=<what>); fixed words only.
DONE: dict[str, str] = {
    "updated": "The case has been updated",
    "assigned": "The case has been assigned",
    "urgent": "The case is marked urgent",
    "not-urgent": "The case is no longer marked urgent",
    "linked": "The cases are linked",
    "merged": "The case was merged and closed as a duplicate: its resident is told which case to follow",
    "logged": "The case has been logged",
}


def office() -> BackOffice:
    from frontdoor.wiring import back_office

    return back_office()


def ward_names() -> dict[str, str]:
    return {ward.code: ward.name for ward in office().cases.wards.wards}


def as_reference(typed: str) -> str:
    """A reference as staff may type it ('123 456 786', '123-456-786') as the nine digits."""
    return _SEPARATORS.sub("", typed)


def reference_problem(reference: str) -> str | None:
    """Why ``reference`` cannot be a case reference (the last digit checks the others), or None."""
    if not reference:
        return "Enter a case reference"
    if not (reference.isascii() and reference.isdigit()) or len(reference) != LENGTH:
        return f"A case reference is {LENGTH} digits, like {EXAMPLE_REFERENCE}"
    if not is_valid(reference):
        return "Check the case reference: one of its digits looks wrong"
    return None


# --- the search page --------------------------------------------------------------------------------------
@router.get("/console/search")
def search_page() -> Response[str]:
    staff = signed_in(router.current_event)
    return _search_page(staff, FieldErrors(), {})


def _search_page(
    staff: Staff, errors: FieldErrors, values: dict[str, Any], status: int = 200
) -> Response[str]:
    catalogue = office().cases.catalogue
    return console_page(
        "console/cases/search.html",
        title="Find cases",
        staff=staff,
        errors=errors,
        status=status,
        active=HOME,
        values=values,
        services=[{"value": "", "text": "Any service"}]
        + [
            {"value": s.service_code, "text": s.name, "selected": values.get("service") == s.service_code}
            for s in sorted(catalogue.services, key=lambda s: s.name)
        ],
        statuses=[
            {"value": value, "text": text, "selected": values.get("status") == value}
            for value, text in [
                ("", "Any status"),
                ("open", "Any open status"),
                ("closed", "Any closed status"),
            ]
            + list(STATUS_WORDS.items())
        ],
        wards=[{"value": "", "text": "Any ward"}]
        + [
            {"value": code, "text": name, "selected": values.get("ward") == code}
            for code, name in sorted(ward_names().items(), key=lambda pair: pair[1])
        ],
        may_look_up=staff.may("lookup_resident"),
    )


# --- results ----------------------------------------------------------------------------------------------
@router.get("/console/cases")
def find() -> Response[str]:
    event = router.current_event
    staff = signed_in(event)
    params = dict(event.query_string_parameters or {})
    if "reference" in params:
        return _by_reference(staff, params["reference"])
    values = {name: (params.get(name) or "").strip() for name in ("service", "status", "ward")}
    errors = FieldErrors()
    dates = {}
    for end in ("from", "to"):
        for part in DATE_PARTS:
            values[f"{end}-{part}"] = (params.get(f"{end}-{part}") or "").strip()
        dates[end] = _read_date(values, end, errors)
    start, finish = dates["from"], dates["to"]
    if start and finish and finish < start:
        errors.add("to-day", "The ‘to’ date must be the same as or after the ‘from’ date")
    if values["status"] and values["status"] not in ("open", "closed", *ALL_STATUSES):
        errors.add("status", "Select a status from the list")
    if errors:
        return _search_page(staff, errors, values, status=400)
    query = {name: values[name] for name in ("service", "status", "ward") if values[name]}
    query.update({end: moment.isoformat() for end, moment in dates.items() if moment})
    query["limit"] = str(RESULTS_LIMIT)
    try:
        found = office().find(staff.actor, requests.case_query(query, utc_now()))
    except InvalidChange as refusal:  # a window over a year, an unknown code
        field = {"from": "from-day", "to": "to-day"}.get(refusal.field or "", refusal.field or "service")
        errors.add(field, _window_words(refusal))
        return _search_page(staff, errors, values, status=400)
    return _results(staff, found, "Cases found", searched=_searched_words(values, dates))


def _read_date(values: dict[str, str], end: str, errors: FieldErrors) -> date | None:
    """A GOV.UK date input's parts (optional as a whole) as a date, or an error on its first box."""
    typed = {part: values[f"{end}-{part}"] for part in DATE_PARTS}
    words = "from" if end == "from" else "to"
    if not any(typed.values()):
        return None
    missing = [part for part in DATE_PARTS if not typed[part]]
    if missing:
        errors.add(f"{end}-{missing[0]}", f"The ‘{words}’ date must include a {' and a '.join(missing)}")
        return None
    if not all(value.isascii() and value.isdigit() for value in typed.values()) or len(typed["year"]) != 4:
        errors.add(f"{end}-day", f"The ‘{words}’ date must be a real date, like 27 3 2026")
        return None
    try:
        return date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except ValueError:
        errors.add(f"{end}-day", f"The ‘{words}’ date must be a real date, like 27 3 2026")
        return None


def _window_words(refusal: InvalidChange) -> str:
    if refusal.field == "from":
        return "Search at most a year at a time"
    return refusal.message.rstrip(".")


def _searched_words(values: dict[str, str], dates: dict[str, date | None]) -> str:
    catalogue = office().cases.catalogue
    service = catalogue.get(values["service"]) if values["service"] else None
    parts = [service.name if service else "Any service"]
    status = values["status"]
    parts.append(
        {"": "any status", "open": "open", "closed": "closed"}.get(status)
        or STATUS_WORDS.get(status, status).lower()  # type: ignore[call-overload]
    )
    if values["ward"]:
        parts.append(ward_names().get(values["ward"], values["ward"]))
    start, finish = dates["from"], dates["to"]
    if start or finish:
        parts.append(
            " ".join(
                ["received"]
                + ([f"from {date_in_words(start.isoformat())}"] if start else [])
                + ([f"to {date_in_words(finish.isoformat())}"] if finish else [])
            )
        )
    else:
        parts.append("received in the last 90 days")
    return ", ".join(parts)


def _by_reference(staff: Staff, typed: str) -> Response[str]:
    reference = as_reference(typed)
    problem = reference_problem(reference)
    values = {"reference": typed.strip()}
    if problem:
        return _search_page(staff, FieldErrors({"reference": problem}), values, status=400)
    try:
        case = office().get(staff.actor, reference)
    except CaseNotFound:
        errors = FieldErrors({"reference": f"There is no case with the reference {reference}"})
        return _search_page(staff, errors, values, status=404)
    if staff.may("view_case"):
        return see_other(case_views.case_path(case.reference))
    return _results(staff, [case], f"Case {reference}", searched=f"reference {reference}")


@router.post("/console/lookup")
def look_up() -> Response[str]:
    # A POST: a phone number or an email address never goes in a URL, a history or an access log.
    staff, form = submitted(router.current_event)
    staff.actor.check("lookup_resident")
    typed = first(form, "resident").strip()[:256]
    errors = FieldErrors()
    phone = email = None
    if not typed:
        errors.add("resident", "Enter a phone number or an email address")
    elif "@" in typed:
        email = normalise_email(typed)
        if email is None:
            errors.add("resident", "Enter an email address in the correct format, like name@example.com")
    else:
        phone = normalise_number(typed)
        if phone is None:
            errors.add("resident", "Enter a phone number, like 01632 960 001 or 07700 900 982")
    if errors:
        return _search_page(staff, errors, {"resident": typed}, status=400)
    found = office().lookup(staff.actor, phone=phone, email=email)
    return _results(staff, found, "A resident's cases", searched="the phone number or email address you gave")


def _results(staff: Staff, found: list[Case], title: str, *, searched: str) -> Response[str]:
    back, catalogue, names = office(), office().cases.catalogue, ward_names()
    return console_page(
        "console/cases/results.html",
        title=title,
        staff=staff,
        active=HOME,
        cases=[case_views.summary(case, catalogue, back.team_of(case), names) for case in found],
        searched=searched,
        limit=RESULTS_LIMIT,
        may_view=staff.may("view_case"),
    )


# --- a case -------------------------------------------------------------------------------------------------
@router.get("/console/cases/<reference>")
def case_page(reference: str) -> Response[str]:
    staff = signed_in(router.current_event)
    if reference_problem(reference):
        return not_found_page(staff, "There is no case with that reference.")
    view = office().view(staff.actor, reference)  # audited: the history may hold personal data
    catalogue = office().cases.catalogue
    done = router.current_event.get_query_string_value("done") or ""
    case = view.case
    service = catalogue.get(case.service_code)
    return console_page(
        "console/cases/case.html",
        title=f"Case {reference}",
        staff=staff,
        case=case,
        tag=case_views.status_tag(case.status),
        service_name=service.name if service else case.service_code,
        rows=case_views.detail_rows(view, catalogue, ward_names()),
        history=case_views.history(view),
        done=DONE.get(done),
        may={action: staff.may(action) for action in staff.actor.allowed},
    )


@router.post("/console/cases/<reference>/contact-details")
def contact_details(reference: str) -> Response[str]:
    staff, _ = submitted(router.current_event)
    if reference_problem(reference):
        return not_found_page(staff, "There is no case with that reference.")
    found = office().reporter(staff.actor, reference)  # audited before anything is shown
    case = office().get(staff.actor, reference)
    return console_page(
        "console/cases/contact_details.html",
        title=f"Contact details for case {reference}",
        staff=staff,
        case=case,
        rows=case_views.reporter_rows(found, office().cases.catalogue, case.service_code) if found else None,
        retention_days=office().cases.retention.days,
    )
