"""Create the DynamoDB tables in the emulator from the pynamodb models the stack is built from."""

from __future__ import annotations

import os

from frontdoor import settings as config
from frontdoor.cases import tables
from frontdoor.cases.tables import ttl_attribute_name


def bind_tables_from_environment() -> None:
    """Use the table names the handlers will read from their environment."""
    tables.bind_table_names(
        cases=os.environ[config.CASES_TABLE],
        idempotency=os.environ[config.IDEMPOTENCY_TABLE],
        audit=os.environ.get(config.AUDIT_TABLE),
    )


def create_tables() -> list[str]:
    """Create every table (idempotent) with TTL enabled as in the stack; returns the table names."""
    bind_tables_from_environment()  # which also drops connections made for an earlier endpoint
    created = []
    for model in tables.ALL_MODELS:
        model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
        ttl_name = ttl_attribute_name(model)
        if ttl_name is not None:
            model._get_connection().update_time_to_live(ttl_name)
        created.append(model.Meta.table_name)
    return created
