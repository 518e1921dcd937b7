"""The AWS messaging adapters against real botocore clients, offline: each test module gives its
``service`` fixture and queues the answers on the client's Stubber, which checks the exact requests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber


@pytest.fixture
def client(service: str) -> Any:
    session = botocore.session.get_session()
    return session.create_client(
        service,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def stubber(client: Any) -> Iterator[Stubber]:
    with Stubber(client) as stubbed:
        yield stubbed
        stubbed.assert_no_pending_responses()
