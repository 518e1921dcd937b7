"""The synthesized tables are the pynamodb models' tables: the local runtime creates its tables from
the same models (``Model._get_schema()``), so the two cannot drift apart unnoticed."""

from __future__ import annotations

from typing import Any

import pytest
from pynamodb.attributes import TTLAttribute

from frontdoor.cases.tables import ALL_MODELS


def _keys(key_schema: list[dict[str, str]]) -> list[tuple[str, str]]:
    return sorted((k["KeyType"], k["AttributeName"]) for k in key_schema)


def _attributes(definitions: list[dict[str, str]]) -> list[tuple[str, str]]:
    return sorted((a["AttributeName"], a["AttributeType"]) for a in definitions)


def _synthesized_indexes(table: dict[str, Any]) -> dict[str, Any]:
    return {
        i["IndexName"]: (_keys(i["KeySchema"]), i["Projection"])
        for i in table.get("GlobalSecondaryIndexes", [])
    }


def _model_indexes(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        i["index_name"]: (_keys(i["key_schema"]), i["projection"]) for i in schema["global_secondary_indexes"]
    }


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_synthesized_table_equals_model_schema(synth, model):
    table = synth.resource_of(synth.stack.data.tables[model.__name__])["Properties"]
    schema = model._get_schema()

    assert _keys(table["KeySchema"]) == _keys(schema["key_schema"])
    assert table["KeySchema"][0]["KeyType"] == "HASH"  # DynamoDB wants the partition key first
    assert _attributes(table["AttributeDefinitions"]) == _attributes(schema["attribute_definitions"])
    assert _synthesized_indexes(table) == _model_indexes(schema)
    assert not schema["local_secondary_indexes"] and "LocalSecondaryIndexes" not in table


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_ttl_is_the_models_ttl_attribute(synth, model):
    items = [model, *model.__subclasses__()]  # discriminated item classes share the table
    ttl = {a.attr_name for cls in items for a in cls.get_attributes().values() if isinstance(a, TTLAttribute)}
    table = synth.resource_of(synth.stack.data.tables[model.__name__])["Properties"]
    assert {table["TimeToLiveSpecification"]["AttributeName"]} == ttl
    assert table["TimeToLiveSpecification"]["Enabled"] is True
