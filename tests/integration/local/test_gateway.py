"""The local gateway builds the events API Gateway's REST API proxy integration builds, and serves them."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from local.gateway import Route, build_proxy_event, make_gateway

# The served tests talk to a gateway on loopback, and to nothing else.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

RESOURCE = "/open311/{proxy+}"
MOMENT = datetime(2026, 4, 9, 12, 34, 56, 789000, tzinfo=UTC)


def event_for(method: str, raw_path: str, headers: Any = (), body: bytes = b"", **kwargs: Any) -> dict:
    return build_proxy_event(method, raw_path, headers, body, resource=RESOURCE, now=MOMENT, **kwargs)


# --- build_proxy_event (pure) ---------------------------------------------------------------------------


def test_get_with_repeated_query_parameter_keeps_every_value_and_the_last_as_single() -> None:
    event = event_for("get", "/open311/v2/requests.json?a=1&a=2&status=open")

    assert event["httpMethod"] == "GET"
    assert event["path"] == "/open311/v2/requests.json"
    assert event["queryStringParameters"] == {"a": "2", "status": "open"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "status": ["open"]}
    assert event["body"] is None
    assert event["isBase64Encoded"] is False


def test_no_query_string_gives_none_as_api_gateway_does() -> None:
    event = event_for("GET", "/open311/v2/discovery.json")

    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["stageVariables"] is None


def test_query_values_are_decoded_and_blank_values_kept() -> None:
    event = event_for("GET", "/open311/v2/requests.json?q=a+b%2Bc&empty=&flag")

    assert event["queryStringParameters"] == {"q": "a b+c", "empty": "", "flag": ""}


def test_proxy_resource_and_path_parameters() -> None:
    event = event_for("GET", "/open311/v2/requests/12345%2F6.json")

    assert event["resource"] == RESOURCE
    assert event["path"] == "/open311/v2/requests/12345%2F6.json"  # REST APIs keep the path encoded
    assert event["pathParameters"] == {"proxy": "v2/requests/12345/6.json"}


def test_request_context_is_shaped_like_api_gateways() -> None:
    event = event_for(
        "GET",
        "/open311/v2/discovery.json",
        {"Host": "127.0.0.1:8080", "User-Agent": "curl/8.5.0"},
        stage="local",
        request_id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    )
    context = event["requestContext"]

    assert context["requestId"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    assert context["stage"] == "local"
    assert context["path"] == "/local/open311/v2/discovery.json"
    assert context["resourcePath"] == RESOURCE
    assert context["httpMethod"] == "GET"
    assert context["requestTime"] == "09/Apr/2026:12:34:56 +0000"
    assert context["requestTimeEpoch"] == 1775738096789
    assert context["protocol"] == "HTTP/1.1"
    assert context["accountId"].isdigit() and len(context["accountId"]) == 12
    assert context["apiId"]
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["userAgent"] == "curl/8.5.0"


def test_headers_keep_the_clients_spelling_and_repeated_values() -> None:
    headers = [("Host", "127.0.0.1:8080"), ("Accept", "text/html"), ("accept", "application/json")]

    event = event_for("GET", "/open311/v2/services.json", headers)

    assert event["headers"]["Accept"] == "application/json"
    assert event["multiValueHeaders"]["Accept"] == ["text/html", "application/json"]
    assert event["headers"]["Host"] == "127.0.0.1:8080"
    # Added by API Gateway in front of every integration.
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["headers"]["X-Forwarded-Proto"] == "http"
    assert event["headers"]["X-Forwarded-Port"] == "8080"
    assert event["headers"]["X-Amzn-Trace-Id"].startswith("Root=1-")


def test_form_post_body_is_passed_as_text() -> None:
    form = b"api_key=k&service_code=pothole&description=Deep+hole+%26+cracks"

    event = event_for(
        "POST",
        "/open311/v2/requests.json",
        {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(form))},
        form,
    )

    assert event["httpMethod"] == "POST"
    assert event["body"] == form.decode()
    assert event["isBase64Encoded"] is False
    assert event["queryStringParameters"] is None


def test_binary_body_is_base64_encoded() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"

    event = event_for("POST", "/open311/v2/media", {"Content-Type": "image/png"}, png)

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == png


def test_undecodable_text_body_falls_back_to_base64() -> None:
    event = event_for("POST", "/open311/v2/requests.json", {"Content-Type": "text/plain"}, b"\xff\xfe")

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\xff\xfe"


# --- the running gateway --------------------------------------------------------------------------------

received: list[dict] = []


def echo_handler(event: dict, context: Any) -> dict:
    received.append(event)
    assert context.get_remaining_time_in_millis() > 0
    assert context.invoked_function_arn.endswith(":function:" + context.function_name)
    return {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json", "X-Single": "one"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": json.dumps({"path": event["path"], "proxy": event["pathParameters"]["proxy"]}),
        "isBase64Encoded": False,
    }


def binary_handler(event: dict, context: Any) -> dict:
    return {"statusCode": 200, "body": base64.b64encode(b"\x00\x01\x02").decode(), "isBase64Encoded": True}


def sized_handler(event: dict, context: Any) -> dict:
    size = int(event["pathParameters"]["proxy"])
    return {"statusCode": 200, "headers": {"Content-Type": "text/html"}, "body": "a" * size}


def failing_handler(event: dict, context: Any) -> dict:
    # Exception text often quotes the request, as validation errors do.
    email = (event["queryStringParameters"] or {}).get("email", "")
    raise ValueError(f"{email} is not a valid email address")


def malformed_handler(event: dict, context: Any) -> str:
    return "not a proxy response"


@pytest.fixture(scope="module")
def gateway_url() -> Iterator[str]:
    routes = [
        Route(prefix="/echo/", resource="/echo/{proxy+}", handler=f"{__name__}.echo_handler"),
        Route(prefix="/binary/", resource="/binary/{proxy+}", handler=binary_handler),
        Route(prefix="/sized/", resource="/sized/{proxy+}", handler=sized_handler),
        Route(prefix="/fail/", resource="/fail/{proxy+}", handler=failing_handler),
        Route(prefix="/malformed/", resource="/malformed/{proxy+}", handler=malformed_handler),
        Route(prefix="/missing/", resource="/missing/{proxy+}", handler="no_such_module.handler"),
    ]
    server = make_gateway(routes, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def fetch(
    url: str, data: bytes | None = None, method: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_healthz_is_answered_by_the_gateway(gateway_url: str) -> None:
    status, headers, body = fetch(gateway_url + "/healthz")

    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"status": "ok"}


def test_unknown_path_is_a_json_404(gateway_url: str) -> None:
    status, _, body = fetch(gateway_url + "/nowhere/at/all")

    assert status == 404
    assert json.loads(body) == {"message": "Not Found"}


def test_the_bare_prefix_does_not_match_a_proxy_resource(gateway_url: str) -> None:
    status, _, _ = fetch(gateway_url + "/echo/")

    assert status == 404


def test_request_reaches_the_handler_and_its_response_comes_back(gateway_url: str) -> None:
    status, headers, body = fetch(gateway_url + "/echo/v2/requests.json?a=1&a=2", data=b"x=1", method="POST")

    assert status == 201
    assert json.loads(body) == {"path": "/echo/v2/requests.json", "proxy": "v2/requests.json"}
    assert headers["X-Single"] == "one"
    assert headers.get_all("Set-Cookie") == ["a=1", "b=2"]
    assert headers["x-amzn-RequestId"] == received[-1]["requestContext"]["requestId"]
    assert received[-1]["multiValueQueryStringParameters"] == {"a": ["1", "2"]}
    assert received[-1]["body"] == "x=1"


def test_base64_response_body_is_decoded(gateway_url: str) -> None:
    status, _, body = fetch(gateway_url + "/binary/file")

    assert (status, body) == (200, b"\x00\x01\x02")


def test_answers_are_gzipped_from_the_minimum_compression_size_as_api_gateway_does(gateway_url: str) -> None:
    import gzip

    from web.delivery import COMPRESS_FROM_BYTES

    gzip_ok = {"Accept-Encoding": "br;q=1.0, gzip;q=0.8"}
    _, headers, body = fetch(f"{gateway_url}/sized/{COMPRESS_FROM_BYTES}", headers=gzip_ok)
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"a" * COMPRESS_FROM_BYTES

    _, small, _ = fetch(f"{gateway_url}/sized/{COMPRESS_FROM_BYTES - 1}", headers=gzip_ok)
    _, plain_client, body = fetch(f"{gateway_url}/sized/{COMPRESS_FROM_BYTES}")
    assert small["Content-Encoding"] is None and plain_client["Content-Encoding"] is None
    assert body == b"a" * COMPRESS_FROM_BYTES


@pytest.mark.parametrize("prefix", ["/fail/", "/malformed/", "/missing/"])
def test_failing_or_malformed_function_is_a_502(gateway_url: str, prefix: str) -> None:
    status, _, body = fetch(gateway_url + prefix + "x")

    assert status == 502
    assert json.loads(body) == {"message": "Internal server error"}


def test_log_lines_never_show_query_string_body_or_exception_text(
    gateway_url: str, capfd: pytest.CaptureFixture[str]
) -> None:
    fetch(gateway_url + "/echo/v2/requests.json?email=jane%40example.com", data=b"phone=07700900123")
    fetch(gateway_url + "/fail/x?email=jane%40example.com")

    # The request line is logged once the answer has been sent, so give the server thread a moment.
    logged = ""
    deadline = time.monotonic() + 5
    while "GET /fail/x 502" not in logged and time.monotonic() < deadline:
        time.sleep(0.02)
        logged += capfd.readouterr().err
    assert "POST /echo/v2/requests.json 201" in logged
    assert "GET /fail/x 502" in logged
    for secret in ("jane", "07700900123", "email="):
        assert secret not in logged
