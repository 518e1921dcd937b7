"""Typed configuration of a Front Door stage (dev, prod).

One validated model per stage; synth reads nothing else (no AWS call, no git call). A mistyped
value fails at synth with a pydantic ``ValidationError`` that names the field.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# The retention periods CloudWatch Logs accepts, in days.
LOG_RETENTION_DAYS = (
    *(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731),
    *(1096, 1827, 2192, 2557, 2922, 3288, 3653),
)
Tag = Annotated[str, Field(min_length=1, max_length=256, pattern=r"^[\w .:/=+\-@]+$")]


class ApiThrottle(BaseModel):
    """API Gateway stage throttling (token bucket shared by every client)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rate_limit: float = Field(gt=0, le=10_000, description="steady-state requests per second")
    burst_limit: int = Field(gt=0, le=5_000, description="bucket size")


class StageConfig(BaseModel):
    """Everything that differs between stages, validated before any construct is built."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: str = Field(pattern=r"^[a-z][a-z0-9-]{1,14}$")
    council_name: str = Field(min_length=1, max_length=120)
    account: str | None = Field(default=None, pattern=r"^\d{12}$")
    region: str = Field(default="eu-west-2", pattern=r"^[a-z]{2}(-[a-z]+)+-\d$")
    contract: Tag
    cost_centre: Tag
    jurisdiction_id: str = Field(min_length=1, max_length=120)
    contact_email: str = Field(pattern=EMAIL)
    personal_data_retention_days: int = Field(ge=1, le=3650)
    duplicate_radius_m: int = Field(default=50, ge=10, le=1000)
    api_throttle: ApiThrottle = ApiThrottle(rate_limit=50, burst_limit=100)
    waf_rate_limit_per_5min: int = Field(default=500, ge=10, le=2_000_000_000)
    log_retention_days: int = Field(default=90)
    reserved_concurrency: int | None = Field(
        default=None, ge=1, description="None: off (new accounts have low concurrency quotas)"
    )
    deletion_protection: bool = False
    alarm_email: str | None = Field(default=None, pattern=EMAIL)

    @field_validator("log_retention_days")
    @classmethod
    def _log_retention_is_a_cloudwatch_value(cls, value: int) -> int:
        if value not in LOG_RETENTION_DAYS:
            raise ValueError(f"CloudWatch Logs retention must be one of {list(LOG_RETENTION_DAYS)}")
        return value

    @model_validator(mode="after")
    def _prod_is_protected(self) -> StageConfig:
        if self.is_prod and not self.deletion_protection:
            raise ValueError("deletion_protection must be on for prod")
        return self

    @property
    def is_prod(self) -> bool:
        return self.stage == "prod"

    @property
    def api_keys_path(self) -> str:
        """SSM path under which the hashed Open311 api_keys of this stage live."""
        return f"/frontdoor/{self.stage}/open311/clients"

    @property
    def tags(self) -> dict[str, str]:
        """Cost allocation and ownership tags carried by every resource."""
        return {
            "project": "frontdoor",
            "stage": self.stage,
            "contract": self.contract,
            "cost-centre": self.cost_centre,
        }

    @property
    def service_name(self) -> str:
        return re.sub(r"[^a-z0-9-]", "", f"frontdoor-{self.stage}")


_COMMON = {
    "council_name": "Example Borough Council",
    "contract": "FD-2026-001",
    "cost_centre": "CS-4410",
    "jurisdiction_id": "example.gov.uk",
    "contact_email": "customer.services@example.gov.uk",
    "personal_data_retention_days": 730,
    "duplicate_radius_m": 50,
}

STAGES: dict[str, StageConfig] = {
    "dev": StageConfig(
        stage="dev",
        **_COMMON,
        api_throttle=ApiThrottle(rate_limit=10, burst_limit=20),
        waf_rate_limit_per_5min=300,
        log_retention_days=14,
        deletion_protection=False,
    ),
    "prod": StageConfig(
        stage="prod",
        **_COMMON,
        api_throttle=ApiThrottle(rate_limit=100, burst_limit=200),
        waf_rate_limit_per_5min=1000,
        log_retention_days=400,
        deletion_protection=True,
    ),
}


def load_stage(name: str) -> StageConfig:
    """The config of stage ``name``; a clear error for an unknown stage."""
    try:
        return STAGES[name]
    except KeyError:
        raise KeyError(f"unknown stage {name!r}: choose one of {sorted(STAGES)}") from None
