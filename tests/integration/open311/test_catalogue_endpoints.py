"""Discovery, the service list and service definitions, in JSON and XML."""

from __future__ import annotations

from tests.integration.conftest import Call


def test_discovery_names_the_endpoint_and_both_formats(api: Call) -> None:
    doc = api("GET", "/open311/v2/discovery.json").json()
    [endpoint] = doc["endpoints"]
    assert endpoint["url"] == "http://127.0.0.1:8080/open311/v2"  # the local gateway forwards http
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert api("GET", "/open311/v2/discovery.xml").xml().findtext("endpoints/endpoint/type") == "production"


def test_services_lists_what_is_taken_online_but_never_telecare(api: Call) -> None:
    services = api("GET", "/open311/v2/services.json").json()
    codes = {s["service_code"] for s in services}
    assert {"pothole", "missed_bin", "resident_parking_permit"} <= codes
    assert "telecare" not in codes
    pothole = next(s for s in services if s["service_code"] == "pothole")
    assert pothole["metadata"] is True and pothole["type"] == "realtime" and "pothole" in pothole["keywords"]


def test_services_in_xml_are_service_elements(api: Call) -> None:
    root = api("GET", "/open311/v2/services.xml").xml()
    assert root.tag == "services"
    assert "pothole" in [s.findtext("service_code") for s in root.findall("service")]


def test_a_service_definition_lists_its_attributes_in_order_with_values(api: Call) -> None:
    definition = api("GET", "/open311/v2/services/pothole.json").json()
    assert definition["service_code"] == "pothole"
    orders = [a["order"] for a in definition["attributes"]]
    assert orders == sorted(orders)
    surface = definition["attributes"][0]
    assert surface["code"] == "surface" and surface["datatype"] == "singlevaluelist" and surface["required"]
    assert {"key": "road", "name": "On the road"} in surface["values"]

    root = api("GET", "/open311/v2/services/pothole.xml").xml()
    assert root.tag == "service_definition"
    assert root.findtext("attributes/attribute/values/value/key") == "road"


def test_unknown_service_definition_and_jurisdiction_are_404(api: Call) -> None:
    for path in (
        "/open311/v2/services/nope.json",
        "/open311/v2/services/telecare.json",
        "/open311/v2/services.json?jurisdiction_id=elsewhere.gov.uk",
    ):
        reply = api("GET", path)
        assert reply.status == 404
        assert reply.json()[0]["code"] == 404


def test_the_configured_jurisdiction_is_accepted(api: Call) -> None:
    assert api("GET", "/open311/v2/services.json?jurisdiction_id=frontdoor.local").status == 200


def test_unknown_resources_and_formats_answer_in_the_spec_error_format(api: Call) -> None:
    xml = api("GET", "/open311/v2/nothing.xml")
    assert xml.status == 404 and xml.xml().findtext("error/code") == "404"
    assert api("GET", "/open311/v2/services.csv").status == 404
