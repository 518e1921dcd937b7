"""The site function on moto: real handler, real tables, API Gateway proxy events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest

from local.gateway import answer_from_proxy_response, build_proxy_event
from local.lambda_context import FakeLambdaContext


@dataclass
class Page:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", " except Set-Cookie
    cookies: list[str]
    body: str

    def cookie(self, name: str) -> str | None:
        """The value this answer sets for cookie ``name``."""
        for line in self.cookies:
            key, _, rest = line.partition("=")
            if key == name:
                return rest.split(";", 1)[0]
        return None


Visit = Callable[..., Page]


def visit_with(handler: Callable[[dict[str, Any], Any], Any]) -> Visit:
    def visit(
        method: str,
        path: str,
        form: list[tuple[str, str]] | None = None,
        cookies: dict[str, str] | None = None,
        host: str = "127.0.0.1:8080",
    ) -> Page:
        headers = [("Host", host), ("User-Agent", "pytest")]
        body = b""
        if form is not None:
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = urlencode(form).encode()
        if cookies:
            headers.append(("Cookie", "; ".join(f"{name}={value}" for name, value in cookies.items())))
        resource = "/" if path.split("?")[0] == "/" else "/{proxy+}"
        event = build_proxy_event(method, path, headers, body, resource=resource)
        answer = answer_from_proxy_response(handler(event, FakeLambdaContext(function_name="site")))
        grouped: dict[str, str] = {}
        cookies_set = []
        for name, value in answer.headers:
            if name.lower() == "set-cookie":
                cookies_set.append(value)
            else:
                grouped[name.lower()] = value
        return Page(answer.status, grouped, cookies_set, answer.body.decode("utf-8"))

    return visit


@pytest.fixture
def site(aws: None) -> Visit:
    from functions.site.handler import lambda_handler

    return visit_with(lambda_handler)
