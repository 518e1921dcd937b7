"""The vertical slice: file a report with Open311 and read it back as JSON and XML."""

from __future__ import annotations

from frontdoor.cases.reference import is_valid
from frontdoor.wiring import case_service
from tests.integration.conftest import Call, pothole


def test_a_form_encoded_report_gets_a_service_request_id(api: Call) -> None:
    reply = api("POST", "/open311/v2/requests.json", form=pothole())

    assert reply.status == 200, reply.body
    [created] = reply.json()
    assert is_valid(created["service_request_id"])
    assert "20 working days" in created["service_notice"]


def test_the_case_reads_back_as_json(api: Call) -> None:
    reference = api("POST", "/open311/v2/requests.json", form=pothole()).json()[0]["service_request_id"]

    reply = api("GET", f"/open311/v2/requests/{reference}.json")

    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/json")
    [case] = reply.json()
    assert case["service_request_id"] == reference
    assert case["status"] == "open"
    assert case["service_code"] == "pothole"
    assert case["lat"] == 52.6369 and case["long"] == -1.1398
    assert case["requested_datetime"].endswith("Z")
    assert case["expected_datetime"] > case["requested_datetime"]
    assert "ada@example.com" not in reply.body and "Lovelace" not in reply.body


def test_the_case_reads_back_as_xml(api: Call) -> None:
    reference = (
        api("POST", "/open311/v2/requests.xml", form=pothole()).xml().findtext("request/service_request_id")
    )

    root = api("GET", f"/open311/v2/requests/{reference}.xml").xml()

    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == reference
    assert root.findtext("request/status") == "open"
    assert root.findtext("request/service_name") == "Report a pothole"


def test_repeated_attribute_values_are_accepted_for_multivaluelists(api: Call) -> None:
    form = pothole(service_code="fly_tipping", **{"attribute[surface]": None, "attribute[size]": None})
    form_pairs = [
        *form.items(),
        ("attribute[amount]", "car_boot"),
        ("attribute[waste_types][]", "furniture"),
        ("attribute[waste_types][]", "tyres"),
    ]

    reply = api("POST", "/open311/v2/requests.json", form=form_pairs)

    assert reply.status == 200, reply.body
    case = case_service().get(reply.json()[0]["service_request_id"])
    assert case.answers == {"waste_types": ["furniture", "tyres"], "amount": "car_boot"}
