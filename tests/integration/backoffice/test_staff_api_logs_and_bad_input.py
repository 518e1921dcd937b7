"""The staff API logs no resident's personal data, and no input makes it answer 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from tests.integration.backoffice.conftest import ADVISOR, SUPERVISOR, StaffCall

PERSONAL = ("Philippa", "Quigglesworth", "philippa.q@example.org", "07700 900123", "900123", "lives at 42")


def test_staff_actions_log_what_happened_without_saying_who_to(
    staff_api: StaffCall,
    reported: Callable[..., str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    logged = staff_api(
        "POST",
        "/cases",
        {
            "service_code": "pothole",
            "channel": "phone",
            "description": "Pothole; she lives at 42",
            "lat": 52.6369,
            "long": -1.1398,
            "answers": {"surface": "road", "size": "large"},
            "reporter": {
                "first_name": "Philippa",
                "last_name": "Quigglesworth",
                "email": "philippa.q@example.org",
                "phone": "07700 900123",
            },
        },
        caller=ADVISOR,
    )
    reference = logged.json()["case"]["reference"]
    staff_api("POST", "/lookups", {"phone": "07700 900123"}, caller=ADVISOR)
    staff_api("POST", "/lookups", {"email": "philippa.q@example.org"}, caller=ADVISOR)
    staff_api("GET", f"/cases/{reference}/reporter", caller=ADVISOR)
    staff_api(
        "POST", f"/cases/{reference}/updates", {"status": "fixed", "public_note": "Philippa, it lives at 42"}
    )
    staff_api(
        "POST", f"/cases/{reference}/updates", {"internal_note": "Quigglesworth rang " * 300}
    )  # too long
    staff_api("POST", "/lookups", {"email": "philippa.q@@example.org"}, caller=ADVISOR)  # malformed

    captured = capsys.readouterr()
    text = captured.out + captured.err + caplog.text
    assert reference in text
    for value in PERSONAL:
        assert value not in text


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/cases/{ref}/updates", b"{not json", 400),
        ("POST", "/cases/{ref}/updates", b"", 400),
        ("POST", "/cases/{ref}/updates", b"[]", 400),
        ("POST", "/cases/{ref}/updates", b'{"status": 7}', 400),
        ("POST", "/cases/{ref}/updates", b'{"status": "resolved"}', 400),
        ("POST", "/cases/{ref}/updates", b'{"colour": "red"}', 400),
        ("POST", "/cases/{ref}/updates", b'{"public_note": "\\u0000"}', 400),
        ("POST", "/cases/{ref}/updates", b"\xff\xfe", 400),
        ("POST", "/cases/{ref}/updates", b"{}", 400),
        ("PUT", "/cases/{ref}/urgent", b'{"urgent": "yes"}', 400),
        ("POST", "/cases/{ref}/merge", b'{"into": "123"}', 404),
        ("POST", "/cases/{ref}/links", b'{"reference": "482019373"}', 404),
        ("POST", "/cases", b'{"service_code": "unicorns", "channel": "post"}', 400),
        ("POST", "/cases", b'{"service_code": "pothole", "channel": "carrier pigeon"}', 400),
        ("POST", "/cases", b'{"service_code": "pothole", "channel": "post", "lat": "north"}', 400),
        ("POST", "/lookups", b'{"phone": null, "email": null}', 400),
        ("GET", "/cases?from=yesterday", None, 400),
        ("GET", "/cases?from=2020-01-01&to=2026-01-01", None, 400),
        ("GET", "/cases?limit=0", None, 400),
        ("GET", "/cases?status=resolved", None, 400),
        ("GET", "/cases?ward=%3Cscript%3E", None, 400),
        ("GET", "/audit", None, 400),
        ("GET", "/audit?reference=12", None, 400),
        ("GET", "/cases/{ref}/nothing-here", None, 404),
        ("DELETE", "/cases/{ref}", None, 404),
    ],
)
def test_bad_input_gets_a_clear_error_in_the_one_shape(
    staff_api: StaffCall,
    reported: Callable[..., str],
    method: str,
    path: str,
    body: bytes | None,
    status: int,
) -> None:
    reply = staff_api(method, path.format(ref=reported()), body, caller=SUPERVISOR)
    assert reply.status == status, reply.body
    error = reply.json()["error"]
    assert set(error) == {"code", "message", "field"} and error["message"]
