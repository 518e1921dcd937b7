"""Changing a case: update (status and notes), assign a team, mark urgent, link and merge.

Each form offers only what the signed-in role may do to this case as it is now: the update form's
statuses are those the transition rules allow from the case's status *and* the role may make
(``status_choices``); a role that may change no status gets no status control at all. Whatever is
posted anyway goes to the back office, whose role check answers 403 and whose refusals (closing
without a public note, merging into a closed case) come back as GOV.UK errors on the field they are
about, with what was typed kept. Every change is POST/redirect/GET back to the case.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.backoffice.errors import BackOfficeError, IllegalTransition, InvalidChange
from frontdoor.backoffice.roles import Action
from frontdoor.backoffice.service import StatusUpdate
from frontdoor.backoffice.transitions import MAX_INTERNAL_NOTE, MAX_PUBLIC_NOTE, status_change
from frontdoor.cases.errors import CaseNotFound
from frontdoor.cases.model import ALL_STATUSES, CLOSED_STATUSES, Case, Status
from web.console.access import Staff, signed_in, submitted
from web.console.case_views import case_path, status_tag
from web.console.cases import as_reference, office, reference_problem
from web.console.pages import console_page, see_other
from web.console.words import field_words, status_words
from web.forms import BadSubmission, first
from web.responses import FieldErrors

router = APIGatewayRouter()
MERGE_NOTE_LIMIT = MAX_PUBLIC_NOTE - 200  # the back office adds "follow case ..." before it
# The domain's field names -> this console's field ids.
FIELD_IDS = {
    "status": "status",
    "public_note": "public-note",
    "internal_note": "internal-note",
    "team": "team",
    "into": "into",
    "reference": "into",
}


def status_choices(staff: Staff, case: Case) -> list[Status]:
    """The statuses this member of staff may move this case to now (never ``duplicate``: a case
    becomes one by merging). A closing status is offered; its public note is asked for on the form."""
    choices = []
    for target in ALL_STATUSES:
        if target == case.status:
            continue
        try:
            action = status_change(case, target, "a public note", None)
        except BackOfficeError:
            continue
        if staff.may(action):
            choices.append(target)
    return choices


def _case(staff: Staff, reference: str, action: Action) -> Case:
    """The case, once the role is allowed the action (403 otherwise, before any read)."""
    staff.actor.check(action)
    if reference_problem(reference):
        raise CaseNotFound("There is no case with that reference.", "reference")
    return office().get(staff.actor, reference)


def _page(template: str, title: str, staff: Staff, case: Case, **context: Any) -> Response[str]:
    return console_page(
        template,
        title=title,
        staff=staff,
        case=case,
        tag=status_tag(case.status),
        back_url=case_path(case.reference),
        **context,
    )


def _done(case: Case, what: str) -> Response[str]:
    return see_other(f"{case_path(case.reference)}?done={what}")


# --- update: status and notes --------------------------------------------------------------------------
@router.get("/console/cases/<reference>/update")
def update_page(reference: str) -> Response[str]:
    staff = signed_in(router.current_event)
    case = _case(staff, reference, "add_note")
    return _update_page(staff, case, FieldErrors(), {})


@router.post("/console/cases/<reference>/update")
def update(reference: str) -> Response[str]:
    staff, form = submitted(router.current_event)
    case = _case(staff, reference, "add_note")
    values = {
        "status": first(form, "status").strip(),
        "public_note": first(form, "public-note"),
        "internal_note": first(form, "internal-note"),
    }
    errors = FieldErrors()
    if values["status"] and values["status"] not in ALL_STATUSES:
        errors.add("status", "Select a status from the list")
    _check_length(errors, "public-note", "The public note", values["public_note"], MAX_PUBLIC_NOTE)
    _check_length(errors, "internal-note", "The internal note", values["internal_note"], MAX_INTERNAL_NOTE)
    if errors:
        return _update_page(staff, case, errors, values, status=400)
    change = StatusUpdate(
        status=values["status"] or None,  # type: ignore[arg-type]  # checked against ALL_STATUSES
        public_note=values["public_note"] or None,
        internal_note=values["internal_note"] or None,
    )
    try:
        changed = office().update(staff.actor, reference, change)  # NotAllowed: the 403 page
    except (IllegalTransition, InvalidChange) as refusal:
        default = "status" if status_choices(staff, case) else "public-note"
        errors.add(FIELD_IDS.get(refusal.field or "", default), field_words(refusal.message))
        return _update_page(
            staff, case, errors, values, status=409 if isinstance(refusal, IllegalTransition) else 400
        )
    return _done(changed, "updated")


def _update_page(
    staff: Staff, case: Case, errors: FieldErrors, values: dict[str, str], status: int = 200
) -> Response[str]:
    choices = status_choices(staff, case)
    chosen = values.get("status", "")
    items = [{"value": "", "text": f"Keep it as {status_words(case.status).lower()}", "checked": not chosen}]
    items += [
        {
            "value": target,
            "text": status_words(target),
            "hint": {"text": "The resident is told: write what happened in the public note"}
            if target in CLOSED_STATUSES
            else None,
            "checked": chosen == target,
        }
        for target in choices
    ]
    return _page(
        "console/cases/update.html",
        f"Update case {case.reference}",
        staff,
        case,
        errors=errors,
        status=status,
        status_items=items if choices else None,
        values=values,
        max_public=MAX_PUBLIC_NOTE,
        max_internal=MAX_INTERNAL_NOTE,
    )


def _check_length(errors: FieldErrors, field: str, words: str, text: str, limit: int) -> None:
    if len(text.strip()) > limit:
        errors.add(field, f"{words} must be {limit:,} characters or fewer")


# --- assign a team -----------------------------------------------------------------------------------
@router.get("/console/cases/<reference>/team")
def team_page(reference: str) -> Response[str]:
    staff = signed_in(router.current_event)
    case = _case(staff, reference, "assign_team")
    return _team_page(staff, case, FieldErrors(), office().team_of(case))


@router.post("/console/cases/<reference>/team")
def assign(reference: str) -> Response[str]:
    staff, form = submitted(router.current_event)
    case = _case(staff, reference, "assign_team")
    team = first(form, "team").strip()
    if not team:
        return _team_page(staff, case, FieldErrors({"team": "Select a team"}), team, status=400)
    try:
        changed = office().assign(staff.actor, reference, team)
    except InvalidChange as refusal:
        return _team_page(staff, case, FieldErrors({"team": field_words(refusal.message)}), team, status=400)
    return _done(changed, "assigned")


def _team_page(
    staff: Staff, case: Case, errors: FieldErrors, chosen: str, status: int = 200
) -> Response[str]:
    teams = office().cases.catalogue.teams
    return _page(
        "console/cases/team.html",
        f"Assign case {case.reference} to a team",
        staff,
        case,
        errors=errors,
        status=status,
        team_items=[{"value": team.id, "text": team.name, "checked": team.id == chosen} for team in teams],
    )


# --- urgency -----------------------------------------------------------------------------------------
@router.post("/console/cases/<reference>/urgent")
def urgency(reference: str) -> Response[str]:
    staff, form = submitted(router.current_event)
    _case(staff, reference, "mark_urgent")
    wanted = first(form, "urgent")
    if wanted not in ("yes", "no"):
        raise BadSubmission("urgent must be yes or no")
    changed = office().mark_urgent(staff.actor, reference, wanted == "yes")
    return _done(changed, "urgent" if changed.urgent else "not-urgent")


# --- link and merge ----------------------------------------------------------------------------------
@router.get("/console/cases/<reference>/link")
def link_page(reference: str) -> Response[str]:
    staff = signed_in(router.current_event)
    case = _case(staff, reference, "link_cases")
    return _other_case_page("link", staff, case, FieldErrors(), {})


@router.post("/console/cases/<reference>/link")
def link(reference: str) -> Response[str]:
    staff, form = submitted(router.current_event)
    case = _case(staff, reference, "link_cases")
    values = {"into": first(form, "into").strip()}
    other, errors = _other_reference(values["into"])
    if errors:
        return _other_case_page("link", staff, case, errors, values, status=400)
    try:
        changed = office().link(staff.actor, reference, other)
    except (CaseNotFound, BackOfficeError) as refusal:
        return _other_case_page("link", staff, case, _refusal(refusal, other), values, status=400)
    return _done(changed, "linked")


@router.get("/console/cases/<reference>/merge")
def merge_page(reference: str) -> Response[str]:
    staff = signed_in(router.current_event)
    case = _case(staff, reference, "merge_cases")
    return _other_case_page("merge", staff, case, FieldErrors(), {})


@router.post("/console/cases/<reference>/merge")
def merge(reference: str) -> Response[str]:
    staff, form = submitted(router.current_event)
    case = _case(staff, reference, "merge_cases")
    values = {"into": first(form, "into").strip(), "public_note": first(form, "public-note")}
    other, errors = _other_reference(values["into"])
    _check_length(errors, "public-note", "The public note", values["public_note"], MERGE_NOTE_LIMIT)
    if errors:
        return _other_case_page("merge", staff, case, errors, values, status=400)
    try:
        changed = office().merge(staff.actor, reference, other, values["public_note"] or None)
    except (CaseNotFound, BackOfficeError) as refusal:
        return _other_case_page("merge", staff, case, _refusal(refusal, other), values, status=400)
    return _done(changed, "merged")


def _other_reference(typed: str) -> tuple[str, FieldErrors]:
    other = as_reference(typed)
    problem = reference_problem(other)
    return other, FieldErrors({"into": problem} if problem else {})


def _refusal(refusal: CaseNotFound | BackOfficeError, other: str) -> FieldErrors:
    if isinstance(refusal, CaseNotFound):
        return FieldErrors({"into": f"There is no case with the reference {other}"})
    if not isinstance(refusal, IllegalTransition | InvalidChange):
        raise refusal  # NotAllowed and the like: the error pages
    return FieldErrors({FIELD_IDS.get(refusal.field or "", "into"): field_words(refusal.message)})


def _other_case_page(
    kind: str, staff: Staff, case: Case, errors: FieldErrors, values: dict[str, str], status: int = 200
) -> Response[str]:
    title = (
        f"Link case {case.reference} to another case"
        if kind == "link"
        else f"Merge case {case.reference} into another case"
    )
    return _page(
        f"console/cases/{kind}.html",
        title,
        staff,
        case,
        errors=errors,
        status=status,
        values=values,
        max_public=MERGE_NOTE_LIMIT,
    )
