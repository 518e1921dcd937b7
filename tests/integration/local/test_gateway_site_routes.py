"""The local gateway's parts for the residents' site: static assets at /assets/ (as CloudFront serves
the bucket in AWS), the site on the root and catch-all resources, exact resources like /chat/start."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.__main__ import ROUTES
from local.gateway import Route, StaticFiles, find_route, make_gateway

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


def resource_echo(event: dict, context: Any) -> dict:
    body = {
        "resource": event["resource"],
        "path": event["path"],
        "proxy": (event["pathParameters"] or {}).get("proxy"),
    }
    return {"statusCode": 200, "body": json.dumps(body)}


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("static")
    (root / "fonts").mkdir()
    (root / "fonts" / "bold-affa96571d-v2.woff2").write_bytes(b"wOF2")
    (root / "govuk-frontend.min.css").write_text("body{margin:0}")
    (root / "init.js").write_text("initAll();")
    (root.parent / "secret.txt").write_text("not an asset")
    return root


@pytest.fixture(scope="module")
def gateway_url(assets: Path) -> Iterator[str]:
    routes = [
        Route(prefix="/chat/start", resource="/chat/start", handler=resource_echo),
        Route(prefix="/", resource="/{proxy+}", root_resource="/", handler=resource_echo),
    ]
    server = make_gateway(routes, host="127.0.0.1", port=0, static=[StaticFiles("/assets/", assets)])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/assets/govuk-frontend.min.css", "text/css; charset=utf-8"),
        ("/assets/init.js", "text/javascript; charset=utf-8"),
        ("/assets/fonts/bold-affa96571d-v2.woff2", "font/woff2"),
    ],
)
def test_assets_are_served_with_their_content_type_and_nosniff(
    gateway_url: str, path: str, content_type: str
):
    status, headers, body = fetch(gateway_url + path)
    assert status == 200 and body
    assert headers["Content-Type"] == content_type
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_fonts_are_cached_for_good_and_everything_else_revalidated_by_etag(gateway_url: str):
    _, font, _ = fetch(gateway_url + "/assets/fonts/bold-affa96571d-v2.woff2")
    assert font["Cache-Control"] == "public, max-age=31536000, immutable"
    status, css, _ = fetch(gateway_url + "/assets/govuk-frontend.min.css")
    assert status == 200 and css["Cache-Control"] == "no-cache" and css["ETag"]

    status, again, body = fetch(
        gateway_url + "/assets/govuk-frontend.min.css", headers={"If-None-Match": css["ETag"]}
    )
    assert (status, body) == (304, b"")


@pytest.mark.parametrize(
    "path",
    ["/assets/nope.css", "/assets/../secret.txt", "/assets/%2e%2e/secret.txt", "/assets/fonts", "/assets/"],
)
def test_nothing_outside_the_folder_or_missing_is_served(gateway_url: str, path: str):
    status, _, body = fetch(gateway_url + path)
    assert status == 404
    assert b"not an asset" not in body


def test_assets_are_read_only(gateway_url: str):
    status, headers, _ = fetch(gateway_url + "/assets/init.js", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("path", "resource", "proxy"),
    [
        ("/", "/", None),
        ("/search", "/{proxy+}", "search"),
        ("/services/pothole", "/{proxy+}", "services/pothole"),
        ("/chat/start", "/chat/start", None),
        ("/chat/start/more", "/{proxy+}", "chat/start/more"),  # an exact resource is exact
    ],
)
def test_the_site_takes_the_root_and_every_path_no_more_specific_resource_takes(
    gateway_url: str, path: str, resource: str, proxy: str | None
):
    status, _, body = fetch(gateway_url + path)
    assert status == 200
    assert json.loads(body) == {"resource": resource, "path": path, "proxy": proxy}


def test_make_run_routes_open311_chat_and_the_site_as_the_rest_api_does():
    expected = {
        "/open311/v2/services.json": "functions.open311_api.handler.lambda_handler",
        "/chat/start": "local.chat_api.start_chat",  # the real function, against a local Connect
        "/chat/local/transcript": "local.chat_api.participant_api",
        "/chat/advisor": "local.chat_advisor.lambda_handler",
        "/chat/advisor/0b0f6f0e-7bd5-4a8e-9d8e-2f4d6a1c0b11": "local.chat_advisor.lambda_handler",
        "/_aws/connect/contact/chat": "local.chat_api.connect_api",
        "/chat": "functions.site.handler.lambda_handler",
        "/chat/advisors": "functions.site.handler.lambda_handler",
        "/": "functions.site.handler.lambda_handler",
        "/contact": "functions.site.handler.lambda_handler",
        "/open311": "functions.site.handler.lambda_handler",  # the bare prefix is no Open311 resource
    }
    for path, handler in expected.items():
        route = find_route(ROUTES, path)
        assert route is not None and route.handler == handler, path
