"""A local stand-in for API Gateway's REST API (v1) with Lambda proxy integration.

Each HTTP request becomes the event API Gateway would send, the real handler is called in-process, and
its proxy response becomes the HTTP answer. Routes map a path prefix to a ``{proxy+}`` resource and a
handler named by dotted path, imported on first use so the gateway knows nothing about Front Door.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import importlib
import json
import mimetypes
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from local.lambda_context import FAKE_ACCOUNT_ID, FakeLambdaContext
from web.delivery import COMPRESS_FROM_BYTES

Handler = Callable[[dict[str, Any], Any], Any]
# An API Gateway authorizer played locally: given the event and the raw body, it adds what API
# Gateway would (claims, the caller's identity) to the event, or returns the answer that refuses it.
Authorizer = Callable[[dict[str, Any], bytes], "HttpAnswer | None"]
HeaderSource = Mapping[str, str] | Iterable[tuple[str, str]]

LOCAL_API_ID = "local000000"
LOCAL_RESOURCE_ID = "local0"
DEFAULT_RESOURCE = "/{proxy+}"
PROXY_PLACEHOLDER = "{proxy+}"
# API Gateway's payload limit; larger requests are refused before reaching the function.
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
HEALTH_PATH = "/healthz"

# Bodies of these types reach the function as text; anything else is base64 (as with binaryMediaTypes).
_TEXT_TYPES = (
    "application/json",
    "application/x-www-form-urlencoded",
    "application/xml",
    "application/javascript",
)
_TEXT_SUFFIXES = ("+json", "+xml")


@dataclass(frozen=True)
class Route:
    """Requests whose path starts with ``prefix`` go to ``handler`` as the proxy ``resource``.

    A ``resource`` without ``{proxy+}`` matches its own path only (``/chat/start``). ``root_resource``
    is a second, exact resource served by the same function: ``/`` beside ``/{proxy+}``, as API
    Gateway needs a method on the root resource as well as on the proxy below it.
    """

    prefix: str
    resource: str
    handler: str | Handler
    function_name: str = ""
    root_resource: str | None = None
    authorizer: Authorizer | None = None
    _resolved: list[Handler] = field(default_factory=list, init=False, repr=False, compare=False)
    # One invocation at a time per function, like a single warm execution environment: handlers may
    # keep module-level state (clients, metrics buffers) that Lambda never shares between requests.
    _invoke_lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def matches(self, path: str) -> bool:
        return self.resource_for(path) is not None

    def resource_for(self, path: str) -> str | None:
        """The API Gateway resource this path reaches through this route, if any."""
        if PROXY_PLACEHOLDER in self.resource:
            # {proxy+} needs at least one character after the prefix, as in API Gateway.
            if path.startswith(self.prefix) and len(path) > len(self.prefix):
                return self.resource
        elif path == self.resource:
            return self.resource
        return self.root_resource if path == self.root_resource else None

    @property
    def name(self) -> str:
        if self.function_name:
            return self.function_name
        if isinstance(self.handler, str):
            module_parts = self.handler.split(".")[:-1]
            meaningful = [part for part in module_parts if part not in ("handler", "app", "functions")]
            return "-".join(["frontdoor", *meaningful[-1:]]) if meaningful else "frontdoor-local"
        return getattr(self.handler, "__name__", "frontdoor-local")

    def resolve(self) -> Handler:
        with self._invoke_lock:
            if not self._resolved:
                self._resolved.append(import_handler(self.handler))
            return self._resolved[0]

    def invoke(self, event: dict[str, Any], context: FakeLambdaContext) -> Any:
        handler = self.resolve()
        with self._invoke_lock:
            return handler(event, context)


def import_handler(handler: str | Handler) -> Handler:
    """``"package.module.function"`` -> the function (callables pass through)."""
    if callable(handler):
        return handler
    module_name, _, attribute = handler.rpartition(".")
    if not module_name:
        raise ValueError(f"handler must be a dotted path 'module.function', got {handler!r}")
    function = getattr(importlib.import_module(module_name), attribute)
    if not callable(function):
        raise TypeError(f"{handler} is not callable")
    return function


def find_route(routes: Iterable[Route], path: str) -> Route | None:
    """The route with the longest matching prefix, as API Gateway prefers the most specific resource."""
    candidates = [route for route in routes if route.matches(path)]
    return max(candidates, key=lambda route: len(route.prefix), default=None)


# --- request -> event -------------------------------------------------------------------------------


def api_gateway_request_time(moment: datetime) -> str:
    """API Gateway's ``requestTime``, e.g. ``09/Apr/2015:12:34:56 +0000`` (English month, always UTC)."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    utc = moment.astimezone(UTC)
    return f"{utc.day:02d}/{months[utc.month - 1]}/{utc.year}:{utc:%H:%M:%S} +0000"


