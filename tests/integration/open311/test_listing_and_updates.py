"""GET requests with its filters, tokens, and FixMyStreet's servicerequestupdates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.wiring import case_service
from tests.integration.conftest import Call, pothole

GRAFFITI = {
    "service_code": "graffiti",
    "attribute[offensive]": "no",
    "attribute[surface]": "wall",
    "attribute[size]": None,
}


def file(api: Call, **overrides: object) -> str:
    reply = api("POST", "/open311/v2/requests.json", form=pothole(**overrides))
    assert reply.status == 200, reply.body
    return str(reply.json()[0]["service_request_id"])


def test_requests_lists_recent_cases_newest_first(api: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    monkeypatch.setattr(case_service(), "clock", lambda: earlier)
    first = file(api)
    monkeypatch.setattr(case_service(), "clock", lambda: earlier + timedelta(minutes=1))
    second = file(api, lat="52.6500", long="-1.1300")

    listed = [r["service_request_id"] for r in api("GET", "/open311/v2/requests.json").json()]

    assert listed == [second, first]


def test_cases_about_a_residents_home_publish_no_place_or_description(api: Call) -> None:
    missed_bin = file(
        api,
        service_code="missed_bin",
        description="Bin at number 12, Mrs Smith",
        **{
            "attribute[surface]": None,
            "attribute[size]": None,
            "attribute[bin_type]": "general",
            "attribute[bin_out_by]": "yes",
        },
    )
    [case] = api("GET", f"/open311/v2/requests/{missed_bin}.json").json()
    assert case["description"] is None and case["lat"] is None and case["address"] is None
    assert case["service_code"] == "missed_bin" and case["status"] == "open"


def test_requests_filter_by_service_code_list_and_status(api: Call) -> None:
    hole = file(api)
    tag = file(api, **{**GRAFFITI, "attribute[size]": None})
    by_service = api("GET", "/open311/v2/requests.json?service_code=graffiti").json()
    assert [r["service_request_id"] for r in by_service] == [tag]
    both = api("GET", "/open311/v2/requests.json?service_code=graffiti,pothole&status=open").json()
    assert {r["service_request_id"] for r in both} == {hole, tag}
    assert api("GET", "/open311/v2/requests.json?status=closed").json() == []


def test_requests_by_id_list_ignores_the_other_filters(api: Call) -> None:
    reference = file(api)
    reply = api("GET", f"/open311/v2/requests.xml?service_request_id={reference},123456789&status=closed")
    assert [r.findtext("service_request_id") for r in reply.xml().findall("request")] == [reference]


def test_requests_outside_the_date_window_are_not_listed(api: Call) -> None:
    file(api)
    last_year = datetime.now(UTC) - timedelta(days=400)
    month_later = last_year + timedelta(days=30)
    window = f"start_date={last_year:%Y-%m-%dT%H:%M:%SZ}&end_date={month_later:%Y-%m-%dT%H:%M:%SZ}"
    assert api("GET", f"/open311/v2/requests.json?{window}").json() == []


def test_a_token_leads_to_its_request(api: Call) -> None:
    created = api("POST", "/open311/v2/requests.json", form=pothole()).json()[0]
    reply = api("GET", f"/open311/v2/tokens/{created['token']}.json")
    assert reply.json() == [{"service_request_id": created["service_request_id"], "token": created["token"]}]
    assert api("GET", "/open311/v2/tokens/notatoken.json").status == 404


def test_servicerequestupdates_lists_the_first_update_of_each_case(api: Call) -> None:
    reference = file(api)
    root = api("GET", "/open311/v2/servicerequestupdates.xml").xml()
    assert root.tag == "service_request_updates"
    [update] = [u for u in root.findall("request_update") if u.findtext("service_request_id") == reference]
    assert update.findtext("status") == "OPEN"
    assert update.findtext("description") == "Report received"
    assert update.findtext("update_id") and update.findtext("updated_datetime", "").endswith("Z")


def test_enquiry_cases_publish_no_location_or_description(api: Call) -> None:
    form = {
        "api_key": pothole()["api_key"],
        "service_code": "library_enquiry",
        "address_string": "12 Orchard Row",
        "description": "Can I renew my books by phone?",
        "attribute[enquiry]": "Renewals",
    }
    reference = api("POST", "/open311/v2/requests.json", form=form).json()[0]["service_request_id"]
    [case] = api("GET", f"/open311/v2/requests/{reference}.json").json()
    assert case["address"] is None and case["description"] is None and case["lat"] is None
