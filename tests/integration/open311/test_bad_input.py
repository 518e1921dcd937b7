"""Bad input gets the spec's error body and status, nothing is written, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from frontdoor import settings as config
from local.environment import HANDLER_DEFAULTS
from tests.integration.conftest import Call, pothole

CASES_TABLE = HANDLER_DEFAULTS[config.CASES_TABLE]


def items_in_store() -> int:
    return int(boto3.client("dynamodb").scan(TableName=CASES_TABLE, Select="COUNT")["Count"])  # tests only


@pytest.fixture
def nothing_written(api: Call) -> Iterator[None]:
    before = items_in_store()
    yield
    assert items_in_store() == before


BAD_REPORTS = {
    "unknown service": ({"service_code": "unicorns"}, 400, "service_code"),
    "missing service": ({"service_code": None}, 400, "service_code"),
    "missing required attribute": ({"attribute[size]": None}, 400, "size"),
    "value outside the list": ({"attribute[size]": "enormous"}, 400, "size"),
    "unknown attribute": ({"attribute[colour]": "red"}, 400, "colour"),
    "lat out of range": ({"lat": "123.4"}, 400, "lat"),
    "lat not a number": ({"lat": "north"}, 400, "lat"),
    "lat not finite": ({"lat": "nan"}, 400, "lat"),
    "long without lat": ({"lat": None}, 400, "lat"),
    "outside the council": ({"lat": "51.5", "long": "-0.12"}, 400, "area"),
    "no location at all": ({"lat": None, "long": None}, 400, "lat"),
    "description too long": ({"description": "a" * 4001}, 400, "4000"),
    "description with html": ({"description": "<b>hi</b>"}, 400, "HTML"),
    "bad email": ({"email": "ada-at-example"}, 400, "email"),
    "telecare online": ({"service_code": "telecare"}, 400, "24 hours"),
    "no api_key": ({"api_key": None}, 403, "api_key"),
    "wrong api_key": ({"api_key": "guess"}, 403, "api_key"),
    "other jurisdiction": ({"jurisdiction_id": "elsewhere.gov.uk"}, 404, "jurisdiction_id"),
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("case", BAD_REPORTS, ids=list(BAD_REPORTS))
def test_bad_reports_are_refused_in_the_spec_format(
    api: Call, nothing_written: None, case: str, fmt: str
) -> None:
    change, status, mentioned = BAD_REPORTS[case]

    reply = api("POST", f"/open311/v2/requests.{fmt}", form=pothole(**change))

    assert reply.status == status, reply.body
    if fmt == "json":
        [error] = reply.json()
        code, description = error["code"], error["description"]
    else:
        root = reply.xml()
        assert root.tag == "errors"
        code, description = int(root.findtext("error/code") or 0), root.findtext("error/description") or ""
    assert code == status
    assert mentioned in description


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"service_code": "pothole"}'),
        ("text/plain", b"service_code=pothole"),
        ("application/x-www-form-urlencoded", b"\xff\xfe\x00garbage"),
        ("application/x-www-form-urlencoded", b"a=%zz&&=="),
        ("application/x-www-form-urlencoded", b"api_key=%s&service_code=pothole&service_code=graffiti"),
    ],
)
def test_malformed_bodies_are_400(api: Call, nothing_written: None, content_type: str, body: bytes) -> None:
    body = body.replace(b"%s", pothole()["api_key"].encode())
    reply = api("POST", "/open311/v2/requests.json", headers={"Content-Type": content_type}, body=body)
    assert reply.status == 400, reply.body
    assert reply.json()[0]["code"] == 400


@pytest.mark.parametrize(
    "query",
    [
        "start_date=yesterday",
        "end_date=2026-13-45T00:00:00Z",
        "start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "status=pending",
        "service_code=unicorns",
    ],
)
def test_bad_listing_parameters_are_400(api: Call, query: str) -> None:
    for path in ("requests", "servicerequestupdates"):
        if path == "servicerequestupdates" and query.startswith(("status", "service_code")):
            continue
        reply = api("GET", f"/open311/v2/{path}.xml?{query}")
        assert reply.status == 400, (path, query, reply.body)
        assert reply.xml().findtext("error/code") == "400"


def test_unknown_request_ids_are_404(api: Call) -> None:
    for reference in ("123456789", "000000000", "abc", "9" * 40):
        reply = api("GET", f"/open311/v2/requests/{reference}.json")
        assert reply.status == 404
        assert reply.json()[0]["code"] == 404


# Found by the fuzzers (tests/fuzz); each failed before its fix.
def test_a_post_to_an_unknown_format_files_nothing(api: Call, nothing_written: None) -> None:
    for path in ("/open311/v2/requests.html", "/open311/v2/requests.JSON", "/open311/v2/requests.json.json"):
        assert api("POST", path, form=pothole()).status == 404


def test_control_characters_are_refused_so_xml_answers_stay_well_formed(
    api: Call, nothing_written: None
) -> None:
    for field in ("description", "address_string", "attribute[size]"):
        reply = api("POST", "/open311/v2/requests.xml", form=pothole(**{field: "Pothole\x01here"}))
        assert reply.status == 400
        assert "control characters" in (reply.xml().findtext("error/description") or "")


def test_dates_at_the_edge_of_the_calendar_are_400_not_500(api: Call) -> None:
    for query in (
        "end_date=0001-01-01T00:00:00Z",
        "start_date=0001-01-01T00:30:00%2B01:00",
        "end_date=9999-12-31T20:00:00-05:00",
    ):
        assert api("GET", f"/open311/v2/requests.json?{query}").status == 400
        assert api("GET", f"/open311/v2/servicerequestupdates.xml?{query}").status == 400
