"""The staff API on moto: events as API Gateway sends them once it has authorised the caller.

Staff routes carry the Cognito authorizer's claims (``requestContext.authorizer.claims``, every value
a string, groups comma-separated); system routes carry the SigV4 caller's IAM identity.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from local.gateway import answer_from_proxy_response, build_proxy_event
from local.lambda_context import FakeLambdaContext
from local.seed import demo_answers
from tests.integration.conftest import Reply

SYSTEM_ARN = "arn:aws:sts::123456789012:assumed-role/crm-integration/sync"
STAFF_RESOURCE, SYSTEM_RESOURCE = "/staff/{proxy+}", "/system/{proxy+}"


def claims(*groups: str, sub: str | None = None, username: str | None = None) -> dict[str, str]:
    name = username or ("-".join(groups) or "nobody").replace("_", "-")
    return {
        "sub": sub or str(uuid.uuid5(uuid.NAMESPACE_URL, f"staff:{name}")),
        "cognito:username": name,
        "cognito:groups": ",".join(groups),
        "token_use": "id",
        "aud": "local-console-client",
        "iss": "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_local",
    }


ADVISOR = claims("advisor", username="alex.advisor")
BACK_OFFICE = claims("back_office", username="bo.officer")
SUPERVISOR = claims("supervisor", username="sue.supervisor")
ADMIN = claims("admin", username="ada.admin")
NO_GROUP = claims(username="nell.nogroup")
ROLES = {"advisor": ADVISOR, "back_office": BACK_OFFICE, "supervisor": SUPERVISOR, "admin": ADMIN}

# Who calls: staff claims, a system's IAM ARN, or None (no identity at all).
Caller = dict[str, str] | str | None
StaffCall = Callable[..., Reply]


def staff_event(
    method: str,
    path: str,
    body: Any = None,
    caller: Caller = None,
    extra_headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
    headers = {"Host": "127.0.0.1:8080", "Content-Type": "application/json", "User-Agent": "pytest"}
    headers.update(extra_headers or {})
    system = path.startswith("/system/")
    event = build_proxy_event(
        method, path, headers, raw, resource=SYSTEM_RESOURCE if system else STAFF_RESOURCE
    )
    if isinstance(caller, dict):
        event["requestContext"]["authorizer"] = {"claims": dict(caller)}
    elif isinstance(caller, str):
        event["requestContext"]["identity"].update(
            userArn=caller, caller="AROAEXAMPLE:sync", accessKey="ASIA0"
        )
    return event


@pytest.fixture
def staff_api(aws: None) -> StaffCall:
    from functions.staff_api.handler import lambda_handler

    def call(
        method: str,
        path: str,
        body: Any = None,
        *,
        caller: Caller = BACK_OFFICE,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        prefixed = path if path.startswith(("/staff/", "/system/")) else f"/staff/v1{path}"
        event = staff_event(method, prefixed, body, caller, headers)
        answer = answer_from_proxy_response(
            lambda_handler(event, FakeLambdaContext(function_name="staff_api"))
        )
        return Reply(answer.status, dict(answer.headers), answer.body.decode("utf-8"))

    return call


@pytest.fixture
def reported(aws: None) -> Callable[..., str]:
    """File a report as a resident would online; returns its reference."""
    from frontdoor.cases.model import Location, NewReport, Reporter
    from frontdoor.wiring import case_service

    def report(
        service_code: str = "pothole",
        lat: float = 52.6369,
        long: float = -1.1398,
        email: str | None = "ada@example.com",
        phone: str | None = "01632 960001",
    ) -> str:
        service = case_service()
        definition = service.catalogue.get(service_code)
        answers = (
            {"surface": ["road"], "size": ["large"]}
            if service_code == "pothole"
            else demo_answers(definition)
        )
        filed = service.file(
            NewReport(
                service_code=service_code,
                channel="web",
                description="Deep pothole by the bus stop",
                location=Location(lat=lat, long=long),
                answers=answers,
                reporter=Reporter(first_name="Ada", email=email, phone=phone),
            )
        )
        return filed.reference

    return report
