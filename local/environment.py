"""The environment the handlers expect, with local defaults (anything already set wins)."""

from __future__ import annotations

import os
from pathlib import Path

from frontdoor import settings as config
from web.settings import MAIN_PHONE_NUMBER

DEFAULT_API_KEY = "local-dev-key"
API_KEY_VARIABLE = "OPEN311_API_KEY"
LOCAL_CLIENT_NAME = "local-dev"
# Texts make run would have sent, one JSON line each (the folder is git-ignored).
LOCAL_OUTBOX = Path(__file__).resolve().parent / "outbox" / "messages.jsonl"

HANDLER_DEFAULTS = {
    config.CASES_TABLE: "frontdoor-local-cases",
    config.IDEMPOTENCY_TABLE: "frontdoor-local-idempotency",
    config.AUDIT_TABLE: "frontdoor-local-audit",
    config.API_KEYS_PATH: "/frontdoor/local/open311/clients",
    config.JURISDICTION_ID: "frontdoor.local",
    config.RETENTION_DAYS: "365",
    config.DUPLICATE_RADIUS: "50",
    config.COUNCIL_NAME: "Example Borough Council (local)",
    config.CONTACT_EMAIL: "customer.services@example.invalid",
    # Not a secret here: in AWS it is one per stage, shared by every function that files cases.
    config.CALLER_SALT: "local-caller-salt-not-a-secret",
    config.WEB_BASE_URL: "http://127.0.0.1:8080",
    config.PAYMENT_BASE_URL: "https://pay.example.invalid/garden-waste",
    config.OUTBOX_PATH: str(LOCAL_OUTBOX),
    # The site's "call us" number: one of Ofcom's numbers for drama, which can never ring anyone.
    MAIN_PHONE_NUMBER: "+441632960000",
    # make run has no Amazon Connect: start_chat answers 503 locally unless pointed at a real one.
    config.CONNECT_INSTANCE_ID: "00000000-0000-4000-8000-000000000000",
    config.CONNECT_CHAT_FLOW_ID: "00000000-0000-4000-8000-000000000001",
    "POWERTOOLS_SERVICE_NAME": "frontdoor",
    "POWERTOOLS_METRICS_NAMESPACE": "FrontDoor",
    # No X-Ray daemon here.
    "POWERTOOLS_TRACE_DISABLED": "true",
}


def apply_handler_environment() -> dict[str, str]:
    """Set the handlers' variables that are not already set; returns the values in force."""
    for name, value in HANDLER_DEFAULTS.items():
        os.environ.setdefault(name, value)
    return {name: os.environ[name] for name in HANDLER_DEFAULTS}


def api_key() -> str:
    return os.environ.get(API_KEY_VARIABLE) or DEFAULT_API_KEY
