"""Staff find, read and work cases through the API; residents see the public side in Open311."""

from __future__ import annotations

from collections.abc import Callable

from tests.integration.backoffice.conftest import ADVISOR, BACK_OFFICE, SUPERVISOR, SYSTEM_ARN, StaffCall
from tests.integration.conftest import Call, pothole

PHONED_IN = {
    "service_code": "pothole",
    "channel": "phone",
    "description": "Pothole outside the library",
    "lat": 52.6369,
    "long": -1.1398,
    "answers": {"surface": "road", "size": "large"},
    "reporter": {"first_name": "Bob", "phone": "07700 900461"},
}


def test_a_case_fixed_with_a_public_note_shows_in_open311_servicerequestupdates(
    staff_api: StaffCall, api: Call, reported: Callable[..., str]
) -> None:
    reference = reported()
    reply = staff_api(
        "POST",
        f"/cases/{reference}/updates",
        {"status": "fixed", "public_note": "We filled the pothole today.", "internal_note": "Crew 4, bay 2"},
    )
    assert reply.status == 200, reply.body
    assert reply.json()["case"]["status"] == "fixed"

    updates = api("GET", "/open311/v2/servicerequestupdates.json").json()
    mine = [u for u in updates if u["service_request_id"] == reference]
    assert [(u["status"], u["description"]) for u in mine] == [
        ("OPEN", "Report received"),
        ("FIXED", "We filled the pothole today."),
    ]
    assert all(u["update_id"] and u["updated_datetime"].endswith("Z") for u in mine)
    request = api("GET", f"/open311/v2/requests/{reference}.json").json()[0]
    assert request["status"] == "closed" and request["status_notes"] == "We filled the pothole today."
    xml_updates = api("GET", "/open311/v2/servicerequestupdates.xml").body
    assert "We filled the pothole today." in xml_updates
    for body in (str(updates), str(request), xml_updates):
        assert "Crew 4" not in body  # internal notes never leave the back office


def test_staff_see_the_whole_history_internal_notes_included(
    staff_api: StaffCall, reported: Callable[..., str]
) -> None:
    reference = reported()
    staff_api("POST", f"/cases/{reference}/updates", {"internal_note": "Resident rang again"}, caller=ADVISOR)

    case = staff_api("GET", f"/cases/{reference}", caller=ADVISOR).json()["case"]
    assert [(h["public"], h.get("description"), h.get("internal_note")) for h in case["history"]] == [
        (True, "Report received", None),
        (False, None, "Resident rang again"),
    ]
    assert case["team"] == "highways" and case["team_name"] == "Highways"


def test_cases_are_found_by_reference_service_status_and_ward(
    staff_api: StaffCall, reported: Callable[..., str]
) -> None:
    pothole_ref = reported()
    light_ref = reported("street_light_fault", lat=52.6300, long=-1.1300)
    staff_api("POST", f"/cases/{light_ref}/updates", {"status": "in_progress"})

    def found(query: str) -> list[str]:
        reply = staff_api("GET", f"/cases?{query}", caller=ADVISOR)
        assert reply.status == 200, reply.body
        return [case["reference"] for case in reply.json()["cases"]]

    assert found(f"reference={pothole_ref}") == [pothole_ref]
    assert found("reference=123456789") == []
    assert found("service=pothole") == [pothole_ref]
    assert found("status=in_progress") == [light_ref]
    # Both are open; filed within the same second, their order is not the point here.
    assert sorted(found("status=open")) == sorted([light_ref, pothole_ref])
    assert set(found("")) == {pothole_ref, light_ref}
    ward = staff_api("GET", f"/cases?reference={pothole_ref}").json()["cases"][0]["ward_code"]
    assert pothole_ref in found(f"ward={ward}")
    assert found("from=2020-01-01&to=2020-12-31") == []


def test_merging_closes_the_duplicate_and_tells_its_reporter_which_case_to_follow(
    staff_api: StaffCall, api: Call, reported: Callable[..., str]
) -> None:
    kept, duplicate = reported(), reported(email="grace@example.com")
    reply = staff_api("POST", f"/cases/{duplicate}/merge", {"into": kept})
    assert reply.status == 200, reply.body
    assert reply.json()["case"]["status"] == "duplicate"

    told = api("GET", f"/open311/v2/requests/{duplicate}.json").json()[0]
    assert told["status"] == "closed" and f"case {kept}" in told["status_notes"]
    assert staff_api("GET", f"/cases/{kept}").json()["case"]["linked"] == [duplicate]
    again = staff_api(
        "POST", f"/cases/{duplicate}/updates", {"status": "open", "public_note": "x"}, caller=SUPERVISOR
    )
    assert again.status == 409 and again.json()["error"]["code"] == "illegal_transition"


def test_an_advisor_logs_a_phone_call_as_a_case_counted_under_phone(staff_api: StaffCall, api: Call) -> None:
    with_email = {**PHONED_IN, "reporter": {**PHONED_IN["reporter"], "email": "bob@example.com"}}
    reply = staff_api("POST", "/cases", with_email, caller=ADVISOR)
    assert reply.status == 201, reply.body
    reference = reply.json()["case"]["reference"]
    assert staff_api("GET", f"/cases?reference={reference}").json()["cases"][0]["channel"] == "phone"
    assert [
        c["reference"] for c in staff_api("POST", "/lookups", {"phone": "+447700900461"}).json()["cases"]
    ] == [reference]
    assert api("GET", f"/open311/v2/requests/{reference}.json").status == 200


