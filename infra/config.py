"""Typed configuration of a Front Door stage (dev, prod).

One validated model per stage; synth reads nothing else (no AWS call, no git call). A mistyped
value fails at synth with a pydantic ``ValidationError`` that names the field.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
HTTPS_URL = r"^https://[^\s/?#]+(/[^\s?#]*)?$"
SMS_ARN = r"^arn:aws[a-z-]*:sms-voice:[a-z]{2}(-[a-z]+)+-\d:\d{12}:"
HOSTNAME = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
# CloudFront takes certificates from ACM in us-east-1 only, whatever the stage's region.
EDGE_REGION = "us-east-1"
ACM_CERTIFICATE_ARN = rf"^arn:aws[a-z-]*:acm:{EDGE_REGION}:\d{{12}}:certificate/[0-9a-f-]{{36}}$"
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


class PhoneNumberConfig(BaseModel):
    """A UK number claimed for the contact centre: CloudFormation claims whichever number Amazon
    Connect offers of this type (and prefix, when given), so the number itself is an output."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: Literal["GB"] = "GB"
    type: Literal["DID", "TOLL_FREE"] = "DID"
    prefix: str | None = Field(
        default=None, pattern=r"^\+44\d{0,6}$", description="e.g. +44 or +4420 (London); None: any"
    )


class ConnectStageConfig(BaseModel):
    """The stage's Amazon Connect contact centre (what callers hear lives in frontdoor/flows)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    # The instance's URL is https://<alias>.my.connect.aws: unique across every AWS account.
    instance_alias: str = Field(min_length=1, max_length=45, pattern=r"^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$")
    existing_instance_arn: str | None = Field(
        default=None,
        pattern=r"^arn:aws[a-z-]*:connect:[a-z]{2}(-[a-z]+)+-\d:\d{12}:instance/[0-9a-f-]{36}$",
        description="attach to the council's own instance instead of creating one",
    )
    # An instance keeps one storage place per kind of record, and a council's existing instance has
    # its own already: Front Door's recordings bucket and contact-record stream replace them only
    # when this says so (an instance Front Door creates always gets them).
    storage_on_existing_instance: bool = False
    main_number: PhoneNumberConfig = PhoneNumberConfig()
    telecare_number: PhoneNumberConfig | None = None
    recordings_retention_days: int = Field(ge=1, le=3650)
    ctr_stream_retention_hours: int = Field(default=24, ge=24, le=8760)
    # What the automated line texts: links to the residents' site and to the council's payment page.
    web_base_url: str | None = Field(default=None, pattern=HTTPS_URL)
    payment_base_url: str | None = Field(default=None, pattern=HTTPS_URL)
    # AWS End User Messaging SMS: the council's registered origination identity (phone number, pool
    # or sender ID) and optional configuration set, by ARN. None: no texts (callers go to an advisor).
    sms_origination_arn: str | None = Field(
        default=None, pattern=SMS_ARN + r"(phone-number|pool|sender-id)/[A-Za-z0-9_/+-]{1,200}$"
    )
    sms_configuration_set_arn: str | None = Field(
        default=None, pattern=SMS_ARN + r"configuration-set/[A-Za-z0-9_-]{1,64}$"
    )

    @field_validator("instance_alias")
    @classmethod
    def _alias_is_not_a_directory_id(cls, value: str) -> str:
        if value.startswith("d-"):
            raise ValueError("an instance alias may not start with 'd-' (directory IDs do)")
        return value


class EdgeConfig(BaseModel):
    """The CloudFront distribution in front of the site, the API and the static assets, and its WAF."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # The council's own name for the site (e.g. report.example.gov.uk) and an ACM certificate for it
    # in us-east-1; None: the distribution's own *.cloudfront.net name and certificate.
    domain_name: str | None = Field(default=None, max_length=253, pattern=HOSTNAME)
    certificate_arn: str | None = Field(default=None, pattern=ACM_CERTIFICATE_ARN)
    # 100: edge locations in Europe and North America (UK residents); 200 and All add the rest.
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = "PriceClass_100"
    # Requests one IP address may make in any 5 minutes before the edge WAF blocks it.
    waf_rate_limit_per_5min: int = Field(default=500, ge=10, le=2_000_000_000)
    # The header that lets CloudFront's requests (only) through to the API comes from a generated
    # secret; raising this replaces the secret, and the next deploy changes CloudFront and the API's
    # web ACL together (requests may be refused for the minutes CloudFront takes to propagate).
    origin_secret_generation: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _domain_comes_with_its_certificate(self) -> EdgeConfig:
        if (self.domain_name is None) != (self.certificate_arn is None):
            raise ValueError("edge.domain_name and edge.certificate_arn go together: set both or neither")
        return self


