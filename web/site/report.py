"""Report it: choose a service, answer its questions one page at a time, say where, describe it,
leave contact details if you like, check your answers, send, and get a reference.

Every page is a GOV.UK question page: POST/redirect/GET, the answers kept server-side in the form
session (``report_draft.Draft``), CSRF checked on every POST, a back link. Sending files the report
through the same idempotent filing as the Open311 API, keyed on the journey, so a double click or a
refresh never files it twice; the session then keeps only the reference. Whatever the domain
refuses is shown on the page and field it came from, keeping what was typed.
"""

from __future__ import annotations

import time
from itertools import groupby
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from markupsafe import Markup

from frontdoor.cases.errors import (
    CaseError,
    CaseNotFound,
    InvalidReport,
    NotOfferedOnChannel,
    UnknownService,
)
from frontdoor.cases.service import MAX_DESCRIPTION
from frontdoor.catalogue import Attribute, Service, default_catalogue
from frontdoor.catalogue.model import COUNCIL_TIME
from web import forms
from web.forms import BadSubmission, Form, FormSession
from web.responses import PRIVATE, STABLE, FieldErrors, not_found_page, page, redirect
from web.settings import site_settings
from web.site import questions
from web.site.contact_details import contact_details
from web.site.questions import date_in_words
from web.site.report_draft import (
    CHECK,
    CONFIRMATION,
    CONTACT,
    DESCRIPTION,
    LOCATION,
    QUESTION_PREFIX,
    Draft,
    Filed,
    back_path,
    first_unanswered,
    is_step,
    new_report,
    next_path,
    path,
    place_refusal,
    steps,
    takes_description,
)
from web.site.report_fields import read_address, read_contact, read_description, read_place
from web.site.services import in_group_order

router = APIGatewayRouter()
RETURN_TO_CHECK = "check"
# A second click of "Send" while the first is being filed waits for it, this long at most.
IN_PROGRESS_WAIT_S = 0.25
IN_PROGRESS_TRIES = 20


# --- choosing a service -----------------------------------------------------------------------------
@router.get("/report")
def choose() -> Response[str]:
    catalogue = default_catalogue()
    online = [service for service in in_group_order(catalogue.services) if service.offered_on("web")]
    groups = [(group, list(services)) for group, services in groupby(online, key=lambda s: s.group)]
    by_phone = [service for service in catalogue.services if not service.offered_on("web")]
    return page(
        "site/report/choose.html",
        title="What do you want to report or ask for?",
        cache=STABLE,
        groups=groups,
        by_phone=by_phone,
        contact=contact_details(),
    )


@router.get("/report/<service_code>")
def start(service_code: str) -> Response[str]:
    """Where "Start now" and the phone line's texts lead: the journey's first question, with any
    answers already given to this service's questions in this session kept."""
    service = default_catalogue().get(service_code)
    if service is None:
        return not_found_page()
    if not service.offered_on("web"):
        return page(
            "site/report/by_phone.html",
            title=f"{service.name}: call us",
            cache=STABLE,
            service=service,
            contact=contact_details(),
        )
    event = router.current_event
    session = forms.current(event) or FormSession.start(secure_cookie=forms.is_secure(event))
    draft = Draft.from_session(session.data, service_code) or Draft.start(service_code)
    draft.save_to(session.data)
    forms.save(session)
    return redirect(path(service, first_unanswered(service, draft) or CHECK), session=session)


# --- the steps ------------------------------------------------------------------------------------------
@router.get("/report/<service_code>/questions/<code>")
def question_page(service_code: str, code: str) -> Response[str]:
    return _show(service_code, QUESTION_PREFIX + code)


@router.post("/report/<service_code>/questions/<code>")
def question_answer(service_code: str, code: str) -> Response[str]:
    return _answer(service_code, QUESTION_PREFIX + code)


@router.get("/report/<service_code>/<step>")
def step_page(service_code: str, step: str) -> Response[str]:
    if step == CONFIRMATION:
        return _confirmation(service_code)
    return _show(service_code, step)


@router.post("/report/<service_code>/<step>")
def step_answer(service_code: str, step: str) -> Response[str]:
    return _answer(service_code, step)