def test_a_residents_cases_are_found_by_email_and_their_contact_details_read(
    staff_api: StaffCall, reported: Callable[..., str]
) -> None:
    reference = reported(email="Ada.Lovelace@Example.com")
    found = staff_api("POST", "/lookups", {"email": "ada.lovelace@example.COM"}, caller=ADVISOR).json()[
        "cases"
    ]
    assert [case["reference"] for case in found] == [reference]
    shown = staff_api("GET", f"/cases/{reference}/reporter", caller=ADVISOR).json()
    assert shown["reporter"]["email"] == "Ada.Lovelace@Example.com" and not shown["expired"]


def test_assign_and_urgent_are_set_and_idempotent(staff_api: StaffCall, reported: Callable[..., str]) -> None:
    reference = reported()
    assert (
        staff_api("PUT", f"/cases/{reference}/team", {"team": "street_scene"}).json()["case"]["team"]
        == "street_scene"
    )
    assert staff_api("PUT", f"/cases/{reference}/urgent", {"urgent": True}).json()["case"]["urgent"] is True
    assert staff_api("PUT", f"/cases/{reference}/urgent", {"urgent": True}).status == 200
    unknown = staff_api("PUT", f"/cases/{reference}/team", {"team": "nobody"})
    assert unknown.status == 400 and unknown.json()["error"]["field"] == "team"


def test_system_integrations_act_through_iam_with_their_identity(
    staff_api: StaffCall, reported: Callable[..., str]
) -> None:
    reference = reported()
    reply = staff_api(
        "POST", f"/system/v1/cases/{reference}/updates", {"status": "investigating"}, caller=SYSTEM_ARN
    )
    assert reply.status == 200, reply.body
    me = staff_api("GET", "/system/v1/me", caller=SYSTEM_ARN).json()["actor"]
    assert me["kind"] == "system" and me["id"] == SYSTEM_ARN


def test_teams_and_who_am_i(staff_api: StaffCall) -> None:
    teams = staff_api("GET", "/teams", caller=ADVISOR).json()["teams"]
    assert {"id": "highways", "name": "Highways"} in teams
    me = staff_api("GET", "/me", caller=BACK_OFFICE).json()["actor"]
    assert (
        me["roles"] == ["back_office"]
        and "merge_cases" in me["allowed"]
        and "reopen_case" not in me["allowed"]
    )


def test_open311_filing_still_works_beside_the_staff_api(api: Call) -> None:
    assert api("POST", "/open311/v2/requests.json", form=pothole()).status == 200


def test_a_resident_who_wants_updates_says_so_when_staff_log_their_case(staff_api: StaffCall) -> None:
    logged = {
        "service_code": "pothole",
        "channel": "email",
        "lat": 52.6369,
        "long": -1.1398,
        "answers": {"surface": "road", "size": "large"},
    }
    with_consent = staff_api(
        "POST", "/cases", {**logged, "reporter": {"email": "cy@example.com", "consent_to_updates": True}}
    )
    without = staff_api("POST", "/cases", {**logged, "reporter": {"email": "di@example.com"}})
    for reply, consent in ((with_consent, True), (without, False)):
        reference = reply.json()["case"]["reference"]
        reporter = staff_api("GET", f"/cases/{reference}/reporter").json()["reporter"]
        assert reporter["consent_to_updates"] is consent


def test_a_case_logged_again_with_the_same_idempotency_key_is_the_first_case(staff_api: StaffCall) -> None:
    """A client that lost the answer and sends again gets the case it logged, not a second one."""
    once = {"Idempotency-Key": "crm-ticket-81723"}
    first = staff_api("POST", "/cases", PHONED_IN, caller=ADVISOR, headers=once)
    # The same case, its keys in another order, sent again.
    again = staff_api("POST", "/cases", dict(reversed(PHONED_IN.items())), caller=ADVISOR, headers=once)
    assert first.status == again.status == 201
    assert again.json() == first.json()

    reference = first.json()["case"]["reference"]
    audit = staff_api("GET", f"/audit?reference={reference}", caller=SUPERVISOR).json()["audit"]
    assert [record["action"] for record in audit if record["action"] == "log_case"] == ["log_case"]

    # Without a key, every POST is a case of its own.
    unkeyed = [
        staff_api("POST", "/cases", PHONED_IN, caller=ADVISOR).json()["case"]["reference"] for _ in "ab"
    ]
    assert len({reference, *unkeyed}) == 3


def test_an_idempotency_key_is_one_case_and_one_caller_s(staff_api: StaffCall) -> None:
    once = {"Idempotency-Key": "call-2026-11-23-0001"}
    first = staff_api("POST", "/cases", PHONED_IN, caller=ADVISOR, headers=once)

    other_case = staff_api(
        "POST", "/cases", {**PHONED_IN, "description": "Another pothole"}, caller=ADVISOR, headers=once
    )
    assert other_case.status == 422
    assert other_case.json()["error"]["code"] == "idempotency_key_reused"

    # The same key from someone else is their own request.
    theirs = staff_api("POST", "/cases", PHONED_IN, caller=BACK_OFFICE, headers=once)
    assert theirs.status == 201
    assert theirs.json()["case"]["reference"] != first.json()["case"]["reference"]
