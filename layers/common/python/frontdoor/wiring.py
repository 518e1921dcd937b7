"""Builds the domain's services from the environment, once per process and only when first used."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any

from .cases.service import CaseService
from .catalogue import Catalogue, default_catalogue
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
        repository=DynamoCaseRepository(config.duplicate_radius_m),
        retention=timedelta(days=config.retention_days),
        duplicate_radius_m=config.duplicate_radius_m,
    )


def catalogue() -> Catalogue:
    return default_catalogue()


@lru_cache(maxsize=1)
def boto3_client(service: str) -> Any:
    import boto3

    return boto3.client(service)  # type: ignore[call-overload]