def _show(service_code: str, step: str) -> Response[str]:
    service = _online_service(service_code)
    if service is None or not (is_step(service, step) or step == CHECK):
        return not_found_page()
    session = forms.current(router.current_event)
    draft = Draft.from_session(session.data, service_code) if session else None
    if session is None or draft is None:
        return _without_draft(service, session)
    unanswered = first_unanswered(service, draft)
    order = [*steps(service), CHECK]
    if unanswered is not None and order.index(step) > order.index(unanswered):
        return redirect(path(service, unanswered), session=session)  # no skipping ahead
    forms.save(session)  # another hour
    returning = router.current_event.get_query_string_value("return") == RETURN_TO_CHECK
    if step == CHECK:
        return _check_page(service, draft, session)
    return _step_page(service, draft, session, step, returning=returning)


def _answer(service_code: str, step: str) -> Response[str]:
    service = _online_service(service_code)
    if service is None or not (is_step(service, step) or step == CHECK):
        return not_found_page()
    submitted = _submitted(service)
    if isinstance(submitted, Response):
        return submitted
    session, form, draft = submitted
    if step == CHECK:
        return _send(service, draft, session)
    returning = forms.first(form, "return") == RETURN_TO_CHECK
    errors, shown = _accept(service, draft, step, form)
    if errors:
        return _step_page(service, draft, session, step, errors=errors, shown=shown, returning=returning)
    draft.mark_done(step)
    draft.save_to(session.data)
    forms.save(session)
    return redirect(next_path(service, draft, step, returning), session=session)


def _accept(service: Service, draft: Draft, step: str, form: Form) -> tuple[FieldErrors, dict[str, Any]]:
    """Keep what a step's form sent in the draft, if it is right; else its errors and what to show."""
    errors = FieldErrors()
    if step.startswith(QUESTION_PREFIX):
        question = _question(service, step)
        reading = questions.read(question, form)
        if reading.error:
            errors.add(*reading.error)
            return errors, {"selected": reading.values, "typed": reading.shown}
        draft.answers[question.code] = reading.values
    elif step == LOCATION and service.location == "point":
        read = read_place(form, _wards(), site_settings().council_name)
        if read.errors:
            return read.errors, read.values
        draft.location = read.values
    elif step == LOCATION:
        read = read_address(form, address_optional=_address_optional(service, draft))
        if read.errors:
            return read.errors, read.values
        draft.location = read.values
    elif step == DESCRIPTION:
        read = read_description(form)
        if read.errors:
            return read.errors, read.values
        draft.description = read.values["description"]
    elif step == CONTACT:
        read, updates = read_contact(form)
        if read.errors:
            return read.errors, {**read.values, "updates": updates}
        draft.contact, draft.updates = read.values, updates
    return errors, {}


def _submitted(service: Service) -> tuple[FormSession, Form, Draft] | Response[str]:
    """The POSTed form, its session and the journey; a kind "start again" page when the answers
    have expired (a wrong CSRF token with a live session is still the site's 400)."""
    event = router.current_event
    try:
        session, form = forms.submitted(event)
    except BadSubmission:
        if forms.current(event) is None:
            return _start_again(service, status=400)
        raise
    draft = Draft.from_session(session.data, service.service_code)
    if draft is None:
        return _without_draft(service, session, status=400)
    return session, form, draft


def _without_draft(service: Service, session: FormSession | None, status: int = 200) -> Response[str]:
    """No journey for this service in the session: sent already (to its confirmation), or gone."""
    if session is not None and Filed.from_session(session.data, service.service_code):
        return redirect(path(service, CONFIRMATION), session=session)
    return _start_again(service, status=status)


def _start_again(service: Service, status: int) -> Response[str]:
    return page(
        "site/report/start_again.html",
        title="Sorry, you need to start again",
        status=status,
        cache=PRIVATE,
        service=service,
        start_url=f"/report/{service.service_code}",
    )


