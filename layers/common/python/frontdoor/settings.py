"""Typed environment of the Lambda functions.

The variable names are constants shared by infra (which sets them), the local runtime and tests.
Settings are read lazily, once per process, so importing a module never reads the environment.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, Field

CASES_TABLE = "CASES_TABLE_NAME"
IDEMPOTENCY_TABLE = "IDEMPOTENCY_TABLE_NAME"
API_KEYS_PATH = "OPEN311_API_KEYS_PATH"
JURISDICTION_ID = "OPEN311_JURISDICTION_ID"
RETENTION_DAYS = "PERSONAL_DATA_RETENTION_DAYS"
DUPLICATE_RADIUS = "DUPLICATE_RADIUS_METRES"
COUNCIL_NAME = "COUNCIL_NAME"
CONTACT_EMAIL = "COUNCIL_CONTACT_EMAIL"


class Settings(BaseModel):
    cases_table: str = Field(min_length=3)
    idempotency_table: str = Field(min_length=3)
    api_keys_path: str = Field(pattern=r"^/[\w./-]+$")
    jurisdiction_id: str = Field(min_length=1)
    retention_days: int = Field(ge=1, le=3650)
    duplicate_radius_m: int = Field(ge=10, le=1000)
    council_name: str = Field(min_length=1)
    contact_email: str = Field(min_length=3)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ) if env is None else env
        return cls(
            cases_table=env.get(CASES_TABLE, ""),
            idempotency_table=env.get(IDEMPOTENCY_TABLE, ""),
            api_keys_path=env.get(API_KEYS_PATH, ""),
            jurisdiction_id=env.get(JURISDICTION_ID, ""),
            retention_days=int(env.get(RETENTION_DAYS, "0") or 0),
            duplicate_radius_m=int(env.get(DUPLICATE_RADIUS, "0") or 0),
            council_name=env.get(COUNCIL_NAME, ""),
            contact_email=env.get(CONTACT_EMAIL, ""),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, validated at first use (cold start)."""
    return Settings.from_env()
