"""Builds the domain's services from the environment, once per process and only when first used."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any

from .cases.model import NewReport
from .cases.service import CaseService
from .catalogue import default_catalogue
from .settings import settings


@lru_cache(maxsize=1)
def case_service() -> CaseService:
    from .cases.dynamo import DynamoCaseRepository
    from .cases.tables import bind_table_names
    from .geo.wards import default_wards

    config = settings()
    bind_table_names(config.cases_table, config.idempotency_table)
    return CaseService(
        catalogue=default_catalogue(),
        wards=default_wards(),
        repository=DynamoCaseRepository(),
        retention=timedelta(days=config.retention_days),
        duplicate_radius_m=config.duplicate_radius_m,
    )


@lru_cache(maxsize=1)
def open311_key_ring() -> Any:
    from .open311.api_keys import KeyRing

    return KeyRing(settings().api_keys_path, lambda: aws_client("ssm"))


@lru_cache(maxsize=1)
def idempotent_filing() -> Any:
    """Filing through powertools Idempotency: a retried submission gets the first answer.

    Returns (config, file): `file(submission={"key", "payload"}, report=NewReport)` files once per
    key for 10 minutes; the same key with another payload raises IdempotencyValidationError, and
    one still in flight IdempotencyAlreadyInProgressError. Refusals are not remembered.
    """
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    config = IdempotencyConfig(
        event_key_jmespath="key", payload_validation_jmespath="payload", expires_after_seconds=600
    )
    store = DynamoDBPersistenceLayer(
        table_name=settings().idempotency_table, boto3_client=aws_client("dynamodb")
    )

    @idempotent_function(data_keyword_argument="submission", persistence_store=store, config=config)
    def file(submission: dict[str, str], report: NewReport) -> dict[str, Any]:
        filed = case_service().file(report)
        return {"reference": filed.reference, "token": filed.token, "service_notice": filed.service_notice}

    return config, file


def _dynamodb_connection() -> Any:
    """pynamodb's connection to the cases table (bound to this stage's tables first)."""
    from .cases.tables import CasesTable

    case_service()
    return CasesTable._get_connection().connection


@lru_cache(maxsize=8)
def aws_client(service: str) -> Any:
    """A client on pynamodb's botocore session: one session per process loads endpoint and model
    data once (a second session, such as boto3's default, costs tens of ms of cold start)."""
    if service == "dynamodb":
        return _dynamodb_connection().client
    return _dynamodb_connection().session.create_client(service)
