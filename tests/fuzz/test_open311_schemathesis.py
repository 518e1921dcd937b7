"""Schemathesis against docs/open311-openapi.yaml: the real Open311 handler must behave as published.

In-process: each generated case goes through ``tests/fuzz/wsgi.py`` (an API Gateway proxy event built by
``local.gateway``) to ``functions.open311_api.handler.lambda_handler``, on moto's AWS. Checks: no 5xx,
only documented statuses and content types, JSON bodies match their schemas, and beyond the
document: the body is in the format the path asked for, and every error is the spec's error body
whose code is the HTTP status.

Run: ``.venv/bin/pytest tests/fuzz/test_open311_schemathesis.py -q``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import BaseSchema, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.conftest import Seeded, assert_error_body, assert_format
from tests.fuzz.wsgi import HandlerApp
from tests.integration.conftest import API_KEY, pothole

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "open311-openapi.yaml"
BASE_URL = "http://127.0.0.1/open311/v2"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# The XML root element of a 200 answer, by operation.
XML_ROOTS = {
    "GET /discovery.{format}": "discovery",
    "GET /services.{format}": "services",
    "GET /services/{service_code}.{format}": "service_definition",
    "POST /requests.{format}": "service_requests",
    "GET /requests.{format}": "service_requests",
    "GET /requests/{service_request_id}.{format}": "service_requests",
    "GET /tokens/{token}.{format}": "service_requests",
    "GET /servicerequestupdates.{format}": "service_request_updates",
}
DOCUMENTED_KEY = "YOUR_API_KEY"  # the placeholder in the document's example report
CATALOGUE_CODES = ("pothole", "fly_tipping", "graffiti", "missed_bin", "telecare", "library_enquiry")


def load(mode: GenerationMode) -> BaseSchema:
    """The published document, generating only ``mode`` cases (so each mode gets its own budget)."""
    loaded = schemathesis.openapi.from_path(DOCUMENT)
    loaded.config.generation.update(modes=[mode])
    _steer(loaded)
    return loaded


# The module's seeded case, for the hooks below (set by the autouse fixture before any case is made).
_seeded: dict[str, Seeded] = {}


# --- steering: random strings rarely hit a real service, key or case, so mix real ones in -------------
def _reports_that_get_somewhere(context: schemathesis.HookContext, body: Any) -> Any:
    if not isinstance(body, dict):
        return st.just(body)
    fuzzed = {name: value for name, value in body.items() if name not in ("api_key", "service_code")}
    good_with_some_fuzz = (
        st.lists(st.sampled_from(sorted(fuzzed)), unique=True).map(
            lambda names: {**pothole(), **{name: fuzzed[name] for name in names}}
        )
        if fuzzed
        else st.just(pothole())
    )
    return st.one_of(
        good_with_some_fuzz,  # a good report with some (or all) generated fields mixed in
        st.sampled_from(CATALOGUE_CODES).map(lambda code: {**body, "api_key": API_KEY, "service_code": code}),
        st.just({**body, "api_key": API_KEY}),  # a valid key, the rest as generated
        st.just(body),  # as generated: mostly a 403
    )


def _real_identifiers(context: schemathesis.HookContext, path_parameters: dict[str, Any]) -> Any:
    choices = []
    seeded = _seeded.get("case")
    if "service_code" in path_parameters:
        choices.append(st.sampled_from(CATALOGUE_CODES).map(lambda c: {**path_parameters, "service_code": c}))
    if "service_request_id" in path_parameters and seeded:
        choices.append(st.just({**path_parameters, "service_request_id": seeded.reference}))
    if "token" in path_parameters and seeded:
        choices.append(st.just({**path_parameters, "token": seeded.token}))
    return st.one_of(*choices, st.just(path_parameters))


def _real_query_values(context: schemathesis.HookContext, query: dict[str, Any] | None) -> Any:
    query = query or {}
    # A random jurisdiction_id is a 404 and service_request_id makes every other parameter ignored:
    # without them the dates, statuses and service codes are read.
    ignored = ("jurisdiction_id", "service_request_id")
    searched = {name: value for name, value in query.items() if name not in ignored}
    choices = [st.just(searched)]
    seeded = _seeded.get("case")
    if context.operation is not None and context.operation.label == "GET /requests.{format}":
        choices.append(st.sampled_from(CATALOGUE_CODES).map(lambda c: {**searched, "service_code": c}))
        if seeded:
            choices.append(st.just({"service_request_id": f"{seeded.reference},123,{seeded.reference}"}))
    return st.one_of(*choices, st.just(query))


def _steer(loaded: BaseSchema) -> None:
    loaded.hook("flatmap_body")(_reports_that_get_somewhere)
    loaded.hook("flatmap_path_parameters")(_real_identifiers)
    loaded.hook("flatmap_query")(_real_query_values)


positive = load(GenerationMode.POSITIVE)
negative = load(GenerationMode.NEGATIVE)


@pytest.fixture(autouse=True)
def _remember_seeded(aws_module: Seeded) -> None:
    _seeded["case"] = aws_module


# What the run reached, by operation and status: shown with `pytest -s` (a fuzz run that only ever
# gets 403s and 404s proves little).
_reached: Counter[tuple[str, str, int]] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _show_what_was_reached() -> Iterator[None]:
    yield
    for (mode, label, status), times in sorted(_reached.items()):
        print(f"  {mode:8} {label}: {status} x{times}")


# --- the checks beyond the document ---------------------------------------------------------------
def check_format_and_error_body(case: schemathesis.Case, status: int, content_type: str, body: bytes) -> None:
    """The body is in the path's format; an error is the spec's error list with code == status."""
    fmt = "json" if case.path_parameters.get("format") == "json" else "xml"  # any other extension: XML
    if status >= 400:
        assert_error_body(fmt, status, content_type, body)
        return
    parsed = assert_format(fmt, content_type, body)
    if fmt == "xml":
        assert parsed.tag == XML_ROOTS[case.operation.label], body[:200]


FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _call_and_check(case: schemathesis.Case, app: HandlerApp, mode: str) -> None:
    if isinstance(case.body, dict) and case.body.get("api_key") == DOCUMENTED_KEY:
        # Cases built from the document's example carry its placeholder: use the seeded key instead.
        case.body["api_key"] = API_KEY
    response = case.call(app=app, base_url=BASE_URL)
    _reached[(mode, case.operation.label, response.status_code)] += 1
    case.validate_response(response, checks=CHECKS)
    content_type = response.headers.get("content-type", [""])[0]
    try:
        check_format_and_error_body(case, response.status_code, content_type, response.content)
    except AssertionError as error:
        raise AssertionError(
            f"{error}\n\nReproduce with:\n    {case.as_curl_command()}\n"
            f"The handler got: {app.last_request!r}\n"
            f"Answer: {response.status_code} {content_type}\n{response.content[:2000]!r}"
        ) from error


@positive.parametrize()
@FUZZ_SETTINGS
def test_valid_requests_get_documented_answers(case: schemathesis.Case, handler_app: HandlerApp) -> None:
    _call_and_check(case, handler_app, "positive")


@negative.parametrize()
@FUZZ_SETTINGS
def test_invalid_requests_get_documented_errors(case: schemathesis.Case, handler_app: HandlerApp) -> None:
    _call_and_check(case, handler_app, "negative")
