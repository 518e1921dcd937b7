"""Open311 GeoReport v2 API (with FixMyStreet's servicerequestupdates) at /open311/v2/.

Thin: each route reads its parameters, calls the case domain and renders JSON or XML. Errors of
every kind are rendered once, by `_error`, in the spec's {code, description} format.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.cases.dates import utc_now
from frontdoor.cases.errors import CaseError, CaseNotFound, ReferenceTaken
from frontdoor.observability import function_logger
from frontdoor.open311 import params, views
from frontdoor.open311.errors import BadRequest, Forbidden, NotFound, Open311Error, render_errors
from frontdoor.open311.formats import CONTENT_TYPES, Format, render
from frontdoor.settings import settings
from frontdoor.wiring import case_service, idempotent_filing, open311_key_ring

PREFIX = "/open311/v2"
_RESOURCE = re.compile(r"/[^./]+\.(json|xml)$")
logger = function_logger("open311_api")
app = APIGatewayRestResolver()


def _known_format_only(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """Refuse an unknown format before the route does any work (a POST must not file first)."""
    # The last segment must be <name>.json or <name>.xml: ids, tokens and codes have no dot.
    if not _RESOURCE.search(app.current_event.path):
        return _error(404, "Formats are json and xml.")
    return next_middleware(app)


app.use(middlewares=[_known_format_only])


# --- discovery and services -------------------------------------------------------------------
@app.get(f"{PREFIX}/discovery\\.<fmt>")
def discovery(fmt: str) -> Response:
    config = settings()
    return _reply(fmt, "discovery", views.discovery(_base_url(), config.contact_email))


@app.get(f"{PREFIX}/services\\.<fmt>")
def services(fmt: str) -> Response:
    _check_jurisdiction()
    listed = [views.service_summary(s) for s in case_service().catalogue.for_channel("web")]
    return _reply(fmt, "services", listed)


@app.get(f"{PREFIX}/services/<service_code>\\.<fmt>")
def service_definition(service_code: str, fmt: str) -> Response:
    _check_jurisdiction()
    service = case_service().catalogue.get(service_code)
    if service is None or not service.offered_on("web"):
        raise NotFound("service_code was not found.")
    return _reply(fmt, "service_definition", views.service_definition(service))


# --- service requests -------------------------------------------------------------------------
@app.post(f"{PREFIX}/requests\\.<fmt>")
def post_request(fmt: str) -> Response:
    event = app.current_event
    form = params.parse_form(event.headers.get("content-type"), _body_bytes())
    _check_jurisdiction(params.single(form, "jurisdiction_id"))
    if not open311_key_ring().is_valid(params.single(form, "api_key")):
        raise Forbidden()
    report = params.report_from_form(form)
    config, file_once = idempotent_filing()
    config.register_lambda_context(app.lambda_context)
    filed = file_once(submission=params.submission(form, event.headers.get("idempotency-key")), report=report)
    logger.info(
        "report answered", extra={"service_code": report.service_code, "reference": filed["reference"]}
    )
    return _reply(fmt, "service_requests", views.filed(filed, report.reporter.account_id))


@app.get(f"{PREFIX}/requests\\.<fmt>")
def list_requests(fmt: str) -> Response:
    query = _query()
    _check_jurisdiction(query.get("jurisdiction_id"))
    service = case_service()
    if query.get("service_request_id"):
        # The spec: given ids, every other parameter is ignored.
        found = []
        for reference in params.codes(query["service_request_id"])[:100]:
            try:
                found.append(service.get(reference))
            except CaseNotFound:
                continue
    else:
        case_query = params.case_query(query, utc_now())
        unknown = [code for code in case_query.service_codes if service.catalogue.get(code) is None]
        if unknown:
            raise BadRequest("service_code was not found.")
        found = service.find(case_query)
    return _reply(fmt, "service_requests", [views.request(case, service.catalogue) for case in found])


@app.get(f"{PREFIX}/requests/<service_request_id>\\.<fmt>")
def get_request(service_request_id: str, fmt: str) -> Response:
    _check_jurisdiction()
    service = case_service()
    case = service.get(service_request_id)
    return _reply(fmt, "service_requests", [views.request(case, service.catalogue)])


@app.get(f"{PREFIX}/tokens/<token>\\.<fmt>")
def get_token(token: str, fmt: str) -> Response:
    _check_jurisdiction()
    reference = case_service().reference_for_token(token)
    return _reply(fmt, "service_requests", [{"service_request_id": reference, "token": token}])


@app.get(f"{PREFIX}/servicerequestupdates\\.<fmt>")
def service_request_updates(fmt: str) -> Response:
    query = _query()
    _check_jurisdiction(query.get("jurisdiction_id"))
    start, end = params.date_window(query, utc_now())
    updates = case_service().updates_between(start, end, params.MAX_RESULTS)
    return _reply(fmt, "service_request_updates", [views.request_update(u) for u in updates])


# --- errors: one renderer for all -------------------------------------------------------------
@app.exception_handler(Open311Error)
def _open311_error(error: Open311Error) -> Response:
    return _error(error.status, error.description)


@app.exception_handler(CaseError)
def _bad_report(error: CaseError) -> Response:
    return _error(400, error.message)  # InvalidReport, UnknownService, NotOfferedOnChannel


@app.exception_handler(CaseNotFound)
def _no_such_case(error: CaseNotFound) -> Response:
    return _error(404, error.message)


@app.exception_handler(ReferenceTaken)
def _no_reference_free(error: ReferenceTaken) -> Response:
    return _error(503, "The service is busy; please try again.")


@app.exception_handler(Exception)
def _unexpected(error: Exception) -> Response:
    # Idempotency's errors are matched by name: importing them would load boto3 on every cold start.
    kind = type(error).__name__
    if kind == "IdempotencyAlreadyInProgressError":
        return _error(409, "The same request is already being processed; try again in a few seconds.")
    if kind == "IdempotencyValidationError":
        return _error(400, "This Idempotency-Key was already used for a different report.")
    logger.exception("unexpected error")  # the exception, never the event: it may hold personal data
    return _error(500, "Something went wrong on our side; please try again later.")


@app.not_found
def _not_found(_: Exception) -> Response:
    return _error(404, "No such Open311 resource. See discovery.xml for the endpoints.")


def _error(status: int, description: str) -> Response:
    fmt = _format_of(app.current_event.path)
    return Response(status, CONTENT_TYPES[fmt], render_errors(fmt, status, [description]))


# --- helpers ----------------------------------------------------------------------------------
def _reply(fmt: str, root: str, payload: Any) -> Response:
    chosen: Format = "json" if fmt == "json" else "xml"  # the middleware has refused any other
    return Response(200, CONTENT_TYPES[chosen], render(chosen, root, payload))


def _format_of(path: str) -> Format:
    """The format to answer in, errors included: XML, the spec's required format, unless .json."""
    return "json" if path.endswith(".json") else "xml"


def _query() -> dict[str, str]:
    return dict(app.current_event.query_string_parameters or {})


def _body_bytes() -> bytes:
    event = app.current_event
    body = event.body or ""
    return base64.b64decode(body) if event.is_base64_encoded else body.encode("utf-8")


def _check_jurisdiction(given: str | None = None) -> None:
    if given is None:
        given = (app.current_event.query_string_parameters or {}).get("jurisdiction_id")
    if given and given != settings().jurisdiction_id:
        raise NotFound("jurisdiction_id was not found.")


def _base_url() -> str:
    event = app.current_event
    host = event.headers.get("host") or "localhost"
    scheme = event.headers.get("x-forwarded-proto") or "https"
    stage = f"/{event.request_context.stage}" if host.endswith(".amazonaws.com") else ""
    return f"{scheme}://{host}{stage}{PREFIX}"


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
