"""Builds the domain's services from the environment, once per process and only when first used."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .cases.model import NewReport
from .cases.service import CaseService
from .catalogue import default_catalogue
from .settings import CALLER_SALT, EMAIL_FROM, SMS_ORIGINATION, settings

if TYPE_CHECKING:  # the phone line's modules load only in the functions that use them
    from .backoffice.roles import Actor
    from .backoffice.service import BackOffice
    from .cases.model import Update
    from .contacts.automated_line import AutomatedLine, FileOnce
    from .contacts.chat import ConnectChat
    from .messaging.ports import EmailMessages, TextMessages
    from .notifications.optout import OptOuts
    from .notifications.service import Notifier


@dataclass(frozen=True)
class CallLimits:
    """How long one AWS call may take: botocore's timeouts, and attempts in its standard retry mode."""

    connect_timeout_s: float
    read_timeout_s: float
    max_attempts: int


# Connect waits 3 s for a function: a slow or throttled call must fail fast, so the caller is put
# through to an advisor in time (contacts/connect.py bounds the whole answer as well).
PHONE_LINE_LIMITS = CallLimits(connect_timeout_s=0.5, read_timeout_s=0.8, max_attempts=2)
# Behind API Gateway (29 s): a failure must still answer in JSON before the gateway gives up.
CHAT_START_LIMITS = CallLimits(connect_timeout_s=1.0, read_timeout_s=3.0, max_attempts=2)
# The notifier runs in the background (stream-triggered): a hung call is retried, never waited out.
NOTIFIER_LIMITS = CallLimits(connect_timeout_s=2.0, read_timeout_s=5.0, max_attempts=3)
# A notification is sent once per update id while its record may still be delivered again: the
# stream keeps records for 24 hours, so two days covers every retry.
NOTIFIED_FOR_SECONDS = 2 * 24 * 3600
# None: the libraries' own defaults (the Open311 function's, unchanged).
_limits: CallLimits | None = None


def limit_aws_calls(limits: CallLimits | None) -> None:
    """Bound this process's AWS calls; services and clients already built are built again."""
    global _limits
    if limits != _limits:
        _limits = limits
        clear_caches()


@lru_cache(maxsize=1)
def case_service() -> CaseService:
    from .cases.dynamo import DynamoCaseRepository
    from .cases.tables import bind_table_names, limit_calls
    from .contacts.phone import CallerKeys
    from .geo.wards import default_wards

    config = settings()
    if _limits is not None:
        limit_calls(_limits.connect_timeout_s, _limits.read_timeout_s, _limits.max_attempts)
    bind_table_names(config.cases_table, config.idempotency_table, config.audit_table)
    return CaseService(
        catalogue=default_catalogue(),
        wards=default_wards(),
        repository=DynamoCaseRepository(),
        retention=timedelta(days=config.retention_days),
        duplicate_radius_m=config.duplicate_radius_m,
        caller_keys=CallerKeys(config.caller_salt) if config.caller_salt else None,
    )


@lru_cache(maxsize=1)
def back_office() -> BackOffice:
    """Staff actions on cases, audited in the audit table (the staff API's and the CLI's service)."""
    from .backoffice.dynamo import DynamoStaffStore
    from .backoffice.service import BackOffice
    from .contacts.links import NotConfigured
    from .settings import AUDIT_TABLE

    if not settings().audit_table:
        raise NotConfigured(AUDIT_TABLE)
    return BackOffice(cases=case_service(), store=DynamoStaffStore())


@lru_cache(maxsize=1)
def open311_key_ring() -> Any:
    from .open311.api_keys import KeyRing

    return KeyRing(settings().api_keys_path, lambda: aws_client("ssm"))


