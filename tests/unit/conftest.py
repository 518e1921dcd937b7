"""Unit tests are pure: no network at all (pytest-socket)."""

import pytest


@pytest.fixture(autouse=True)
def _no_network(socket_disabled: None) -> None:
    return None
