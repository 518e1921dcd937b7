"""The Open311 Lambda handler as a WSGI application, for in-process fuzzing (no server, no sockets).

Each WSGI request becomes the API Gateway REST proxy event the real gateway would send (built by
``local.gateway.build_proxy_event``), the real ``lambda_handler`` answers it, and its proxy response is
checked and turned back into HTTP by ``local.gateway.answer_from_proxy_response``. A handler that raises,
or returns something API Gateway would refuse, becomes a 502 as behind the real gateway.

AWS (moto's ``mock_aws``) must be active while the application is called: see ``tests/fuzz/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from local.gateway import (
    INTERNAL_SERVER_ERROR,
    HttpAnswer,
    MalformedProxyResponse,
    answer_from_proxy_response,
    build_proxy_event,
)
from local.lambda_context import FakeLambdaContext

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
FUNCTION_NAME = "open311_api"


def _request_target(environ: dict[str, Any]) -> str:
    """The path and query as the client sent them (still percent-encoded), as API Gateway receives them."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        path = str(raw).split("?", 1)[0]
    else:
        path = quote(
            environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/:@!$&'()*+,;=-._~%"
        )
    query = environ.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def _headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers.append((key[5:].replace("_", "-").title(), value))
    for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
        if environ.get(key):
            headers.append((name, environ[key]))
    return headers


def _body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length > 0 else b""


class HandlerApp:
    """A WSGI app calling ``handler(event, context)``; ``handler=None`` means the Open311 handler."""

    def __init__(self, handler: Callable[[dict[str, Any], Any], Any] | None = None) -> None:
        self._handler = handler
        # The last request as the handler saw it (method, target, body), for failure messages.
        self.last_request: tuple[str, str, bytes] | None = None

    @property
    def handler(self) -> Callable[[dict[str, Any], Any], Any]:
        if self._handler is None:
            from functions.open311_api.handler import lambda_handler

            self._handler = lambda_handler
        return self._handler

    def invoke(self, method: str, target: str, headers: Iterable[tuple[str, str]], body: bytes) -> HttpAnswer:
        self.last_request = (method, target, body)
        event = build_proxy_event(method, target, list(headers), body)
        try:
            response = self.handler(event, FakeLambdaContext(function_name=FUNCTION_NAME))
            return answer_from_proxy_response(response)
        except MalformedProxyResponse:
            return INTERNAL_SERVER_ERROR
        # Any other exception escapes: the test shows its traceback rather than a bare 502.

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        method, target = environ["REQUEST_METHOD"], _request_target(environ)
        answer = self.invoke(method, target, _headers(environ), _body(environ))
        try:
            reason = HTTPStatus(answer.status).phrase
        except ValueError:
            reason = "Unknown"
        hop_by_hop = {"content-length", "connection", "transfer-encoding"}
        headers = [(name, value) for name, value in answer.headers if name.lower() not in hop_by_hop]
        headers.append(("Content-Length", str(len(answer.body))))
        start_response(f"{answer.status} {reason}", headers)
        return [answer.body]


app = HandlerApp()