def _header_pairs(headers: HeaderSource) -> list[tuple[str, str]]:
    # http.client.HTTPMessage.items() keeps repeated headers, which a plain dict cannot.
    items = headers.items() if hasattr(headers, "items") else headers
    return [(str(name), str(value)) for name, value in items]


def _group_headers(pairs: list[tuple[str, str]]) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """Single-value (last one wins) and multi-value header maps, names spelled as the client sent them."""
    spelling: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        key = spelling.setdefault(name.lower(), name)
        multi.setdefault(key, []).append(value)
    if not multi:
        return None, None
    return {name: values[-1] for name, values in multi.items()}, multi


def _group_query(query: str) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """API Gateway decodes the query ('+' becomes a space) and keeps the last value in the single map."""
    multi: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        multi.setdefault(name, []).append(value)
    if not multi:
        return None, None
    return {name: values[-1] for name, values in multi.items()}, multi


def is_text_media_type(content_type: str | None) -> bool:
    if not content_type:
        return True
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith("text/") or media_type in _TEXT_TYPES or media_type.endswith(_TEXT_SUFFIXES)


def encode_body(body_bytes: bytes, content_type: str | None) -> tuple[str | None, bool]:
    """The event's ``body`` and ``isBase64Encoded``: text as text, anything else as base64."""
    if not body_bytes:
        return None, False
    if is_text_media_type(content_type):
        try:
            return body_bytes.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body_bytes).decode("ascii"), True


def _path_parameters(resource: str, path: str) -> dict[str, str] | None:
    if PROXY_PLACEHOLDER not in resource:
        return None
    prefix = resource[: resource.index(PROXY_PLACEHOLDER)]
    if not path.startswith(prefix):
        return None
    # REST APIs hand over the path still percent-encoded but path parameters decoded.
    return {"proxy": unquote(path[len(prefix) :])}


def _forwarding_headers(pairs: list[tuple[str, str]], source_ip: str) -> list[tuple[str, str]]:
    """The X-Forwarded-* and trace headers API Gateway adds in front of every integration."""
    present = {name.lower(): value for name, value in pairs}
    host = present.get("host", "")
    port = host.rsplit(":", 1)[1] if ":" in host else "80"
    forwarded_for = (
        f"{present['x-forwarded-for']}, {source_ip}" if "x-forwarded-for" in present else source_ip
    )
    trace_id = f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"
    added = {
        "X-Forwarded-For": forwarded_for,
        "X-Forwarded-Port": port,
        "X-Forwarded-Proto": "http",
        "X-Amzn-Trace-Id": trace_id,
    }
    kept = [(name, value) for name, value in pairs if name.lower() not in {key.lower() for key in added}]
    return kept + list(added.items())


