"""A retried submission returns the same case and creates nothing; one still in flight gets 409."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.wiring import case_service
from local.seed import seed_api_key
from tests.integration.conftest import Call, pothole
from tests.integration.open311.test_bad_input import items_in_store


def test_a_retried_submission_returns_the_same_service_request_id(api: Call) -> None:
    first = api("POST", "/open311/v2/requests.json", form=pothole())
    stored = items_in_store()
    again = api("POST", "/open311/v2/requests.json", form=pothole())

    assert again.status == 200
    assert again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert items_in_store() == stored


def test_the_idempotency_key_header_decides_what_counts_as_the_same(api: Call) -> None:
    one = api("POST", "/open311/v2/requests.json", form=pothole(), headers={"Idempotency-Key": "abc-1"})
    other = api("POST", "/open311/v2/requests.json", form=pothole(), headers={"Idempotency-Key": "abc-2"})
    again = api("POST", "/open311/v2/requests.json", form=pothole(), headers={"Idempotency-Key": "abc-1"})

    assert one.json()[0]["service_request_id"] != other.json()[0]["service_request_id"]
    assert again.json()[0]["service_request_id"] == one.json()[0]["service_request_id"]


def test_reusing_a_key_for_a_different_report_is_refused_not_answered_with_the_first(api: Call) -> None:
    api("POST", "/open311/v2/requests.json", form=pothole(), headers={"Idempotency-Key": "abc-1"})
    stored = items_in_store()

    edited = api(
        "POST",
        "/open311/v2/requests.json",
        form=pothole(description="Now deeper"),
        headers={"Idempotency-Key": "abc-1"},
    )

    assert edited.status == 400
    assert "Idempotency-Key" in edited.json()[0]["description"]
    assert items_in_store() == stored


def test_two_clients_never_share_an_answer_even_with_the_same_key(api: Call) -> None:
    seed_api_key("partner-key", client_name="partner-app")
    first = api(
        "POST",
        "/open311/v2/requests.json",
        form=pothole(account_id="acct-A"),
        headers={"Idempotency-Key": "1"},
    )
    second = api(
        "POST",
        "/open311/v2/requests.json",
        form=pothole(api_key="partner-key", account_id="acct-B"),
        headers={"Idempotency-Key": "1"},
    )

    assert second.status == 200
    assert second.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    assert second.json()[0]["account_id"] == "acct-B"


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
    key = {"Idempotency-Key": "try-1"}
    refused = api("POST", "/open311/v2/requests.json", form=pothole(**{"attribute[size]": None}), headers=key)
    corrected = api("POST", "/open311/v2/requests.json", form=pothole(), headers=key)
    assert (refused.status, corrected.status) == (400, 200)
