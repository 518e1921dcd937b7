"""Typed environment of the Lambda functions.

The variable names are constants shared by infra (which sets them), the local runtime and tests.
Settings are read lazily, once per process, so importing a module never reads the environment.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Annotated, Any, TypeVar

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
# Phone and webchat (optional: the Open311 function needs none of them, except the caller salt,
# which every function that files cases should share so a web report is known on the phone).
CALLER_SALT = "CALLER_NUMBER_SALT"
WEB_BASE_URL = "RESIDENT_WEB_BASE_URL"
PAYMENT_BASE_URL = "PAYMENT_LINK_BASE_URL"
SMS_ORIGINATION = "SMS_ORIGINATION_IDENTITY"
SMS_CONFIGURATION_SET = "SMS_CONFIGURATION_SET"
OUTBOX_PATH = "LOCAL_OUTBOX_PATH"
# Keeping residents informed: the address emails come from (an Amazon SES verified identity) and
# the SES configuration set they go through (optional).
EMAIL_FROM = "NOTIFICATION_EMAIL_FROM"
EMAIL_CONFIGURATION_SET = "SES_CONFIGURATION_SET"
CONNECT_INSTANCE_ID = "CONNECT_INSTANCE_ID"
CONNECT_CHAT_FLOW_ID = "CONNECT_CHAT_FLOW_ID"
# The back office: the append-only audit table of staff actions (staff functions only).
AUDIT_TABLE = "AUDIT_TABLE_NAME"
# Staff sign-in (the console signs in server-side with InitiateAuth on this user pool's app client).
STAFF_USER_POOL_ID = "STAFF_USER_POOL_ID"
STAFF_CLIENT_ID = "STAFF_CONSOLE_CLIENT_ID"


_VARIABLES = {
    "cases_table": CASES_TABLE,
    "idempotency_table": IDEMPOTENCY_TABLE,
    "api_keys_path": API_KEYS_PATH,
    "jurisdiction_id": JURISDICTION_ID,
    "retention_days": RETENTION_DAYS,
    "duplicate_radius_m": DUPLICATE_RADIUS,
    "council_name": COUNCIL_NAME,
    "contact_email": CONTACT_EMAIL,
    "caller_salt": CALLER_SALT,
    "web_base_url": WEB_BASE_URL,
    "payment_base_url": PAYMENT_BASE_URL,
    "sms_origination": SMS_ORIGINATION,
    "sms_configuration_set": SMS_CONFIGURATION_SET,
    "outbox_path": OUTBOX_PATH,
    "email_from": EMAIL_FROM,
    "email_configuration_set": EMAIL_CONFIGURATION_SET,
    "connect_instance_id": CONNECT_INSTANCE_ID,
    "chat_flow_id": CONNECT_CHAT_FLOW_ID,
    "audit_table": AUDIT_TABLE,
    "staff_user_pool_id": STAFF_USER_POOL_ID,
    "staff_client_id": STAFF_CLIENT_ID,
}

HttpUrl = Annotated[str, Meta(pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")]
HttpsUrl = Annotated[str, Meta(pattern=r"^https://[^\s/?#]+(/[^\s?#]*)?$")]
# An SMS origination identity (phone number, sender ID, pool) or a configuration set, by id or ARN.
SmsName = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_:/+-]{1,256}$")]
ConnectId = Annotated[str, Meta(pattern=r"^[A-Za-z0-9:/_-]{1,500}$")]
EmailAddress = Annotated[str, Meta(pattern=r"^[^@\s<>]{1,64}@[^@\s<>]+\.[^@\s<>]{2,}$")]
SesName = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    cases_table: Annotated[str, Meta(min_length=3)]
    idempotency_table: Annotated[str, Meta(min_length=3)]
    api_keys_path: Annotated[str, Meta(pattern=r"^/[\w./-]+$")]
    jurisdiction_id: Annotated[str, Meta(min_length=1)]
    retention_days: Annotated[int, Meta(ge=1, le=3650)]
    duplicate_radius_m: Annotated[int, Meta(ge=10, le=500)]  # within geo.nearby.MAX_RADIUS_M
    council_name: Annotated[str, Meta(min_length=1)]
    contact_email: Annotated[str, Meta(min_length=3)]
    # The secret that keys callers' items by a hash of their number, never the number itself.
    caller_salt: Annotated[str, Meta(min_length=16)] | None = None
    # The residents' site, for "text me a link to do this online".
    web_base_url: HttpUrl | None = None
    # The council's secure payment page; a case reference is appended. HTTPS only.
    payment_base_url: HttpsUrl | None = None
    sms_origination: SmsName | None = None
    sms_configuration_set: SmsName | None = None
    # Set by the local runtime only: texts are written to this file instead of being sent.
    outbox_path: Annotated[str, Meta(min_length=1)] | None = None
    # Emails to residents (the notifier): from this SES identity, through this configuration set.
    email_from: EmailAddress | None = None
    email_configuration_set: SesName | None = None
    # Where staff actions are audited; functions without it cannot run the back office.
    audit_table: Annotated[str, Meta(min_length=3)] | None = None
    # The staff user pool and the console's app client (no secret: see docs/ARCHITECTURE.md).
    staff_user_pool_id: Annotated[str, Meta(pattern=r"^[\w-]+_[0-9a-zA-Z]+$")] | None = None
    staff_client_id: Annotated[str, Meta(pattern=r"^[\w+]{1,128}$")] | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read and check the variables; a missing or bad one fails naming the variable."""
        return _from_env(cls, env)


class ChatSettings(msgspec.Struct, frozen=True, kw_only=True):
    """The start-chat endpoint's own settings: it talks to Amazon Connect, never to the case store."""

    connect_instance_id: ConnectId
    chat_flow_id: ConnectId

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ChatSettings:
        return _from_env(cls, env)


_S = TypeVar("_S", bound=msgspec.Struct)


def _from_env(cls: type[_S], env: dict[str, str] | None) -> _S:
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {
        name: env[variable]
        for name, variable in _VARIABLES.items()
        if variable in env and name in cls.__struct_fields__
    }
    try:
        return msgspec.convert(values, cls, strict=False)  # strict=False: "365" -> 365
    except msgspec.ValidationError as error:
        field = str(error).rpartition("$.")[2].rstrip("`")
        raise ValueError(f"{_VARIABLES.get(field, field)}: {error}") from error


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, validated at first use (cold start)."""
    return Settings.from_env()


@lru_cache(maxsize=1)
def chat_settings() -> ChatSettings:
    return ChatSettings.from_env()