def build_proxy_event(
    method: str,
    raw_path: str,
    headers: HeaderSource,
    body_bytes: bytes,
    stage: str = "local",
    resource: str = DEFAULT_RESOURCE,
    *,
    source_ip: str = "127.0.0.1",
    request_id: str | None = None,
    now: datetime | None = None,
    protocol: str = "HTTP/1.1",
) -> dict[str, Any]:
    """The event API Gateway's REST API Lambda proxy integration sends for this request.

    ``raw_path`` is the request target as received (path and optional query, without the stage).
    """
    path, _, query = raw_path.partition("?")
    now = now or datetime.now(UTC)
    request_id = request_id or str(uuid.uuid4())
    pairs = _forwarding_headers(_header_pairs(headers), source_ip)
    single_headers, multi_headers = _group_headers(pairs)
    single_query, multi_query = _group_query(query)
    lower_headers = {name.lower(): value for name, value in (single_headers or {}).items()}
    body, is_base64 = encode_body(body_bytes, lower_headers.get("content-type"))
    domain = lower_headers.get("host", "127.0.0.1").rsplit(":", 1)[0]

    return {
        "resource": resource,
        "path": path,
        "httpMethod": method.upper(),
        "headers": single_headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": single_query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": _path_parameters(resource, path),
        "stageVariables": None,
        "requestContext": {
            "resourceId": LOCAL_RESOURCE_ID,
            "resourcePath": resource,
            "httpMethod": method.upper(),
            "extendedRequestId": request_id,
            "requestTime": api_gateway_request_time(now),
            "path": f"/{stage}{path}",
            "accountId": FAKE_ACCOUNT_ID,
            "protocol": protocol,
            "stage": stage,
            "domainPrefix": domain.split(".", 1)[0],
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "requestId": request_id,
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "sourceIp": source_ip,
                "principalOrgId": None,
                "accessKey": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": lower_headers.get("user-agent"),
                "user": None,
            },
            "domainName": domain,
            "apiId": LOCAL_API_ID,
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


# --- proxy response -> HTTP -------------------------------------------------------------------------


class MalformedProxyResponse(ValueError):
    """The function returned something API Gateway would answer with 502."""


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def answer_from_proxy_response(response: Any) -> HttpAnswer:
    """Validate a proxy response and merge its headers the way API Gateway does."""
    if not isinstance(response, dict):
        raise MalformedProxyResponse("the proxy response must be a JSON object")
    try:
        status = int(response.get("statusCode", 0))
    except (TypeError, ValueError) as error:
        raise MalformedProxyResponse("statusCode is not an integer") from error
    if not 100 <= status <= 599:
        raise MalformedProxyResponse("statusCode is missing or out of range")

    single = response.get("headers") or {}
    multi = response.get("multiValueHeaders") or {}
    if not isinstance(single, dict) or not isinstance(multi, dict):
        raise MalformedProxyResponse("headers and multiValueHeaders must be objects")
    # Where a header is in both maps, API Gateway keeps only the multi-value one.
    multi_names = {name.lower() for name in multi}
    merged = [(name, str(value)) for name, value in single.items() if name.lower() not in multi_names]
    for name, values in multi.items():
        merged.extend((name, str(value)) for value in (values if isinstance(values, list) else [values]))

    raw_body = response.get("body")
    if raw_body is None:
        body = b""
    elif not isinstance(raw_body, str):
        raise MalformedProxyResponse("body must be a string")
    elif response.get("isBase64Encoded"):
        try:
            body = base64.b64decode(raw_body, validate=True)
        except binascii.Error as error:
            raise MalformedProxyResponse("body is not valid base64") from error
    else:
        body = raw_body.encode("utf-8")
    return HttpAnswer(status, merged, body)


def json_answer(status: int, payload: Any) -> HttpAnswer:
    # Compact, as API Gateway writes its own answers: {"message":"Not Found"}.
    body = json.dumps(payload, separators=(",", ":")).encode()
    return HttpAnswer(status, [("Content-Type", "application/json")], body)


INTERNAL_SERVER_ERROR = json_answer(502, {"message": "Internal server error"})
NOT_FOUND = json_answer(404, {"message": "Not Found"})
TOO_LARGE = json_answer(413, {"message": "Request Too Long"})
HEALTHY = json_answer(200, {"status": "ok"})


def write_answer(
    request: BaseHTTPRequestHandler, answer: HttpAnswer, request_id: str, include_body: bool = True
) -> int:
    request.send_response(answer.status)
    hop_by_hop = {"content-length", "connection", "transfer-encoding"}
    for name, value in answer.headers:
        if name.lower() not in hop_by_hop:
            request.send_header(name, value)
    request.send_header("x-amzn-RequestId", request_id)
    request.send_header("Content-Length", str(len(answer.body)))
    request.end_headers()
    if include_body:
        request.wfile.write(answer.body)
    return answer.status


def write_proxy_response(
    request: BaseHTTPRequestHandler, response: Any, request_id: str, include_body: bool = True
) -> int:
    """Write a Lambda proxy response as the HTTP answer (502 if malformed); returns the status sent."""
    try:
        answer = answer_from_proxy_response(response)
    except MalformedProxyResponse as error:
        _log(f"malformed Lambda proxy response: {error}")
        answer = INTERNAL_SERVER_ERROR
    answer = compressed_as_api_gateway_does(answer, request.headers.get("Accept-Encoding"))
    return write_answer(request, answer, request_id, include_body)


def compressed_as_api_gateway_does(answer: HttpAnswer, accept_encoding: str | None) -> HttpAnswer:
    """The REST API's ``minimumCompressionSize``: an answer of at least COMPRESS_FROM_BYTES is gzipped
    when the client accepts gzip, unless the function already encoded it."""
    accepted = {part.split(";", 1)[0].strip().lower() for part in (accept_encoding or "").split(",")}
    encoded = any(name.lower() == "content-encoding" for name, _ in answer.headers)
    if "gzip" not in accepted or encoded or len(answer.body) < COMPRESS_FROM_BYTES:
        return answer
    headers = [*answer.headers, ("Content-Encoding", "gzip")]
    return HttpAnswer(answer.status, headers, gzip.compress(answer.body))


# --- static assets ----------------------------------------------------------------------------------
# What browsers need to hear for the site's assets; anything else falls back to Python's table.
_CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
# Fonts carry a content hash in their names (bold-affa96571d-v2.woff), so they never change; anything
# else is revalidated on every use (cheap: an ETag match answers 304 with no body).
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
METHOD_NOT_ALLOWED = json_answer(405, {"message": "Method Not Allowed"})


@dataclass(frozen=True)
class StaticFiles:
    """The files under ``root`` at ``prefix`` (``/assets/``), as CloudFront serves the static bucket
    in AWS: GET and HEAD only, content types by extension, ETags and caching headers."""

    prefix: str
    root: Path

    def matches(self, path: str) -> bool:
        return path.startswith(self.prefix)

    def answer(self, method: str, path: str, if_none_match: str | None) -> HttpAnswer:
        if method not in ("GET", "HEAD"):
            return HttpAnswer(
                405, [*METHOD_NOT_ALLOWED.headers, ("Allow", "GET, HEAD")], METHOD_NOT_ALLOWED.body
            )
        file = self._file(unquote(path[len(self.prefix) :]))
        if file is None:
            return NOT_FOUND
        content = file.read_bytes()
        etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
        content_type = _CONTENT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
        headers = [
            ("Content-Type", content_type or "application/octet-stream"),
            (
                "Cache-Control",
                IMMUTABLE if "fonts" in file.relative_to(self.root.resolve()).parts else REVALIDATE,
            ),
            ("ETag", etag),
            ("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True)),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if if_none_match and etag in [tag.strip() for tag in if_none_match.split(",")]:
            return HttpAnswer(304, headers, b"")
        return HttpAnswer(200, headers, content)

    def _file(self, relative: str) -> Path | None:
        """The file the path names, only if it is inside root (no ``..``, no symlink out of it)."""
        root = self.root.resolve()
        if not relative or "\x00" in relative:
            return None
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate


# --- the server ---------------------------------------------------------------------------------------


def _log(message: str) -> None:
    sys.stderr.write(f"[gateway] {message}\n")
    sys.stderr.flush()


def _log_handler_failure(route: Route, error: BaseException) -> None:
    # The message is left out on purpose: exception text (validation errors especially) can quote
    # the request, and personal data must never reach a log line. The stack shows where it failed.
    handler_frames = [
        frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename != __file__
    ]
    frames = "".join(traceback.format_list(handler_frames))
    _log(f"{route.name} raised {type(error).__qualname__} (message withheld)\n{frames.rstrip()}")


class ProxyRequestHandler(BaseHTTPRequestHandler):
    server: GatewayServer
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "FrontDoorLocalGateway"

    def do_GET(self) -> None:
        self._dispatch()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        # Replaced by the one line per request in _dispatch, which never shows the query string.
        pass

    def _dispatch(self) -> None:
        started = time.perf_counter()
        path = self.path.split("?", 1)[0]
        request_id = str(uuid.uuid4())
        status = self._respond(path, request_id)
        elapsed_ms = (time.perf_counter() - started) * 1000
        _log(f"{self.command} {path} {status} {elapsed_ms:.1f}ms")

    def _respond(self, path: str, request_id: str) -> int:
        include_body = self.command != "HEAD"
        if path == HEALTH_PATH and self.command in ("GET", "HEAD"):
            return write_answer(self, HEALTHY, request_id, include_body)
        assets = next((files for files in self.server.static if files.matches(path)), None)
        if assets is not None:
            self._read_body()  # drained, so the connection can serve the next request
            answer = assets.answer(self.command, path, self.headers.get("If-None-Match"))
            return write_answer(self, answer, request_id, include_body)
        route = find_route(self.server.routes, path)
        body = self._read_body()
        if body is None:
            self.close_connection = True
            return write_answer(self, TOO_LARGE, request_id, include_body)
        if route is None:
            return write_answer(self, NOT_FOUND, request_id, include_body)

        event = build_proxy_event(
            self.command,
            self.path,
            self.headers.items(),  # every header line, repeats included
            body,
            stage=self.server.stage,
            resource=route.resource_for(path) or route.resource,
            source_ip=self.client_address[0],
            request_id=request_id,
            protocol=self.request_version,
        )
        if route.authorizer is not None:
            refusal = route.authorizer(event, body)
            if refusal is not None:  # refused before the function runs, as API Gateway does
                return write_answer(self, refusal, request_id, include_body)
        try:
            route.resolve()
        except Exception as error:  # a function that cannot even load: its message is about code, not data
            _log(f"{route.name} failed to load {route.handler!r}: {type(error).__qualname__}: {error}")
            return write_answer(self, INTERNAL_SERVER_ERROR, request_id, include_body)
        context = FakeLambdaContext(function_name=route.name, region=self.server.region)
        try:
            response = route.invoke(event, context)
        except Exception as error:  # a failed invocation is a 502, as behind API Gateway
            _log_handler_failure(route, error)
            return write_answer(self, INTERNAL_SERVER_ERROR, request_id, include_body)
        return write_proxy_response(self, response, request_id, include_body)

    def _read_body(self) -> bytes | None:
        """The request body, or None when it is larger than API Gateway accepts."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked_body()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_PAYLOAD_BYTES:
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked_body(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                # Skip any trailer lines up to the blank line that ends the message.
                while self.rfile.readline().strip():
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_PAYLOAD_BYTES:
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline()


class GatewayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        routes: list[Route],
        stage: str,
        region: str,
        listen: bool = True,
        static: Iterable[StaticFiles] = (),
    ) -> None:
        self.routes = routes
        self.static = list(static)
        self.stage = stage
        self.region = region
        super().__init__(address, ProxyRequestHandler, bind_and_activate=False)
        try:
            self.server_bind()
            if listen:
                self.server_activate()
        except BaseException:
            self.server_close()
            raise

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up mid-request is routine; anything else is one line, never a traceback
        # (which could carry request data) - handler failures are already logged with their stack.
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            _log(f"connection from {client_address[0]} failed: {type(error).__qualname__}")

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://{host}:{port}"


def make_gateway(
    routes: list[Route],
    host: str = "127.0.0.1",
    port: int = 8080,
    stage: str = "local",
    region: str = "eu-west-2",
    listen: bool = True,
    static: Iterable[StaticFiles] = (),
) -> GatewayServer:
    """Bind the gateway (port 0 picks a free port); call ``serve_forever()`` to start answering.

    ``static`` serves folders of files (the site's assets) before any route is tried.
    With ``listen=False`` the port is reserved but connections are refused until ``server_activate()``,
    so a client polling for readiness never waits on a server that is still starting.
    """
    return GatewayServer((host, port), routes, stage, region, listen, static)
