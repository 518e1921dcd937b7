"""The notifier's log lines say what happened to which update, never to whom or what was said."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from frontdoor.cases.model import Reporter
from frontdoor.messaging.outbox import LocalOutbox
from frontdoor.messaging.ports import EmailNotSent
from tests.integration.notifications.conftest import Notifying, file_case, staff_update

PERSONAL = {
    "first_name": "Philippa",
    "last_name": "Quigglesworth",
    "email": "philippa.q@example.org",
    "phone": "07700 900123",
}
NOTE = "Outside number 42, where the resident lives"


def assert_no_personal_data(text: str) -> None:
    for value in (*PERSONAL.values(), NOTE):
        assert value not in text
    assert "Quigglesworth" not in text and "900123" not in text and "/opt-out/" not in text


@pytest.mark.parametrize("sends", ["sent", "refused", "undeliverable"])
def test_notifying_logs_references_and_outcomes_only(
    notifying: Notifying,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    sends: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    notifying.poller.log = print  # the poller's own lines, to the captured output
    if sends != "sent":
        code = "TooManyRequestsException" if sends == "refused" else "BadRequestException"

        def refuse(*args: Any, **kwargs: Any) -> str:
            raise EmailNotSent(code)

        monkeypatch.setattr(LocalOutbox, "send_email", refuse)
    reference = file_case(Reporter(**PERSONAL, consent_to_updates=True))
    staff_update(reference, "fixed", public=NOTE)

    notifying.poller.poll_once()

    captured = capsys.readouterr()
    # Every record with its extra fields (where powertools puts the reference), and what was printed.
    records = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    logged = captured.out + captured.err + records
    assert reference in logged  # the log says which update...
    assert_no_personal_data(logged)  # ...and never whose, nor what it said
