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
    if not ttl:  # the audit: kept for good
        assert "TimeToLiveSpecification" not in table
        return
    assert {table["TimeToLiveSpecification"]["AttributeName"]} == ttl
    assert table["TimeToLiveSpecification"]["Enabled"] is True


def test_the_tables_make_run_creates_are_the_tables_the_stack_deploys(synth):
    """Compare the two directly: DescribeTable on the emulation against the synthesized template."""
    import boto3
    from moto import mock_aws

    from local.tables import create_tables

    with mock_aws():
        create_tables()
        client = boto3.client("dynamodb", region_name="eu-west-2")
        for model in ALL_MODELS:
            local = client.describe_table(TableName=model.Meta.table_name)["Table"]
            ttl = client.describe_time_to_live(TableName=model.Meta.table_name)["TimeToLiveDescription"]
            stack = synth.resource_of(synth.stack.data.tables[model.__name__])["Properties"]

            assert _keys(local["KeySchema"]) == _keys(stack["KeySchema"])
            assert _attributes(local["AttributeDefinitions"]) == _attributes(stack["AttributeDefinitions"])
            assert _synthesized_indexes(local) == _synthesized_indexes(stack)
            assert local["BillingModeSummary"]["BillingMode"] == stack["BillingMode"] == "PAY_PER_REQUEST"
            assert ttl.get("AttributeName") == stack.get("TimeToLiveSpecification", {}).get("AttributeName")