def _idempotent(data_keyword_argument: str, **config: Any) -> tuple[Any, Callable[[Any], Any]]:
    """powertools Idempotency on the stage's idempotency table: (its config, the decorator)."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    idempotency = IdempotencyConfig(**config)
    store = DynamoDBPersistenceLayer(
        table_name=settings().idempotency_table, boto3_client=aws_client("dynamodb")
    )
    decorator = idempotent_function(
        data_keyword_argument=data_keyword_argument, persistence_store=store, config=idempotency
    )
    return idempotency, decorator


# A retried submission within this window gets the first answer.
SUBMISSIONS_REMEMBERED_S = 600


def _once_per_submission() -> tuple[Any, Callable[[Any], Any]]:
    """Once per `submission={"key", "payload"}`: the same key with another payload is refused."""
    return _idempotent(
        "submission",
        event_key_jmespath="key",
        payload_validation_jmespath="payload",
        expires_after_seconds=SUBMISSIONS_REMEMBERED_S,
    )


@lru_cache(maxsize=1)
def idempotent_filing() -> Any:
    """Filing through powertools Idempotency: a retried submission gets the first answer.

    Returns (config, file): `file(submission={"key", "payload"}, report=NewReport)` files once per
    key for 10 minutes; the same key with another payload raises IdempotencyValidationError, and
    one still in flight IdempotencyAlreadyInProgressError. Refusals are not remembered.
    """
    config, once = _once_per_submission()

    @once
    def file(submission: dict[str, str], report: NewReport) -> dict[str, Any]:
        filed = case_service().file(report)
        return {"reference": filed.reference, "token": filed.token, "service_notice": filed.service_notice}

    return config, file


@lru_cache(maxsize=1)
def idempotent_logging() -> Any:
    """Staff logging a case through powertools Idempotency, as `idempotent_filing` is for residents.

    Returns (config, log): `log(submission={"key", "payload"}, actor=Actor, report=NewReport)` logs
    once per key (the caller's Idempotency-Key, within one member of staff or system) and returns
    the staff API's answer for the case, the same answer to a retry.
    """
    from .backoffice import views

    config, once = _once_per_submission()

    @once
    def log(submission: dict[str, str], actor: Actor, report: NewReport) -> dict[str, Any]:
        return views.filed(back_office().log_case(actor, report))

    return config, log


# --- the phone line and webchat ------------------------------------------------------------------
@lru_cache(maxsize=1)
def automated_line() -> AutomatedLine:
    """What the Connect-invoked functions answer with, on the phone line's call limits."""
    from .contacts.automated_line import AutomatedLine
    from .contacts.dynamo import DynamoContactRepository
    from .contacts.links import Links, NotConfigured
    from .contacts.phone import CallerKeys

    limit_aws_calls(PHONE_LINE_LIMITS)
    config = settings()
    if not config.caller_salt:
        raise NotConfigured(CALLER_SALT)
    return AutomatedLine(
        cases=case_service(),
        contacts=DynamoContactRepository(),
        texts=text_messages,
        caller_keys=CallerKeys(config.caller_salt),
        links=Links(config.web_base_url, config.payment_base_url),
        council_name=config.council_name,
    )


@lru_cache(maxsize=1)
def text_messages() -> TextMessages:
    """The local outbox when the local runtime set one, else End User Messaging SMS."""
    config = settings()
    if config.outbox_path:
        from .messaging.outbox import LocalOutbox

        return LocalOutbox(config.outbox_path)
    if not config.sms_origination:
        from .contacts.links import NotConfigured

        raise NotConfigured(SMS_ORIGINATION)
    from .messaging.sms import SERVICE, EndUserMessagingSms

    return EndUserMessagingSms(
        lambda: aws_client(SERVICE), config.sms_origination, config.sms_configuration_set
    )


def file_once_for(context: Any) -> FileOnce:
    """Filing for the automated line, once per key (the Connect contact), through `idempotent_filing`.

    Powertools is loaded only when a renewal is actually filed; the Lambda context lets it expire
    an in-progress record when the invocation times out.
    """

    def file_once(key: str, payload: str, report: NewReport) -> str:
        config, file = idempotent_filing()
        config.register_lambda_context(context)
        return str(file(submission={"key": key, "payload": payload}, report=report)["reference"])

    return file_once


@lru_cache(maxsize=1)
def connect_chat() -> ConnectChat:
    """Starting webchats on the council's Connect instance (the start-chat endpoint's one service)."""
    from .contacts.chat import ConnectChat
    from .settings import chat_settings

    limit_aws_calls(CHAT_START_LIMITS)
    config = chat_settings()
    return ConnectChat(connect_client, config.connect_instance_id, config.chat_flow_id)


@lru_cache(maxsize=1)
def connect_client() -> Any:
    """Amazon Connect's API, on a botocore session of its own: the start-chat endpoint has no table."""
    import botocore.session

    return botocore.session.get_session().create_client("connect", config=_client_config())


# --- keeping residents informed -------------------------------------------------------------------
@lru_cache(maxsize=1)
def notifier() -> Notifier:
    """Tells residents of public updates; a channel the stage has not set up is left out (None)."""
    from .contacts.links import Links
    from .notifications.dynamo import DynamoOptOutStore
    from .notifications.service import Notifier

    limit_aws_calls(NOTIFIER_LIMITS)
    config = settings()
    service = case_service()
    return Notifier(
        cases=service.repository,
        catalogue=service.catalogue,
        opt_outs=DynamoOptOutStore(),
        links=Links(config.web_base_url, config.payment_base_url),
        council_name=config.council_name,
        emails=email_messages if config.outbox_path or config.email_from else None,
        texts=text_messages if config.outbox_path or config.sms_origination else None,
    )


@lru_cache(maxsize=1)
def email_messages() -> EmailMessages:
    """The local outbox when the local runtime set one, else Amazon SES from the stage's sender."""
    config = settings()
    if config.outbox_path:
        from .messaging.outbox import LocalOutbox

        return LocalOutbox(config.outbox_path)
    if not config.email_from:
        from .contacts.links import NotConfigured

        raise NotConfigured(EMAIL_FROM)
    from .messaging.ses import SERVICE, SesEmail

    return SesEmail(
        lambda: aws_client(SERVICE),
        config.email_from,
        sender_name=config.council_name,
        reply_to=config.contact_email,
        configuration_set=config.email_configuration_set,
    )


@lru_cache(maxsize=1)
def idempotent_notifying() -> Any:
    """Notifying through powertools Idempotency: a record delivered again never sends twice.

    Returns (config, notify): `notify(key={"update_id": ...}, update=Update)` tells the resident once
    per update id for NOTIFIED_FOR_SECONDS and returns the outcome (a dict of codes, no personal
    data, which is what the idempotency record keeps). A failed send keeps no record, so a retry
    sends; one still in flight raises IdempotencyAlreadyInProgressError (the record is retried).
    """
    limit_aws_calls(NOTIFIER_LIMITS)  # first: it forgets what was built before
    config, once = _idempotent(
        "key",
        event_key_jmespath="update_id",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=NOTIFIED_FOR_SECONDS,
    )

    @once
    def notify(key: dict[str, str], update: Update) -> dict[str, str]:
        return notifier().notify(update).as_dict()

    return config, notify


@lru_cache(maxsize=1)
def opt_outs() -> OptOuts:
    """The residents' opt-out links (the opt-out page's one service)."""
    from .notifications.dynamo import DynamoOptOutStore
    from .notifications.optout import OptOuts

    case_service()  # binds the models to this stage's tables
    return OptOuts(DynamoOptOutStore())


# --- AWS clients ---------------------------------------------------------------------------------
def _dynamodb_connection() -> Any:
    """pynamodb's connection to the cases table (bound to this stage's tables first)."""
    from .cases.tables import CasesTable

    case_service()
    return CasesTable._get_connection().connection


@lru_cache(maxsize=1)
def _botocore_session() -> Any:
    # Held here: pynamodb keeps its session per thread, and Connect functions work on a fresh thread.
    return _dynamodb_connection().session


@lru_cache(maxsize=8)
def aws_client(service: str) -> Any:
    """A client on pynamodb's botocore session: one session per process loads endpoint and model
    data once (a second session, such as boto3's default, costs tens of ms of cold start)."""
    if service == "dynamodb":
        return _dynamodb_connection().client
    return _botocore_session().create_client(service, config=_client_config())


def _client_config() -> Any:
    if _limits is None:
        return None
    from botocore.config import Config

    return Config(
        connect_timeout=_limits.connect_timeout_s,
        read_timeout=_limits.read_timeout_s,
        retries={"mode": "standard", "total_max_attempts": _limits.max_attempts},
    )


_CACHES = (
    case_service,
    back_office,
    open311_key_ring,
    idempotent_filing,
    idempotent_logging,
    automated_line,
    text_messages,
    connect_chat,
    connect_client,
    notifier,
    email_messages,
    idempotent_notifying,
    opt_outs,
    _botocore_session,
    aws_client,
)


def clear_caches() -> None:
    """Forget every service and client built so far (tests do, between mock accounts)."""
    for cached in _CACHES:
        cached.cache_clear()
