"""Connect-invoked functions on moto: sample-shaped events, a local outbox per test, clean caches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontdoor import settings
from frontdoor.messaging.outbox import LocalOutbox
from local.lambda_context import FakeLambdaContext
from tests.integration.connect.contact_events import Invoke, contact_event, finish_late_work, forget, handler


@pytest.fixture
def outbox(aws: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalOutbox]:
    """Moto's tables, and texts written to a fresh outbox instead of being sent."""
    path = tmp_path / "outbox.jsonl"
    monkeypatch.setenv(settings.OUTBOX_PATH, str(path))
    forget()
    yield LocalOutbox(path)
    finish_late_work()
    forget()


@pytest.fixture
def invoke(outbox: LocalOutbox) -> Invoke:
    def call(key: str, **event: Any) -> dict[str, str]:
        return handler(key)(
            contact_event(key, **event), FakeLambdaContext(function_name=f"frontdoor-test-{key}")
        )

    return call