# --- rendering a step ---------------------------------------------------------------------------------
def _step_page(
    service: Service,
    draft: Draft,
    session: FormSession,
    step: str,
    *,
    errors: FieldErrors | None = None,
    shown: dict[str, Any] | None = None,
    returning: bool = False,
) -> Response[str]:
    """A step's page, showing ``shown`` (what was just typed) or else the draft's answers."""
    common: dict[str, Any] = {
        "session": session,
        "errors": errors,
        "service": service,
        "action": path(service, step),
        "back_url": path(service, CHECK) if returning else back_path(service, step),
        "returning": returning,
    }
    if step.startswith(QUESTION_PREFIX):
        question = _question(service, step)
        given = draft.answers.get(question.code, [])
        selected = shown["selected"] if shown else given
        typed = shown["typed"] if shown else questions.shown_from_answer(question, given)
        return page(
            "site/report/question.html",
            title=question.description,
            question=questions.field_context(question, selected, typed),
            notes=questions.notes_for(service, question),
            **common,
        )
    values = shown if shown is not None else _saved_values(draft, step)
    if step == LOCATION and service.location == "point":
        return page("site/report/place.html", title="Where is the problem?", values=values, **common)
    if step == LOCATION:
        return page(
            "site/report/address.html",
            title="What is your address?",
            values=values,
            optional=_address_optional(service, draft),
            **common,
        )
    if step == DESCRIPTION:
        return page(
            "site/report/description.html",
            title=_description_title(service),
            values=values,
            max_description=MAX_DESCRIPTION,
            **common,
        )
    return page("site/report/contact.html", title="Your contact details", values=values, **common)


def _saved_values(draft: Draft, step: str) -> dict[str, Any]:
    if step == LOCATION:
        return dict(draft.location)
    if step == DESCRIPTION:
        return {"description": draft.description}
    return {**draft.contact, "updates": draft.updates}


def _description_title(service: Service) -> str:
    return "Describe the problem" if service.location == "point" else "Tell us more"


# --- check your answers and send ------------------------------------------------------------------------
def _check_page(
    service: Service, draft: Draft, session: FormSession, errors: FieldErrors | None = None
) -> Response[str]:
    return page(
        "site/report/check.html",
        title="Check your answers before sending your report",
        session=session,
        errors=errors,
        service=service,
        action=path(service, CHECK),
        back_url=back_path(service, CHECK),
        answers=_answer_rows(service, draft),
        place=_place_rows(service, draft),
        contact=_contact_rows(service, draft),
    )


def _change(service: Service, step: str, what: str) -> dict[str, Any]:
    return {
        "items": [
            {
                "href": f"{path(service, step)}?return={RETURN_TO_CHECK}",
                "text": "Change",
                "visuallyHiddenText": what,
            }
        ]
    }


def _row(key: str, lines: list[str], change: dict[str, Any]) -> dict[str, Any]:
    value = {"html": Markup("<br>").join(lines)} if lines else {"text": "Not given"}
    return {"key": {"text": key}, "value": value, "actions": change}


def _answer_rows(service: Service, draft: Draft) -> list[dict[str, Any]]:
    return [
        _row(
            question.description,
            questions.answer_words(question, draft.answers.get(question.code, [])),
            _change(service, QUESTION_PREFIX + question.code, question.description),
        )
        for question in questions.variable_questions(service)
    ]


def _place_rows(service: Service, draft: Draft) -> list[dict[str, Any]]:
    location = draft.location
    if service.location == "address":
        lines = [location[name] for name in ("line1", "line2", "town", "postcode") if location.get(name)]
        rows = [_row("Your address", lines, _change(service, LOCATION, "your address"))]
    else:
        lines = [location["text"]] if location.get("text") else []
        if location.get("lat") and location.get("long"):
            lines.append(f"Latitude {location['lat']}, longitude {location['long']}")
        rows = [_row("Location", lines, _change(service, LOCATION, "where the problem is"))]
    if takes_description(service):
        description = [draft.description] if draft.description else []
        rows.append(_row("Description", description, _change(service, DESCRIPTION, "the description")))
    return rows


def _contact_rows(service: Service, draft: Draft) -> list[dict[str, Any]]:
    contact = draft.contact
    name = " ".join(contact[part] for part in ("first_name", "last_name") if contact.get(part))
    change = _change(service, CONTACT, "your contact details")
    return [
        _row("Name", [name] if name else [], change),
        _row("Email", [contact["email"]] if contact.get("email") else [], change),
        _row("Phone", [contact["phone"]] if contact.get("phone") else [], change),
        _row("Updates", ["Yes, send me updates" if draft.updates else "No"], change),
    ]


