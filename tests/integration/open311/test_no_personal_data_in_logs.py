"""Personal data never reaches a log line: not on success, not on refusal, not on a fault."""

from __future__ import annotations

import logging

import pytest
from botocore.exceptions import ClientError

from frontdoor.wiring import case_service
from tests.integration.conftest import Call, pothole

PERSONAL = {
    "first_name": "Philippa",
    "last_name": "Quigglesworth",
    "email": "philippa.q@example.org",
    "phone": "07700 900123",
    "description": "Outside number 42, where Philippa lives",
    "device_id": "device-ZZ9PLURALZALPHA",
    "account_id": "acct-QX77",
}


def assert_no_personal_data(text: str) -> None:
    for value in PERSONAL.values():
        assert value not in text
    assert "Quigglesworth" not in text and "900123" not in text


def test_filing_a_report_logs_no_personal_data(
    api: Call, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    reply = api("POST", "/open311/v2/requests.json", form=pothole(**PERSONAL))
    assert reply.status == 200
    reference = reply.json()[0]["service_request_id"]
    api("GET", f"/open311/v2/requests/{reference}.json")

    captured = capsys.readouterr()
    logged = captured.out + captured.err + caplog.text
    assert reference in logged  # the log does say what happened...
    assert_no_personal_data(logged)  # ...without saying who


def test_refusals_log_no_personal_data(
    api: Call, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api("POST", "/open311/v2/requests.json", form=pothole(**PERSONAL, **{"attribute[size]": "huge"}))
    api("POST", "/open311/v2/requests.json", form=pothole(**{**PERSONAL, "email": "philippa.q@@example.org"}))
    captured = capsys.readouterr()
    assert_no_personal_data(captured.out + captured.err + caplog.text)


def test_a_store_fault_is_a_500_in_open311_format_and_logs_no_personal_data(
    api: Call,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fault = ClientError({"Error": {"Code": "InternalServerError", "Message": "boom"}}, "TransactWriteItems")

    def failing_add(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(case_service().repository, "add", failing_add)
    reply = api("POST", "/open311/v2/requests.json", form=pothole(**PERSONAL))

    assert reply.status == 500
    assert reply.json()[0]["code"] == 500
    captured = capsys.readouterr()
    logged = captured.out + captured.err + caplog.text
    assert "unexpected error" in logged
    assert_no_personal_data(logged)
