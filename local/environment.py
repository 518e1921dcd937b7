"""The environment the handlers expect, with local defaults (anything already set wins)."""

from __future__ import annotations

import os

from frontdoor import settings as config

DEFAULT_API_KEY = "local-dev-key"
API_KEY_VARIABLE = "OPEN311_API_KEY"
LOCAL_CLIENT_NAME = "local-dev"

HANDLER_DEFAULTS = {
    config.CASES_TABLE: "frontdoor-local-cases",
    config.IDEMPOTENCY_TABLE: "frontdoor-local-idempotency",
    config.API_KEYS_PATH: "/frontdoor/local/open311/clients",
    config.JURISDICTION_ID: "frontdoor.local",
    config.RETENTION_DAYS: "365",
    config.DUPLICATE_RADIUS: "50",
    config.COUNCIL_NAME: "Example Borough Council (local)",
    config.CONTACT_EMAIL: "customer.services@example.invalid",
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
