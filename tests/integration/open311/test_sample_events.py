"""The sample events in events/ are what API Gateway sends; the handler answers each as it should."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from local.gateway import answer_from_proxy_response
from local.lambda_context import FakeLambdaContext

EVENTS = Path(__file__).parents[3] / "events" / "open311"


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


@pytest.mark.parametrize(
    ("name", "status", "content_type"),
    [
        ("post_request.json", 200, "application/json"),
        ("get_services.xml.json", 200, "text/xml"),
        ("get_requests_filtered.json", 200, "application/json"),
        ("get_request_unknown.json", 404, "application/json"),
    ],
)
def test_each_sample_event_gets_its_answer(aws: None, name: str, status: int, content_type: str) -> None:
    from functions.open311_api.handler import lambda_handler

    answer = answer_from_proxy_response(
        lambda_handler(load_event(name), FakeLambdaContext(function_name="open311"))
    )

    assert answer.status == status, answer.body
    assert dict(answer.headers)["Content-Type"].startswith(content_type)


def test_discovery_names_the_stage_url_behind_the_execute_api_domain(aws: None) -> None:
    from functions.open311_api.handler import lambda_handler

    event = load_event("get_services.xml.json") | {"path": "/open311/v2/discovery.json"}
    answer = answer_from_proxy_response(lambda_handler(event, FakeLambdaContext(function_name="open311")))

    url = json.loads(answer.body)["endpoints"][0]["url"]
    assert url == "https://abc123.execute-api.eu-west-2.amazonaws.com/prod/open311/v2"
