"""Every endpoint refuses every group the role matrix does not name, and anyone unsigned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from frontdoor.backoffice.roles import ROLE_MATRIX
from tests.integration.backoffice.conftest import NO_GROUP, ROLES, SUPERVISOR, SYSTEM_ARN, StaffCall

LOGGED = {
    "service_code": "pothole",
    "channel": "post",
    "lat": 52.6369,
    "long": -1.1398,
    "answers": {"surface": "road", "size": "large"},
}
# (method, path, body, the action the role matrix names for it); {ref} is an open case, {other}
# another open one, {closed} a fixed one.
ENDPOINTS: list[tuple[str, str, Any, str]] = [
    ("GET", "/teams", None, "find_cases"),
    ("GET", "/cases?service=pothole", None, "find_cases"),
    ("GET", "/cases?reference={ref}", None, "find_cases"),
    ("GET", "/cases/{ref}", None, "view_case"),
    ("GET", "/cases/{ref}/reporter", None, "view_reporter"),
    ("POST", "/lookups", {"email": "ada@example.com"}, "lookup_resident"),
    ("POST", "/cases", LOGGED, "log_case"),
    ("POST", "/cases/{ref}/updates", {"public_note": "We have asked the highways team."}, "add_note"),
    ("POST", "/cases/{ref}/updates", {"status": "in_progress"}, "change_status"),
    ("POST", "/cases/{ref}/updates", {"status": "fixed", "public_note": "Filled."}, "change_status"),
    ("POST", "/cases/{closed}/updates", {"status": "open", "public_note": "It is back."}, "reopen_case"),
    ("PUT", "/cases/{ref}/team", {"team": "street_scene"}, "assign_team"),
    ("PUT", "/cases/{ref}/urgent", {"urgent": True}, "mark_urgent"),
    ("POST", "/cases/{ref}/links", {"reference": "{other}"}, "link_cases"),
    ("POST", "/cases/{ref}/merge", {"into": "{other}"}, "merge_cases"),
    ("GET", "/audit?reference={ref}", None, "read_audit"),
    ("GET", "/audit?actor=someone", None, "read_audit"),
]
IDS = [f"{method} {path} ({action})" for method, path, _, action in ENDPOINTS]


@pytest.fixture
def new_cases(staff_api: StaffCall, reported: Callable[..., str]) -> Callable[[], dict[str, str]]:
    """Fresh cases for each caller, so one caller's change never stands in another's way."""

    def make() -> dict[str, str]:
        ref, other, closed = (
            reported(),
            reported(lat=52.6300, long=-1.1300),
            reported(lat=52.6340, long=-1.1350),
        )
        fixed = staff_api("POST", f"/cases/{closed}/updates", {"status": "fixed", "public_note": "Done"})
        assert fixed.status == 200
        return {"ref": ref, "other": other, "closed": closed}

    return make


def _fill(value: Any, cases: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**cases)
    if isinstance(value, dict):
        return {key: _fill(item, cases) for key, item in value.items()}
    return value


@pytest.mark.parametrize(("method", "path", "body", "action"), ENDPOINTS, ids=IDS)
def test_each_endpoint_answers_exactly_the_groups_the_matrix_names(
    staff_api: StaffCall,
    new_cases: Callable[[], dict[str, str]],
    method: str,
    path: str,
    body: Any,
    action: str,
) -> None:
    for role in [*ROLES, "no group"]:
        cases = new_cases()
        reply = staff_api(method, _fill(path, cases), _fill(body, cases), caller=ROLES.get(role, NO_GROUP))
        if role in ROLE_MATRIX[action]:  # type: ignore[index]
            assert reply.status in (200, 201), (role, reply.body)
        else:
            assert reply.status == 403, (role, reply.body)
            assert reply.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "body", "action"), ENDPOINTS, ids=IDS)
def test_without_a_verified_identity_every_endpoint_answers_401(
    staff_api: StaffCall, method: str, path: str, body: Any, action: str
) -> None:
    # Refused before any read, so references of cases that do not exist will do.
    cases = {"ref": "482019373", "other": "100000001", "closed": "100000019"}
    for prefix in ("/staff/v1", "/system/v1"):
        reply = staff_api(method, prefix + _fill(path, cases), _fill(body, cases), caller=None)
        assert reply.status == 401 and reply.json()["error"]["code"] == "not_signed_in"


def test_claims_are_never_read_on_system_routes_nor_an_iam_identity_on_staff_routes(
    staff_api: StaffCall,
) -> None:
    assert staff_api("GET", "/system/v1/me", caller=SUPERVISOR).status == 401
    assert staff_api("GET", "/staff/v1/me", caller=SYSTEM_ARN).status == 401


@pytest.mark.parametrize(("method", "path", "body", "action"), ENDPOINTS, ids=IDS)
def test_system_integrations_may_call_every_endpoint(
    staff_api: StaffCall,
    new_cases: Callable[[], dict[str, str]],
    method: str,
    path: str,
    body: Any,
    action: str,
) -> None:
    cases = new_cases()
    reply = staff_api(method, "/system/v1" + _fill(path, cases), _fill(body, cases), caller=SYSTEM_ARN)
    assert reply.status in (200, 201), reply.body
