"""Web unit tests: pages rendered without AWS, form sessions in memory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.unit.web.session_fakes import InMemoryFormSessionStore
from web import forms


@pytest.fixture
def sessions() -> Iterator[InMemoryFormSessionStore]:
    store = InMemoryFormSessionStore()
    forms.use_store(store)
    yield store
    forms.use_store(None)