def _send(service: Service, draft: Draft, session: FormSession) -> Response[str]:
    unanswered = first_unanswered(service, draft)
    if unanswered is not None:
        return redirect(path(service, unanswered), session=session)
    if (
        service.location == "address"
        and not draft.location.get("line1")
        and not _address_optional(service, draft)
    ):
        # The reference that stood in for the address has since been taken out.
        errors = FieldErrors({"address-line1": "Enter the first line of your address"})
        return _step_page(service, draft, session, LOCATION, errors=errors, returning=True)
    try:
        filed = _file_once(
            f"web:{session.id}:{draft.journey}", draft.fingerprint(), new_report(service, draft)
        )
    except (InvalidReport, UnknownService, NotOfferedOnChannel) as refusal:
        return _refused(service, draft, session, refusal)
    Filed(
        service_code=service.service_code,
        journey=draft.journey,
        reference=filed["reference"],
        service_notice=filed["service_notice"],
        updates=draft.updates,
    ).replace_draft_in(session.data)
    forms.save(session)
    return redirect(path(service, CONFIRMATION), session=session)


def _refused(service: Service, draft: Draft, session: FormSession, refusal: CaseError) -> Response[str]:
    """The domain's refusal on the page and field it is about, with the answers as they were; one
    about the service itself (no longer taken online, say) on "check your answers"."""
    errors = FieldErrors()
    placed = place_refusal(service, refusal.field)
    message = _sentence(refusal.message)
    if placed is None:
        errors.add("answers", message)
        return _check_page(service, draft, session, errors)
    step, field = placed
    errors.add(field, message)
    return _step_page(service, draft, session, step, errors=errors, returning=True)


def _sentence(message: str) -> str:
    """A domain message as a GOV.UK error message: a capital first and no full stop."""
    text = message.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _file_once(key: str, payload: str, report: Any) -> dict[str, str]:
    """File through powertools Idempotency (as Open311 does): the same key answers the same case.
    A second click arriving while the first is still being filed waits for its answer."""
    from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError

    from frontdoor.wiring import idempotent_filing

    config, file = idempotent_filing()
    config.register_lambda_context(router.lambda_context)
    for _ in range(IN_PROGRESS_TRIES - 1):
        try:
            return dict(file(submission={"key": key, "payload": payload}, report=report))
        except IdempotencyAlreadyInProgressError:
            time.sleep(IN_PROGRESS_WAIT_S)
    return dict(file(submission={"key": key, "payload": payload}, report=report))


# --- confirmation ---------------------------------------------------------------------------------------
def _confirmation(service_code: str) -> Response[str]:
    service = _online_service(service_code)
    if service is None:
        return not_found_page()
    session = forms.current(router.current_event)
    filed = Filed.from_session(session.data, service_code) if session else None
    if filed is None:
        return _start_again(service, status=200)
    from frontdoor.wiring import case_service

    try:
        case = case_service().get(filed.reference)
    except CaseNotFound:
        return _start_again(service, status=200)
    expected = case.expected_at.astimezone(COUNCIL_TIME)
    return page(
        "site/report/confirmation.html",
        payment_url=_payment_url(filed.reference) if service.awaits_payment else None,
        title="Report sent",
        cache=PRIVATE,
        service=service,
        filed=filed,
        expected=f"{expected:%A} {date_in_words(expected.date().isoformat())}",
        track_url=f"/track/{filed.reference}",
    )


# --- helpers --------------------------------------------------------------------------------------------
def _online_service(service_code: str) -> Service | None:
    service = default_catalogue().get(service_code)
    return service if service is not None and service.offered_on("web") else None


def _question(service: Service, step: str) -> Attribute:
    code = step[len(QUESTION_PREFIX) :]
    return next(q for q in questions.variable_questions(service) if q.code == code)


def _address_optional(service: Service, draft: Draft) -> bool:
    """A service about an address the council holds (a subscription) may take its reference instead."""
    code = service.address_answer
    return code is not None and bool(draft.answers.get(code))


def _wards() -> Any:
    from frontdoor.wiring import case_service

    return case_service().wards


def _payment_url(reference: str) -> str | None:
    """The council's secure payment page for the case, when the stage has one."""
    from frontdoor.contacts.links import Links
    from frontdoor.settings import settings

    base = settings().payment_base_url
    return Links(None, str(base)).payment(reference) if base else None
