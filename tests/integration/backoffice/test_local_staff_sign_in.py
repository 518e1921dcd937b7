"""make run's staff sign-in: demo accounts in moto's Cognito, the staff API behind the emulated
Cognito authorizer (tokens verified against moto's JWKS) and IAM authorisation (SigV4 verified)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from frontdoor.backoffice.roles import ROLE_MATRIX
from local.emulation import FAKE_CREDENTIALS, aws_emulation
from local.gateway import build_proxy_event, make_gateway
from local.staff import (
    DEMO_STAFF,
    LOCAL_INTEGRATION_ARN,
    CognitoAuthorizer,
    SigV4Authorizer,
    StaffPool,
    create_staff_pool,
    moto_jwks,
    sign_in,
    staff_routes,
)
from tests.integration.conftest import reset_process_caches

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])
REGION = "eu-west-2"


@dataclass(frozen=True)
class Running:
    url: str
    endpoint: str
    pool: StaffPool


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    from local.tables import create_tables

    with aws_emulation(REGION) as endpoint:
        reset_process_caches()
        create_tables()
        pool = create_staff_pool(REGION)
        gateway = make_gateway(staff_routes(pool, REGION, endpoint), host="127.0.0.1", port=0)
        thread = threading.Thread(target=gateway.serve_forever, daemon=True)
        thread.start()
        try:
            yield Running(gateway.url, endpoint, pool)
        finally:
            gateway.shutdown()
            gateway.server_close()
            thread.join(timeout=5)
    reset_process_caches()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("person", DEMO_STAFF, ids=lambda person: person.username)
def test_each_demo_account_signs_in_and_is_known_by_its_group(running: Running, person: Any) -> None:
    token = sign_in(running.pool, person.username, person.password)
    status, body = fetch(f"{running.url}/staff/v1/me", {"Authorization": token})
    assert status == 200, body
    assert body["actor"]["name"] == person.username and body["actor"]["roles"] == [person.group]
    allowed = {action for action, roles in ROLE_MATRIX.items() if person.group in roles}
    assert set(body["actor"]["allowed"]) == allowed


def test_a_bearer_prefix_is_accepted_as_api_gateway_does(running: Running) -> None:
    token = sign_in(running.pool, "advisor", "Local-advisor-1!")
    assert fetch(f"{running.url}/staff/v1/me", {"Authorization": f"Bearer {token}"})[0] == 200


def test_a_wrong_password_does_not_sign_in(running: Running) -> None:
    import botocore.exceptions

    with pytest.raises(botocore.exceptions.ClientError, match="NotAuthorized"):
        sign_in(running.pool, "advisor", "guess-Guess-1!")


@pytest.mark.parametrize(
    "header",
    [None, "", "nonsense", "Bearer ", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."],
    ids=["none", "empty", "nonsense", "bearer-only", "unsigned-jwt"],
)
def test_no_valid_token_is_a_401_in_the_staff_error_shape(running: Running, header: str | None) -> None:
    status, body = fetch(
        f"{running.url}/staff/v1/me", {"Authorization": header} if header is not None else {}
    )
    assert status == 401 and body["error"]["code"] == "not_signed_in"


def test_a_tampered_token_is_refused(running: Running) -> None:
    token = sign_in(running.pool, "advisor", "Local-advisor-1!")
    head, payload, signature = token.split(".")
    forged = payload[:-4] + ("AAAA" if not payload.endswith("AAAA") else "BBBB")
    assert fetch(f"{running.url}/staff/v1/me", {"Authorization": f"{head}.{forged}.{signature}"})[0] == 401


def test_an_expired_token_or_another_pools_token_is_refused(running: Running) -> None:
    token = sign_in(running.pool, "advisor", "Local-advisor-1!")
    jwks = moto_jwks(running.endpoint, running.pool.pool_id)
    later = CognitoAuthorizer(
        running.pool, lambda: jwks, clock=lambda: datetime.now(UTC) + timedelta(hours=2)
    )
    assert later.verify(token) is None
    other_pool = StaffPool("eu-west-2_other", running.pool.client_id, REGION)
    assert CognitoAuthorizer(other_pool, lambda: jwks).verify(token) is None
    assert CognitoAuthorizer(running.pool, lambda: jwks).verify(token) is not None


def test_claims_reach_the_function_as_api_gateway_passes_them(running: Running) -> None:
    token = sign_in(running.pool, "supervisor", "Local-supervisor-1!")
    jwks = moto_jwks(running.endpoint, running.pool.pool_id)
    event = build_proxy_event(
        "GET", "/staff/v1/me", {"Authorization": token}, b"", resource="/staff/{proxy+}"
    )
    assert CognitoAuthorizer(running.pool, lambda: jwks)(event, b"") is None
    claims = event["requestContext"]["authorizer"]["claims"]
    assert claims["cognito:groups"] == "supervisor" and claims["token_use"] == "id"
    assert all(isinstance(value, str) for value in claims.values())
    assert claims["exp"].endswith(str(datetime.now(UTC).year)) and " UTC " in claims["exp"]


# --- IAM ----------------------------------------------------------------------------------------------------
def signed(
    url: str,
    key: str = FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
    secret: str = FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    service: str = "execute-api",
    method: str = "GET",
    body: bytes = b"",
) -> dict[str, str]:
    request = AWSRequest(method=method, url=url, data=body)
    SigV4Auth(Credentials(key, secret, FAKE_CREDENTIALS["AWS_SESSION_TOKEN"]), service, REGION).add_auth(
        request
    )
    return dict(request.headers.items())


def test_a_signed_system_call_reaches_the_function_with_its_iam_identity(running: Running) -> None:
    url = f"{running.url}/system/v1/cases?status=open&limit=5"
    status, body = fetch(url, signed(url))
    assert status == 200, body
    status, body = fetch(f"{running.url}/system/v1/me", signed(f"{running.url}/system/v1/me"))
    assert body["actor"] == {**body["actor"], "id": LOCAL_INTEGRATION_ARN, "kind": "system"}


def test_a_signed_post_is_verified_with_its_body(running: Running) -> None:
    url = f"{running.url}/system/v1/lookups"
    body = json.dumps({"email": "nobody@example.com"}).encode()
    headers = {**signed(url, method="POST", body=body), "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.loads(answer.read()) == {"cases": []}
    tampered = urllib.request.Request(
        url, data=body.replace(b"nobody", b"nobodz"), headers=headers, method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(tampered, timeout=10)
    assert refused.value.code == 403


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        (lambda url: {}, 403),  # unsigned
        (lambda url: signed(url, secret="not-the-secret"), 403),
        (lambda url: signed(url, key="AKIAUNKNOWN"), 403),
        (lambda url: signed(url, service="s3"), 403),
        (lambda url: {**signed(url), "X-Amz-Date": "20200101T000000Z"}, 403),
    ],
    ids=["unsigned", "wrong-secret", "unknown-key", "other-service", "stale"],
)
def test_system_routes_refuse_what_api_gateway_would(running: Running, headers: Any, code: int) -> None:
    url = f"{running.url}/system/v1/me"
    status, body = fetch(url, headers(url))
    assert status == code and body["error"]["code"] in ("not_signed_in", "forbidden")


def test_a_staff_token_does_not_open_system_routes(running: Running) -> None:
    token = sign_in(running.pool, "supervisor", "Local-supervisor-1!")
    assert fetch(f"{running.url}/system/v1/me", {"Authorization": token})[0] == 403


def test_the_sigv4_authorizer_checks_the_signature_time_against_its_clock() -> None:
    url = "http://127.0.0.1:9/system/v1/me"
    headers = {**signed(url), "Host": "127.0.0.1:9"}
    event = build_proxy_event("GET", "/system/v1/me", headers, b"", resource="/system/{proxy+}")
    credentials = {
        FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"]: (FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"], "testing")
    }
    late = SigV4Authorizer(REGION, credentials, clock=lambda: datetime.now(UTC) + timedelta(minutes=20))
    assert late(event, b"") is not None
    assert SigV4Authorizer(REGION, credentials)(event, b"") is None
