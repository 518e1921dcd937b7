"""Building Connect contact-flow events from the samples in events/connect/, and calling handlers."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.integration.conftest import reset_process_caches

EVENTS = Path(__file__).parents[3] / "events" / "connect"


def load_event(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / name).read_text())
    return loaded


def handler(key: str) -> Callable[[dict[str, Any], Any], dict[str, str]]:
    from importlib import import_module

    module = import_module(f"functions.connect_{key}.handler")
    function: Callable[[dict[str, Any], Any], dict[str, str]] = module.lambda_handler
    return function


def contact_event(
    key: str,
    parameters: dict[str, str] | None = None,
    number: str | None = "+447700900456",
    contact_id: str | None = None,
    channel: str = "VOICE",
) -> dict[str, Any]:
    """The sample event of `key`, with other parameters, caller number, contact or channel."""
    event = copy.deepcopy(load_event(f"{key}.json"))
    data = event["Details"]["ContactData"]
    if parameters is not None:
        event["Details"]["Parameters"] = parameters
    data["CustomerEndpoint"] = {"Address": number, "Type": "TELEPHONE_NUMBER"} if number else None
    data["Channel"] = channel
    if contact_id:
        data["ContactId"] = data["InitialContactId"] = data["PreviousContactId"] = contact_id
    return event


Invoke = Callable[..., dict[str, str]]


def forget() -> None:
    """Settings, services and clients are built once per process: build them again for this test."""
    reset_process_caches()


def finish_late_work() -> None:
    """Work that missed its deadline carries on in the background: let it end inside this test's mocks."""
    for thread in threading.enumerate():
        if thread.name == "connect-answer":
            thread.join(timeout=10)
