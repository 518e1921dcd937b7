"""A retried submission returns the same case and creates nothing; one still in flight gets 409."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.wiring import case_service
from tests.integration.conftest import Call, pothole
from tests.integration.open311.test_bad_input import items_in_store


def test_a_retried_submission_returns_the_same_service_request_id(api: Call) -> None:
    first = api("POST", "/open311/v2/requests.json", form=pothole())
    stored = items_in_store()
    again = api("POST", "/open311/v2/requests.json", form=pothole(api_key=pothole()["api_key"]))

    assert again.status == 200
    assert again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert items_in_store() == stored


def test_the_idempotency_key_header_decides_what_counts_as_the_same(api: Call) -> None:
    one = api("POST", "/open311/v2/requests.json", form=pothole(), headers={"Idempotency-Key": "abc-1"})
    other = api("POST", "/open311/v2/requests.json", form=pothole(), headers={"Idempotency-Key": "abc-2"})
    edited = api(
        "POST",
        "/open311/v2/requests.json",
        form=pothole(description="Now deeper"),
        headers={"Idempotency-Key": "abc-1"},
    )

    assert one.json()[0]["service_request_id"] != other.json()[0]["service_request_id"]
    assert edited.json()[0]["service_request_id"] == one.json()[0]["service_request_id"]


def test_a_different_report_is_a_new_case(api: Call) -> None:
    first = api("POST", "/open311/v2/requests.json", form=pothole())
    second = api("POST", "/open311/v2/requests.json", form=pothole(description="Another one"))
    assert first.json()[0]["service_request_id"] != second.json()[0]["service_request_id"]


def test_a_duplicate_still_in_flight_gets_409_with_an_open311_body(
    api: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = case_service()
    real_file = service.file
    replies: list[Any] = []

    def file_while_the_resident_clicks_again(report: Any) -> Any:
        replies.append(api("POST", "/open311/v2/requests.json", form=pothole()))
        return real_file(report)

    monkeypatch.setattr(service, "file", file_while_the_resident_clicks_again)
    first = api("POST", "/open311/v2/requests.json", form=pothole())

    assert first.status == 200
    [in_flight] = replies
    assert in_flight.status == 409
    assert in_flight.json()[0]["code"] == 409


def test_a_refused_submission_is_not_remembered(api: Call) -> None:
    refused = api("POST", "/open311/v2/requests.json", form=pothole(**{"attribute[size]": None}))
    fixed = api("POST", "/open311/v2/requests.json", form=pothole(**{"attribute[size]": None}))
    assert refused.status == fixed.status == 400
