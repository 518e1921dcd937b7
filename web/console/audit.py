"""The audit, for supervisors and admins: who did what to a case, and what one member of staff did.

``/console/audit`` asks for a case reference or a member of staff; ``?reference=<case>`` lists the
case's records and ``?staff=<id>`` one member of staff's (their Cognito ``sub``, or a system's IAM
identity), newest first. Each record's actor links to their own list, and each case to its list.
Records name actions, fields and non-personal details only, never what a resident gave.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.backoffice.service import MAX_AUDIT
from web.console.access import Staff, signed_in
from web.console.case_views import audit_rows
from web.console.cases import as_reference, office, reference_problem
from web.console.pages import console_page
from web.responses import FieldErrors

router = APIGatewayRouter()
AUDIT = "/console/audit"
MAX_STAFF_ID = 256


@router.get(AUDIT)
def audit() -> Response[str]:
    event = router.current_event
    staff = signed_in(event)
    staff.actor.check("read_audit")
    params = event.query_string_parameters or {}
    if "reference" in params:
        typed = params["reference"].strip()
        reference = as_reference(typed)
        problem = reference_problem(reference)
        if problem:
            return _choose(staff, FieldErrors({"reference": problem}), {"reference": typed}, status=400)
        records = office().audit_for_case(staff.actor, reference)
        return _records(staff, f"Audit of case {reference}", audit_rows(records, by_case=True), by_case=True)
    if "staff" in params:
        actor_id = params["staff"].strip()
        if not actor_id or len(actor_id) > MAX_STAFF_ID:
            errors = FieldErrors({"staff": "Enter the member of staff's id"})
            return _choose(staff, errors, {"staff": actor_id[:MAX_STAFF_ID]}, status=400)
        records = office().audit_for_actor(staff.actor, actor_id)
        name = records[0].actor_name if records else actor_id
        title = "Your actions" if actor_id == staff.actor.id else f"Actions of {name}"
        return _records(staff, title, audit_rows(records, by_case=False), by_case=False)
    return _choose(staff, FieldErrors(), {})


def _choose(staff: Staff, errors: FieldErrors, values: dict[str, str], status: int = 200) -> Response[str]:
    return console_page(
        "console/audit/choose.html",
        title="Audit",
        staff=staff,
        errors=errors,
        status=status,
        active=AUDIT,
        values=values,
        own_id=staff.actor.id,
    )


def _records(
    staff: Staff, title: str, rows: list[list[dict[str, object]]], *, by_case: bool
) -> Response[str]:
    return console_page(
        "console/audit/records.html",
        title=title,
        staff=staff,
        active=AUDIT,
        rows=rows,
        by_case=by_case,
        limit=MAX_AUDIT,
    )
