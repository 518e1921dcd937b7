"""Every API call reads by key or index: count the DynamoDB operations and fail on any Scan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.client import BaseClient

from tests.integration.conftest import Call, pothole


@pytest.fixture
def dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    calls: Counter[str] = Counter()
    real = BaseClient._make_api_call

    def counting(self: BaseClient, operation: str, params: Any) -> Any:
        if self.meta.service_model.service_name == "dynamodb":
            calls[operation] += 1
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    yield calls


def test_each_endpoint_uses_only_key_and_index_lookups(api: Call, dynamodb_calls: Counter[str]) -> None:
    created = api("POST", "/open311/v2/requests.json", form=pothole()).json()[0]
    post_calls = dict(dynamodb_calls)
    reference, token = created["service_request_id"], created["token"]

    paths = {
        "by id": f"/open311/v2/requests/{reference}.json",
        "by ids": f"/open311/v2/requests.json?service_request_id={reference}",
        "list": "/open311/v2/requests.json",
        "list by service and status": "/open311/v2/requests.json?service_code=pothole,graffiti&status=open",
        "list by status": "/open311/v2/requests.json?status=closed",
        "token": f"/open311/v2/tokens/{token}.json",
        "updates": "/open311/v2/servicerequestupdates.json",
        "services": "/open311/v2/services.json",
    }
    per_path = {}
    for name, path in paths.items():
        dynamodb_calls.clear()
        assert api("GET", path).status == 200
        per_path[name] = dict(dynamodb_calls)

    # POST: idempotency record put+update, duplicate search (9 cells), one transaction.
    assert set(post_calls) <= {"PutItem", "UpdateItem", "Query", "TransactWriteItems", "GetItem"}
    assert post_calls["TransactWriteItems"] == 1
    assert per_path["by id"] == {"GetItem": 1}
    assert per_path["token"] == {"GetItem": 1}
    assert per_path["services"] == {}
    assert set(per_path["list"]) == {"Query"} and per_path["list"]["Query"] <= 4  # one per month bucket
    for name, calls in {"POST": post_calls, **per_path}.items():
        assert "Scan" not in calls, name
