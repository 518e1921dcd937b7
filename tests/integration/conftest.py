"""Integration tests: the real handlers on moto's AWS, called with API Gateway proxy events."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from moto import mock_aws

from local.environment import api_key
from local.gateway import answer_from_proxy_response, build_proxy_event
from local.lambda_context import FakeLambdaContext
from local.seed import seed_api_key
from local.tables import create_tables

API_KEY = api_key()


def reset_process_caches() -> None:
    """A fresh mock account per test: forget clients and services built for the last one."""
    from frontdoor import settings, wiring

    settings.settings.cache_clear()
    settings.chat_settings.cache_clear()
    wiring.clear_caches()  # every service and client wiring builds, the phone line's included


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        reset_process_caches()
        create_tables()
        seed_api_key(API_KEY)
        yield
    reset_process_caches()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)

    def xml(self) -> ElementTree.Element:
        assert self.body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        return ElementTree.fromstring(self.body.split("\n", 1)[1])


Call = Callable[..., Reply]


@pytest.fixture
def api(aws: None) -> Call:
    from functions.open311_api.handler import lambda_handler

    def call(
        method: str,
        path: str,
        form: dict[str, Any] | list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Reply:
        all_headers = {"Host": "127.0.0.1:8080", "User-Agent": "pytest"}
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        event = build_proxy_event(method, path, all_headers, body or b"")
        answer = answer_from_proxy_response(
            lambda_handler(event, FakeLambdaContext(function_name="open311_api"))
        )
        return Reply(answer.status, dict(answer.headers), answer.body.decode("utf-8"))

    return call


def pothole(**overrides: Any) -> dict[str, Any]:
    """A good Open311 pothole report at the clock tower."""
    form: dict[str, Any] = {
        "api_key": API_KEY,
        "service_code": "pothole",
        "lat": "52.6369",
        "long": "-1.1398",
        "description": "Deep pothole by the bus stop",
        "attribute[surface]": "road",
        "attribute[size]": "large",
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone": "01632 960001",
    }
    form.update(overrides)
    return {name: value for name, value in form.items() if value is not None}
