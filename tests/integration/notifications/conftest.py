"""Keeping residents informed on moto: the real notifier handler, the real tables and stream, the
local outbox in a temporary file, and the local stream poller playing the event source mapping."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from frontdoor import settings
from frontdoor.cases.model import Location, NewReport, Reporter
from frontdoor.messaging.outbox import LocalOutbox
from local.stream_poller import (
    NOTIFIER_HANDLER,
    NOTIFIER_NAME,
    StreamPoller,
    create_dead_letter_queue,
    dead_letters,
)
from tests.integration.conftest import reset_process_caches

REGION = "eu-west-2"
# A point in the sample wards (the clock tower), a few metres apart per report, so no two reports
# are possible duplicates of each other.
_EAST = itertools.cycle(range(8))


@dataclass
class Notifying:
    outbox: LocalOutbox
    poller: StreamPoller

    def messages(self) -> list[dict[str, str]]:
        return self.outbox.messages()

    def dead_letters(self) -> list[dict[str, Any]]:
        return dead_letters(self.poller.dead_letter_queue_url, REGION)


@pytest.fixture
def notifying(aws: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Notifying]:
    """The notifier behind a stream poller that starts now (records written before are not sent)."""
    import functions.notifier.handler  # noqa: F401  # as at a cold start: body-logging libraries capped first
    from frontdoor.notifications.stream import BATCH_SIZE, NOTIFY_FILTERS, RETRY_ATTEMPTS

    outbox = tmp_path / "outbox" / "messages.jsonl"
    monkeypatch.setenv(settings.OUTBOX_PATH, str(outbox))
    monkeypatch.setenv(settings.WEB_BASE_URL, "https://frontdoor.example.gov.uk")
    reset_process_caches()
    poller = StreamPoller(
        table_name=settings.settings().cases_table,
        handler=NOTIFIER_HANDLER,
        function_name=NOTIFIER_NAME,
        filters=NOTIFY_FILTERS,
        batch_size=BATCH_SIZE,
        retry_attempts=RETRY_ATTEMPTS,
        dead_letter_queue_url=create_dead_letter_queue("notifier-dead-letters", REGION),
        region=REGION,
        retry_delay_s=0,
        log=lambda message: None,
    )
    poller.start_from_latest()
    yield Notifying(LocalOutbox(outbox), poller)
    poller.stop()


def pothole_report(reporter: Reporter, channel: str = "web") -> NewReport:
    return NewReport(
        service_code="pothole",
        channel=channel,  # type: ignore[arg-type]
        description="Deep pothole by the bus stop",
        location=Location(lat=52.6369, long=-1.1398 + next(_EAST) * 0.002),
        answers={"surface": ["road"], "size": ["large"]},
        reporter=reporter,
    )


ADA = Reporter(first_name="Ada", last_name="Lovelace", email="ada@example.com", consent_to_updates=True)


def file_case(reporter: Reporter = ADA, channel: str = "web") -> str:
    from frontdoor.wiring import case_service

    return case_service().file(pothole_report(reporter, channel)).reference


def staff_update(
    reference: str, status: str | None = None, public: str | None = None, internal: str | None = None
) -> None:
    """A change through the back office, as staff make it (status and/or notes)."""
    from frontdoor.backoffice.roles import Actor
    from frontdoor.backoffice.service import StatusUpdate
    from frontdoor.wiring import back_office

    officer = Actor("staff-1", "bo.officer", "staff", frozenset({"back_office"}))
    back_office().update(officer, reference, StatusUpdate(status, public, internal))  # type: ignore[arg-type]
