"""The staff API (REST, JSON): staff at /staff/v1/ (Cognito ID token, authorised by group) and
system integrations at /system/v1/ (IAM, SigV4), for the same actions on the same domain.

Thin: each route reads its parameters, calls the back office and renders JSON. Every error has one
shape, ``{"error": {"code", "message", "field"}}``, and one status per kind, mapped once below.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any, TypeVar

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver, Response
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.backoffice import requests, views
from frontdoor.backoffice.errors import (
    BackOfficeError,
    IllegalTransition,
    InvalidChange,
    NotAllowed,
    NotSignedIn,
    Unavailable,
    error_body,
)
from frontdoor.backoffice.roles import Action, Actor, actor_from_claims
from frontdoor.cases.dates import utc_now
from frontdoor.cases.errors import CaseChanged, CaseError, CaseNotFound, ReferenceTaken
from frontdoor.contacts.links import NotConfigured
from frontdoor.observability import function_logger
from frontdoor.wiring import back_office, idempotent_logging

STAFF = "/staff/v1"
SYSTEM = "/system/v1"
MAX_AUDIT = 200
MAX_KEY = 256  # an Idempotency-Key longer than this is cut
_B = TypeVar("_B", bound=requests.Body)
logger = function_logger("staff_api")
app = APIGatewayRestResolver(strip_prefixes=[STAFF, SYSTEM])

_STATUS = {
    NotSignedIn: 401,
    NotAllowed: 403,
    InvalidChange: 400,
    IllegalTransition: 409,
    Unavailable: 503,
}


def actor() -> Actor:
    """Who is calling, from what API Gateway verified: the Cognito authorizer's claims on staff
    routes, the SigV4 caller's IAM identity on system routes (never both, never the client's say)."""
    event = app.current_event
    if _under(event.path, SYSTEM):
        arn = event.request_context.identity.user_arn
        if not arn:
            raise NotSignedIn("Sign the request with AWS Signature Version 4 (IAM).")
        return Actor.system(arn)
    if _under(event.path, STAFF):
        return actor_from_claims(event.request_context.authorizer.claims)
    raise NotSignedIn("Staff routes are under /staff/v1/, system routes under /system/v1/.")


# --- who am I, and the teams cases go to ------------------------------------------------------
@app.get("/me")
def me() -> Response:
    return _reply(200, {"actor": views.actor(actor())})


@app.get("/teams")
def teams() -> Response:
    actor().check("find_cases")
    catalogue = back_office().cases.catalogue
    return _reply(200, {"teams": [{"id": team.id, "name": team.name} for team in catalogue.teams]})


# --- finding and reading cases ----------------------------------------------------------------
@app.get("/cases")
def find_cases() -> Response:
    office, params = back_office(), _query()
    who = actor()
    reference = (params.get("reference") or "").strip()
    if reference:
        try:
            found = [office.get(who, reference)]
        except CaseNotFound:
            found = []
    else:
        found = office.find(who, requests.case_query(params, utc_now()))
    return _reply(200, {"cases": [_summary(case) for case in found]})


@app.get("/cases/<reference>")
def view_case(reference: str) -> Response:
    office = back_office()
    view = office.view(actor(), reference)
    return _reply(200, {"case": views.case_detail(view, office.cases.catalogue)})


@app.get("/cases/<reference>/reporter")
def view_reporter(reference: str) -> Response:
    found = back_office().reporter(actor(), reference)
    return _reply(200, views.reporter(reference, found))


@app.post("/lookups")
def lookup() -> Response:
    # A POST, so a phone number or an email address is never in a URL, an access log or a history.
    body = requests.parse(_body(), requests.LookupBody)
    found = back_office().lookup(actor(), phone=body.phone, email=body.email)
    return _reply(200, {"cases": [_summary(case) for case in found]})


# --- changing cases ---------------------------------------------------------------------------
@app.post("/cases")
def log_case() -> Response:
    who, body = _permitted("log_case", requests.LogCaseBody)
    report = requests.new_report(body)
    key = (app.current_event.headers.get("idempotency-key") or "").strip()
    if key:  # a retry with the same key gets the first answer, not a second case
        config, log_once = idempotent_logging()
        config.register_lambda_context(app.lambda_context)
        submission = {"key": f"{who.id}:{key[:MAX_KEY]}", "payload": _digest(body)}
        case = log_once(submission=submission, actor=who, report=report)
    else:
        case = views.filed(back_office().log_case(who, report))
    logger.info("case logged", extra={"reference": case["reference"], "channel": report.channel})
    return _reply(201, {"case": case})


@app.post("/cases/<reference>/updates")
def update_case(reference: str) -> Response:
    who, body = _permitted("add_note", requests.UpdateBody)
    change = requests.status_update(body)
    return _changed(back_office().update(who, reference, change), "updated")


@app.put("/cases/<reference>/team")
def assign_team(reference: str) -> Response:
    who, body = _permitted("assign_team", requests.TeamBody)
    return _changed(back_office().assign(who, reference, body.team), "assigned")


@app.put("/cases/<reference>/urgent")
def mark_urgent(reference: str) -> Response:
    who, body = _permitted("mark_urgent", requests.UrgentBody)
    return _changed(back_office().mark_urgent(who, reference, body.urgent), "urgency set")


@app.post("/cases/<reference>/links")
def link_cases(reference: str) -> Response:
    who, body = _permitted("link_cases", requests.LinkBody)
    return _changed(back_office().link(who, reference, body.reference), "linked")


@app.post("/cases/<reference>/merge")
def merge_cases(reference: str) -> Response:
    who, body = _permitted("merge_cases", requests.MergeBody)
    return _changed(back_office().merge(who, reference, body.into, body.public_note), "merged")


# --- the audit --------------------------------------------------------------------------------
@app.get("/audit")
def audit() -> Response:
    office, params, who = back_office(), _query(), actor()
    limit = requests.limit(params, MAX_AUDIT)
    reference, actor_id = (params.get("reference") or "").strip(), (params.get("actor") or "").strip()
    if bool(reference) == bool(actor_id):
        who.check("read_audit")
        raise InvalidChange("Ask for the audit of one case (reference) or one member of staff (actor).")
    if reference:
        records = office.audit_for_case(who, reference, limit)
    else:
        records = office.audit_for_actor(who, actor_id, limit)
    return _reply(200, {"audit": [views.audit(record) for record in records]})


# --- errors: one shape for all ----------------------------------------------------------------
@app.exception_handler(BackOfficeError)
def _refused(error: BackOfficeError) -> Response:
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    return _error(status, error.code, error.message, error.field)


@app.exception_handler(CaseNotFound)
def _no_such_case(error: CaseNotFound) -> Response:
    return _error(404, "not_found", error.message, "reference")


@app.exception_handler(CaseChanged)
def _crossed(error: CaseChanged) -> Response:
    return _error(409, "conflict", "The case was changed by someone else at the same time; try again.")


@app.exception_handler(ReferenceTaken)
def _no_reference_free(error: ReferenceTaken) -> Response:
    return _error(503, "busy", "The service is busy; please try again.")


@app.exception_handler(CaseError)
def _bad_report(error: CaseError) -> Response:
    return _error(400, "invalid", error.message, error.field)  # InvalidReport, UnknownService, ...


@app.exception_handler(NotConfigured)
def _not_configured(error: NotConfigured) -> Response:
    logger.error("not configured", extra={"variable": error.code})
    return _error(503, "unavailable", "The staff service is not configured on this stage.")


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    # AWS throttling or a transient fault (botocore's and pynamodb's errors, matched by name so the
    # handler imports nothing for them) is worth a retry; anything else is a bug, logged without
    # the event or the message (either may hold personal data).
    transient = {"ClientError", "ConnectTimeoutError", "ReadTimeoutError", "EndpointConnectionError"}
    names = {kind.__name__ for kind in type(error).__mro__}
    if "IdempotencyAlreadyInProgressError" in names:
        return _error(409, "in_progress", "The same request is already being processed; try again shortly.")
    if "IdempotencyValidationError" in names:
        return _error(
            422, "idempotency_key_reused", "This Idempotency-Key was already used for a different case."
        )
    if names & transient or any(name.endswith("Error") and "PynamoDB" in name for name in names):
        logger.warning("AWS call failed", extra={"error": type(error).__name__})
        return _error(503, "unavailable", "The case store did not answer; please try again.")
    logger.error("unexpected error", extra={"error": type(error).__name__})
    return _error(500, "internal_error", "Something went wrong on our side; please try again later.")


@app.not_found
def _not_found(_: Exception) -> Response:
    return _error(404, "not_found", "No such staff API resource; see docs/staff-api-openapi.yaml.")


def _error(status: int, code: str, message: str, field: str | None = None) -> Response:
    return _reply(status, error_body(code, message, field))


# --- helpers ----------------------------------------------------------------------------------
def _reply(status: int, payload: Any) -> Response:
    return Response(status, "application/json", requests.json_body(payload).decode())


def _summary(case: Any) -> dict[str, Any]:
    office = back_office()
    return views.case_summary(case, office.cases.catalogue, office.team_of(case))


def _changed(case: Any, what: str) -> Response:
    logger.info(f"case {what}", extra={"reference": case.reference, "status": case.status})
    return _reply(200, {"case": _summary(case)})


def _permitted(action: Action, kind: type[_B]) -> tuple[Actor, _B]:
    """Who is calling, allowed ``action``, and the body they sent as ``kind``: the role is checked
    before the body is read, so a refused role learns nothing more."""
    who = actor()
    who.check(action)
    return who, requests.parse(_body(), kind)


def _body() -> bytes:
    event = app.current_event
    body = event.body or ""
    if not event.is_base64_encoded:
        return body.encode("utf-8", "surrogatepass")
    try:
        return base64.b64decode(body, validate=True)
    except binascii.Error:
        raise InvalidChange("The request body is not valid base64.") from None


def _digest(body: Any) -> str:
    """The body as parsed, so the same case sent with other spacing or key order is the same."""
    return hashlib.sha256(requests.json_body(body)).hexdigest()


def _query() -> dict[str, str]:
    return dict(app.current_event.query_string_parameters or {})


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
