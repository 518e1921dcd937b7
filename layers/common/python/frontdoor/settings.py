"""Typed environment of the Lambda functions.

The variable names are constants shared by infra (which sets them), the local runtime and tests.
Settings are read lazily, once per process, so importing a module never reads the environment.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Annotated

import msgspec
from msgspec import Meta

CASES_TABLE = "CASES_TABLE_NAME"
IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE_NAME"
API_KEYS_PATH = "OPEN311_API_KEYS_PATH"
JURISDICTION_ID = "OPEN311_JURISDICTION_ID"
RETENTION_DAYS = "PERSONAL_DATA_RETENTION_DAYS"
DUPLICATE_RADIUS = "DUPLICATE_RADIUS_METRES"
COUNCIL_NAME = "COUNCIL_NAME"
CONTACT_EMAIL = "COUNCIL_CONTACT_EMAIL"


_VARIABLES = {
    "cases_table": CASES_TABLE,
    "idempotency_table": IDEMPOTENCY_TABLE,
    "api_keys_path": API_KEYS_PATH,
    "jurisdiction_id": JURISDICTION_ID,
    "retention_days": RETENTION_DAYS,
    "duplicate_radius_m": DUPLICATE_RADIUS,
    "council_name": COUNCIL_NAME,
    "contact_email": CONTACT_EMAIL,
}


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    cases_table: Annotated[str, Meta(min_length=3)]
    idempotency_table: Annotated[str, Meta(min_length=3)]
    api_keys_path: Annotated[str, Meta(pattern=r"^/[\w./-]+$")]
    jurisdiction_id: Annotated[str, Meta(min_length=1)]
    retention_days: Annotated[int, Meta(ge=1, le=3650)]
    duplicate_radius_m: Annotated[int, Meta(ge=10, le=500)]  # within geo.nearby.MAX_RADIUS_M
    council_name: Annotated[str, Meta(min_length=1)]
    contact_email: Annotated[str, Meta(min_length=3)]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read and check the variables; a missing or bad one fails naming the variable."""
        env = dict(os.environ) if env is None else env
        values = {name: env[variable] for name, variable in _VARIABLES.items() if variable in env}
        try:
            return msgspec.convert(values, cls, strict=False)  # strict=False: "365" -> 365
        except msgspec.ValidationError as error:
            field = str(error).rpartition("$.")[2].rstrip("`")
            raise ValueError(f"{_VARIABLES.get(field, field)}: {error}") from error


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, validated at first use (cold start)."""
    return Settings.from_env()
