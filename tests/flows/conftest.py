"""Flow simulator tests: offline and quick, so no network at all (pytest-socket)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.builders import SHARED_FLOWS


@pytest.fixture(autouse=True)
def _no_network(socket_disabled: None) -> None:
    return None


@pytest.fixture
def shared_flows() -> Path:
    """The example flows exported from other Connect instances (copied from ../shared/connect-flows)."""
    return SHARED_FLOWS
