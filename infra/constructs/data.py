"""The case store: a customer-managed KMS key and one DynamoDB table per pynamodb model.

The pynamodb models in ``frontdoor.cases.tables`` are the one definition of the tables: key schema,
attribute definitions, GSIs, the TTL attribute and the stream all come from ``Model._get_schema()`` and the
models' attributes, never restated here (tests/infra/test_tables_match_models.py holds us to it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct
from pynamodb.models import Model

from frontdoor.cases.tables import ALL_MODELS, ttl_attribute_name
from infra.acknowledge import acknowledge
from infra.config import StageConfig
from infra.constructs.common import removal_policy, stack_key

ATTRIBUTE_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}


@dataclass(frozen=True)
class Key:
    partition: dynamodb.Attribute
    sort: dynamodb.Attribute | None


@dataclass(frozen=True)
class TableDefinition:
    """What CDK needs to build a model's table, read off the model."""

    key: Key
    indexes: dict[str, Key]
    ttl_attribute: str | None
    stream: dynamodb.StreamViewType | None = None


def _key(key_schema: Iterable[dict[str, str]], types: dict[str, str]) -> Key:
    by_type = {k["KeyType"]: k["AttributeName"] for k in key_schema}
    attr = {
        name: dynamodb.Attribute(name=name, type=ATTRIBUTE_TYPES[types[name]]) for name in by_type.values()
    }
    return Key(partition=attr[by_type["HASH"]], sort=attr.get(by_type.get("RANGE", "")))


def table_definition(model: type[Model]) -> TableDefinition:
    """Key schema, GSIs and TTL of ``model``'s table, from pynamodb's own schema."""
    schema = model._get_schema()
    types = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    for index in schema["global_secondary_indexes"]:
        if index["projection"]["ProjectionType"] != "ALL":
            raise ValueError(f"{model.__name__}.{index['index_name']}: only ALL projections are supported")
    if schema["local_secondary_indexes"]:
        raise ValueError(f"{model.__name__}: local secondary indexes are not supported")
    return TableDefinition(
        key=_key(schema["key_schema"], types),
        indexes={i["index_name"]: _key(i["key_schema"], types) for i in schema["global_secondary_indexes"]},
        ttl_attribute=ttl_attribute_name(model),
        stream=_stream(model),
    )


def _stream(model: type[Model]) -> dynamodb.StreamViewType | None:
    """The model's stream (``Meta.stream_view_type``, as pynamodb's create_table reads it), if any."""
    view = getattr(model.Meta, "stream_view_type", None)
    return dynamodb.StreamViewType(view) if view else None


class Data(Construct):
    """The CMK and the DynamoDB tables; ``tables`` maps model name (``CasesTable``) to its table."""

    def __init__(self, scope: Construct, id: str, *, config: StageConfig) -> None:
        super().__init__(scope, id)
        removal = removal_policy(config)
        self.key = stack_key(
            self,
            "Key",
            config=config,
            description=f"Front Door {config.stage}: case store, logs and function environment",
        )

        self.tables: dict[str, dynamodb.Table] = {}
        for model in ALL_MODELS:
            definition = table_definition(model)
            table = dynamodb.Table(
                self,
                model.__name__,
                partition_key=definition.key.partition,
                sort_key=definition.key.sort,
                billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
                encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
                encryption_key=self.key,
                point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                    point_in_time_recovery_enabled=True
                ),
                time_to_live_attribute=definition.ttl_attribute,
                stream=definition.stream,
                deletion_protection=config.deletion_protection,
                removal_policy=removal,
            )
            for name, key in definition.indexes.items():
                table.add_global_secondary_index(
                    index_name=name,
                    partition_key=key.partition,
                    sort_key=key.sort,
                    projection_type=dynamodb.ProjectionType.ALL,
                )
            acknowledge(
                table,
                "NIST.800.53.R5-DynamoDBInBackupPlan",
                "Point-in-time recovery (35 days, continuous) is on for every table; an AWS Backup "
                "plan would duplicate it. Councils needing longer retention add their own plan.",
            )
            self.tables[model.__name__] = table
