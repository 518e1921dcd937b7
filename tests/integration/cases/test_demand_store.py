"""Demand counters on moto: one atomic ADD per report, read back with one Query between two dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import boto3
import pytest
from botocore.client import BaseClient

from frontdoor.cases.dynamo import DEMAND_PK, DynamoCaseRepository
from frontdoor.cases.tables import CasesTable


@pytest.fixture
def store(aws: None) -> DynamoCaseRepository:
    from frontdoor.wiring import case_service

    case_service()  # binds the models to the environment's tables
    return DynamoCaseRepository()


def dynamodb_calls(client: BaseClient) -> list[str]:
    """Record the operation names this client sends from now on."""
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    client.meta.events.register("before-call.dynamodb", record)
    return calls


def test_each_count_is_one_update_and_the_counts_add_up(store: DynamoCaseRepository) -> None:
    calls = dynamodb_calls(CasesTable._get_connection().connection.client)
    store.count_demand("pothole", date(2026, 11, 19))
    store.count_demand("pothole", date(2026, 11, 19))
    store.count_demand("pothole", date(2026, 11, 20))
    store.count_demand("graffiti", date(2026, 11, 20))

    assert calls == ["UpdateItem"] * 4
    assert store.demand_between(date(2026, 11, 1), date(2026, 11, 30)) == {"pothole": 3, "graffiti": 1}


def test_the_read_is_one_query_bounded_by_the_days_inclusive(store: DynamoCaseRepository) -> None:
    for day in (date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1)):
        store.count_demand("pothole", day)
    calls = dynamodb_calls(CasesTable._get_connection().connection.client)

    assert store.demand_between(date(2026, 11, 1), date(2026, 11, 30)) == {"pothole": 2}
    assert calls == ["Query"]


def test_a_counter_is_an_item_of_its_own_kind_under_the_demand_key(store: DynamoCaseRepository) -> None:
    store.count_demand("missed_bin", date(2026, 11, 20))
    item = boto3.client("dynamodb").get_item(
        TableName=CasesTable.Meta.table_name,
        Key={"pk": {"S": DEMAND_PK}, "sk": {"S": "2026-11-20#missed_bin"}},
    )["Item"]
    assert item["kind"] == {"S": "demand"}
    assert item["requests"] == {"N": "1"}
    assert item["service_code"] == {"S": "missed_bin"}