class NotificationsConfig(BaseModel):
    """Keeping residents informed: emails through Amazon SES, and texts through the contact centre's
    End User Messaging SMS sender (``connect.sms_origination_arn``) when it has one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    # The address residents' emails come from (None: the stage's contact_email). It must belong to
    # an identity verified in Amazon SES in the stage's account and region: README, "Emails to residents".
    email_from: str | None = Field(default=None, pattern=EMAIL)
    # That identity, when it is the address itself rather than the address's domain.
    email_identity: str | None = Field(default=None, max_length=320, pattern=r"^[^\s@]+(@[^\s@]+)?$")


class StaffConfig(BaseModel):
    """The back office: staff sign-in (a Cognito user pool) and the staff API (Cognito for staff,
    IAM for system integrations), with its own throttling and firewall."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    api_throttle: ApiThrottle = ApiThrottle(rate_limit=20, burst_limit=40)
    # Requests one IP address may make in any 5 minutes before the staff API's WAF blocks it.
    waf_rate_limit_per_5min: int = Field(default=1000, ge=10, le=2_000_000_000)
    # How long a sign-in lasts: ID and access tokens (minutes), then a refresh token (hours), such
    # as a working day, after which staff sign in again (with their authenticator app).
    token_validity_minutes: int = Field(default=60, ge=5, le=1440)
    refresh_token_validity_hours: int = Field(default=10, ge=1, le=24 * 30)


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
    log_retention_days: int = Field(default=90)
    reserved_concurrency: int | None = Field(
        default=None, ge=1, description="None: off (new accounts have low concurrency quotas)"
    )
    deletion_protection: bool = False
    alarm_email: str | None = Field(default=None, pattern=EMAIL)
    connect: ConnectStageConfig
    notifications: NotificationsConfig = NotificationsConfig()
    staff: StaffConfig = StaffConfig()
    edge: EdgeConfig = EdgeConfig()

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

    @model_validator(mode="after")
    def _connect_arns_are_the_stages(self) -> StageConfig:
        """An existing instance or SMS identity elsewhere could not be used by this stage."""
        for field in ("existing_instance_arn", "sms_origination_arn", "sms_configuration_set_arn"):
            arn = getattr(self.connect, field)
            if arn is None:
                continue
            region, account = arn.split(":")[3:5]
            if region != self.region:
                raise ValueError(f"connect.{field} is in {region}, the stage in {self.region}")
            if self.account and account != self.account:
                raise ValueError(f"connect.{field} belongs to another account than the stage's")
        return self

    @model_validator(mode="after")
    def _certificate_is_the_stages(self) -> StageConfig:
        arn = self.edge.certificate_arn
        if arn and self.account and arn.split(":")[4] != self.account:
            raise ValueError("edge.certificate_arn belongs to another account than the stage's")
        return self

    @property
    def is_prod(self) -> bool:
        return self.stage == "prod"

    @property
    def email_sender(self) -> str:
        """The address residents' emails come from."""
        return self.notifications.email_from or self.contact_email

    @property
    def email_identity(self) -> str:
        """The SES identity residents' emails are sent as: the sender's domain unless configured."""
        return self.notifications.email_identity or self.email_sender.rpartition("@")[2]

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
        edge=EdgeConfig(waf_rate_limit_per_5min=300),
        log_retention_days=14,
        deletion_protection=False,
        connect=ConnectStageConfig(
            instance_alias="example-borough-frontdoor-dev",
            main_number=PhoneNumberConfig(type="DID", prefix="+44"),
            recordings_retention_days=30,
            ctr_stream_retention_hours=24,
            web_base_url="https://frontdoor-dev.example.gov.uk",
            payment_base_url="https://pay.example.gov.uk/frontdoor-dev",
        ),
    ),
    "prod": StageConfig(
        stage="prod",
        **_COMMON,
        api_throttle=ApiThrottle(rate_limit=100, burst_limit=200),
        edge=EdgeConfig(waf_rate_limit_per_5min=1000),
        log_retention_days=400,
        deletion_protection=True,
        connect=ConnectStageConfig(
            instance_alias="example-borough-frontdoor",
            main_number=PhoneNumberConfig(type="DID", prefix="+44"),
            telecare_number=PhoneNumberConfig(type="DID", prefix="+44"),
            # Recordings of calls are personal data: kept as long as the rest of a resident's.
            recordings_retention_days=730,
            ctr_stream_retention_hours=168,
            web_base_url="https://frontdoor.example.gov.uk",
            payment_base_url="https://pay.example.gov.uk/frontdoor",
        ),
    ),
}


def load_stage(name: str) -> StageConfig:
    """The config of stage ``name``; a clear error for an unknown stage."""
    try:
        return STAGES[name]
    except KeyError:
        raise KeyError(f"unknown stage {name!r}: choose one of {sorted(STAGES)}") from None
