"""Every staff action through the API leaves exactly the audit records it should: no more, no fewer,
and none of them holds a resident's personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from frontdoor.backoffice.dynamo import DynamoStaffStore
from tests.integration.backoffice.conftest import (
    ADMIN,
    ADVISOR,
    BACK_OFFICE,
    SUPERVISOR,
    SYSTEM_ARN,
    Caller,
    StaffCall,
)

PERSONAL = (
    "Ada",
    "ada@example.com",
    "01632 960001",
    "+441632960001",
    "Deep pothole",
    "Bob Rowe",
    "bob@example.com",
)


def records_of(caller: Caller) -> list[dict[str, Any]]:
    actor_id = caller if isinstance(caller, str) else caller["sub"]  # type: ignore[index]
    return [
        {"action": r.action, "reference": r.reference, "fields": list(r.fields), "detail": dict(r.detail)}
        for r in DynamoStaffStore().audit_for_actor(actor_id, 1000)
    ]


@pytest.fixture
def audited(staff_api: StaffCall) -> Callable[..., list[dict[str, Any]]]:
    """Make one API call; return the audit records it left (oldest first), after checking its status."""

    def call(
        method: str, path: str, body: Any = None, *, caller: Caller = BACK_OFFICE, status: int = 200
    ) -> Any:
        before = len(records_of(caller))
        reply = staff_api(method, path, body, caller=caller)
        assert reply.status == status, reply.body
        after = records_of(caller)
        return list(reversed(after[: len(after) - before]))

    return call


def test_each_staff_action_leaves_exactly_its_audit_records(
    audited: Callable[..., list[dict[str, Any]]], reported: Callable[..., str]
) -> None:
    ref, other, dup = reported(), reported(lat=52.6300, long=-1.1300, email=None, phone=None), reported()

    # Reads of no personal data leave nothing.
    assert audited("GET", "/teams") == []
    assert audited("GET", "/cases?service=pothole") == []
    assert audited("GET", f"/cases?reference={ref}") == []
    # Reads of a case's history or a resident's details, and lookups, are audited.
    assert audited("GET", f"/cases/{ref}") == [
        {"action": "view_case", "reference": ref, "fields": ["history"], "detail": {}}
    ]
    assert audited("GET", f"/cases/{ref}/reporter") == [
        {
            "action": "view_reporter",
            "reference": ref,
            "fields": ["first_name", "email", "phone"],
            "detail": {},
        }
    ]
    lookup = audited("POST", "/lookups", {"email": "ADA@example.com"}, caller=ADVISOR)
    assert sorted(lookup, key=lambda r: r["reference"]) == [  # one per case found (filed in one second)
        {"action": "lookup_resident", "reference": found, "fields": ["email"], "detail": {"by": "email"}}
        for found in sorted([ref, dup])
    ]
    assert audited("POST", "/lookups", {"phone": "07700 900999"}, caller=ADVISOR) == [
        {
            "action": "lookup_resident",
            "reference": None,
            "fields": ["phone"],
            "detail": {"by": "phone", "found": "0"},
        }
    ]
    # Changes.
    assert audited("POST", f"/cases/{ref}/updates", {"public_note": "Booked in."}, caller=ADVISOR) == [
        {"action": "add_note", "reference": ref, "fields": ["public_note"], "detail": {}}
    ]
    assert audited("POST", f"/cases/{ref}/updates", {"status": "in_progress", "internal_note": "crew 4"}) == [
        {
            "action": "change_status",
            "reference": ref,
            "fields": ["status", "internal_note"],
            "detail": {"status": "in_progress", "from_status": "open"},
        }
    ]
    assert audited("PUT", f"/cases/{ref}/team", {"team": "street_scene"}) == [
        {
            "action": "assign_team",
            "reference": ref,
            "fields": ["team"],
            "detail": {"team": "street_scene", "from_team": "highways"},
        }
    ]
    assert audited("PUT", f"/cases/{ref}/team", {"team": "street_scene"}) == []  # nothing changed
    assert audited("PUT", f"/cases/{ref}/urgent", {"urgent": True}, caller=ADVISOR) == [
        {"action": "mark_urgent", "reference": ref, "fields": ["urgent"], "detail": {"urgent": "true"}}
    ]
    assert audited("POST", f"/cases/{ref}/links", {"reference": other}) == [
        {"action": "link_cases", "reference": ref, "fields": ["linked"], "detail": {"other": other}},
        {"action": "link_cases", "reference": other, "fields": ["linked"], "detail": {"other": ref}},
    ]
    assert audited("POST", f"/cases/{dup}/merge", {"into": ref}) == [
        {
            "action": "merge_cases",
            "reference": dup,
            "fields": ["status", "duplicate_of", "linked", "public_note"],
            "detail": {"into": ref, "from_status": "open"},
        },
        {"action": "merge_cases", "reference": ref, "fields": ["linked"], "detail": {"merged": dup}},
    ]
    assert audited("POST", f"/cases/{ref}/updates", {"status": "fixed", "public_note": "Filled."}) == [
        {
            "action": "change_status",
            "reference": ref,
            "fields": ["status", "public_note"],
            "detail": {"status": "fixed", "from_status": "in_progress"},
        }
    ]
    assert audited(
        "POST", f"/cases/{ref}/updates", {"status": "open", "public_note": "Back."}, caller=SUPERVISOR
    ) == [
        {
            "action": "reopen_case",
            "reference": ref,
            "fields": ["status", "public_note"],
            "detail": {"status": "open", "from_status": "fixed"},
        }
    ]
    logged = audited(
        "POST",
        "/cases",
        {
            "service_code": "pothole",
            "channel": "face_to_face",
            "description": "Deep pothole by the library",
            "lat": 52.6369,
            "long": -1.1398,
            "answers": {"surface": "road", "size": "large"},
            "reporter": {"first_name": "Bob Rowe", "email": "bob@example.com"},
        },
        caller=ADVISOR,
        status=201,
    )
    assert [(r["action"], r["fields"], r["detail"]) for r in logged] == [
        (
            "log_case",
            ["service_code", "channel", "first_name", "email", "description", "location", "answers"],
            {"channel": "face_to_face", "service_code": "pothole"},
        )
    ]
    # Integrations are audited under their IAM identity.
    assert audited("PUT", f"/system/v1/cases/{other}/urgent", {"urgent": True}, caller=SYSTEM_ARN) == [
        {"action": "mark_urgent", "reference": other, "fields": ["urgent"], "detail": {"urgent": "true"}}
    ]
    # Reading the audit is not itself a change.
    assert audited("GET", f"/audit?reference={ref}", caller=ADMIN) == []


def test_refused_and_failed_actions_leave_no_record(
    audited: Callable[..., list[dict[str, Any]]], reported: Callable[..., str]
) -> None:
    ref = reported()
    assert audited("POST", f"/cases/{ref}/updates", {"status": "fixed"}, status=409) == []  # no public note
    assert audited("POST", f"/cases/{ref}/merge", {"into": ref}, status=409) == []
    assert audited("PUT", f"/cases/{ref}/team", {"team": "x"}, status=400) == []
    assert (
        audited(
            "POST",
            f"/cases/{ref}/updates",
            {"status": "fixed", "public_note": "x"},
            caller=ADVISOR,
            status=403,
        )
        == []
    )
    assert audited("GET", f"/cases/{ref}/reporter", caller=ADMIN, status=403) == []
    assert audited("POST", "/lookups", {"phone": "not a number"}, status=400) == []
    assert audited("GET", "/cases/482019373", status=404) == []


def test_the_audit_is_listed_per_case_and_per_member_of_staff_and_holds_no_personal_data(
    staff_api: StaffCall, reported: Callable[..., str]
) -> None:
    ref = reported()
    staff_api("GET", f"/cases/{ref}/reporter", caller=ADVISOR)
    staff_api("POST", f"/cases/{ref}/updates", {"status": "fixed", "public_note": "Filled for Ada."})

    per_case = staff_api("GET", f"/audit?reference={ref}", caller=SUPERVISOR).json()["audit"]
    assert [(r["action"], r["actor"]["name"]) for r in per_case] == [
        ("change_status", "bo.officer"),
        ("view_reporter", "alex.advisor"),
    ]
    per_staff = staff_api("GET", f"/audit?actor={ADVISOR['sub']}", caller=ADMIN).json()["audit"]
    assert [(r["action"], r["reference"]) for r in per_staff] == [("view_reporter", ref)]
    everything = json.dumps(per_case + per_staff)
    for value in PERSONAL:
        assert value not in everything


def test_the_audit_outlives_the_personal_data_it_refers_to(
    staff_api: StaffCall, reported: Callable[..., str]
) -> None:
    from datetime import timedelta

    from frontdoor.cases.dates import utc_now
    from frontdoor.wiring import case_service

    ref = reported()
    staff_api("GET", f"/cases/{ref}/reporter", caller=ADVISOR)
    case_service().clock = lambda: utc_now() + timedelta(days=3650)  # long after the retention period

    assert staff_api("GET", f"/cases/{ref}/reporter", caller=ADVISOR).json()["expired"] is True
    audit = staff_api("GET", f"/audit?reference={ref}", caller=SUPERVISOR).json()["audit"]
    assert [r["action"] for r in audit] == ["view_reporter", "view_reporter"]
