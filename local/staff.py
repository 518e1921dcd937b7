"""Staff sign-in on ``make run``: a Cognito user pool in moto with a demo account per group, and the
staff API's two API Gateway authorizers played by the local gateway.

- Staff routes (``/staff/``): API Gateway's Cognito user pool authorizer. The ID token in the
  ``Authorization`` header (``Bearer`` prefix optional) is verified against the pool's JWKS, which
  moto serves, its issuer and expiry checked; its claims reach the function in
  ``requestContext.authorizer.claims`` as API Gateway passes them: every value a string, groups
  comma-separated. Anything else is the 401 API Gateway gives, in the staff API's error shape.
- System routes (``/system/``): IAM authorisation. The request must be signed with AWS Signature
  Version 4 for ``execute-api`` by the local credentials (the only ones this emulation knows); the
  signature is recomputed with botocore and compared. The caller's identity reaches the function in
  ``requestContext.identity`` (``userArn``, ``caller``, ``accessKey``) as API Gateway sets it.

The demo accounts' passwords are printed in the banner: they exist only in this emulation.
"""

from __future__ import annotations

import hmac
import json
import os
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlencode

from frontdoor import settings as config
from frontdoor.backoffice.errors import gateway_refusal
from local.gateway import HttpAnswer, Route, json_answer
from local.lambda_context import FAKE_ACCOUNT_ID

POOL_NAME = "frontdoor-local-staff"
CLIENT_NAME = "frontdoor-local-console"
# As the stack's pool asks (infra/constructs/staff.py; a test compares them).
PASSWORD_POLICY = {
    "MinimumLength": 12,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 3,
}
GROUPS = {
    "advisor": "Advisors: take contacts, find and note cases, log cases for residents",
    "back_office": "Back office: work cases to resolution (status, teams, links, merges)",
    "supervisor": "Supervisors: everything the back office does, reopen cases, read the audit",
    "admin": "Admins: accounts and the audit; no residents' personal data",
}
AUTH_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
SIGNATURE_TTL = timedelta(minutes=15)  # API Gateway refuses a SigV4 signature older than this
LOCAL_INTEGRATION_ARN = f"arn:aws:iam::{FAKE_ACCOUNT_ID}:user/frontdoor-local-integration"


class DemoStaff(NamedTuple):
    username: str
    group: str
    password: str  # local only: printed in the banner


DEMO_STAFF = (
    DemoStaff("advisor", "advisor", "Local-advisor-1!"),
    DemoStaff("backoffice", "back_office", "Local-backoffice-1!"),
    DemoStaff("supervisor", "supervisor", "Local-supervisor-1!"),
    DemoStaff("admin", "admin", "Local-admin-1!"),
)


@dataclass(frozen=True)
class StaffPool:
    pool_id: str
    client_id: str
    region: str

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"


def create_staff_pool(region: str, idp: Any | None = None) -> StaffPool:
    """The user pool, its groups, the console's app client and one demo account per group; sets
    the pool and client ids in this process's environment for the functions that need them."""
    import boto3

    idp = idp or boto3.client("cognito-idp", region_name=region)
    pool_id = idp.create_user_pool(
        PoolName=POOL_NAME,
        Policies={"PasswordPolicy": PASSWORD_POLICY},
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        UsernameConfiguration={"CaseSensitive": False},
        # In AWS the pool requires TOTP; moto cannot play an authenticator app, so not here.
        MfaConfiguration="OFF",
    )["UserPool"]["Id"]
    for group, description in GROUPS.items():
        idp.create_group(GroupName=group, UserPoolId=pool_id, Description=description)
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=CLIENT_NAME,
        GenerateSecret=False,
        ExplicitAuthFlows=AUTH_FLOWS,
        PreventUserExistenceErrors="ENABLED",
    )["UserPoolClient"]["ClientId"]
    for person in DEMO_STAFF:
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=person.username,
            UserAttributes=[{"Name": "email", "Value": f"{person.username}@staff.example.invalid"}],
            MessageAction="SUPPRESS",
        )
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username=person.username, Password=person.password, Permanent=True
        )
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=person.username, GroupName=person.group)
    os.environ[config.STAFF_USER_POOL_ID] = pool_id
    os.environ[config.STAFF_CLIENT_ID] = client_id
    return StaffPool(pool_id, client_id, region)


def sign_in(pool: StaffPool, username: str, password: str, idp: Any | None = None) -> str:
    """An ID token for a demo account, as the console gets one (USER_PASSWORD_AUTH)."""
    import boto3

    idp = idp or boto3.client("cognito-idp", region_name=pool.region)
    answer = idp.initiate_auth(
        ClientId=pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )
    return str(answer["AuthenticationResult"]["IdToken"])


# --- the Cognito user pool authorizer -----------------------------------------------------------------
def _refused(kind: str) -> HttpAnswer:
    status, body = gateway_refusal(kind)
    return json_answer(status, body)


def moto_jwks(endpoint: str, pool_id: str) -> dict[str, Any]:
    """The pool's signing keys, from moto's ``/<pool>/.well-known/jwks.json``."""
    with urllib.request.urlopen(f"{endpoint}/{pool_id}/.well-known/jwks.json", timeout=5) as answer:
        return dict(json.loads(answer.read()))


class CognitoAuthorizer:
    """Verifies a staff ID token as API Gateway's ``COGNITO_USER_POOLS`` authorizer does."""

    def __init__(
        self,
        pool: StaffPool,
        jwks: Callable[[], Mapping[str, Any]],
        clock: Callable[[], datetime] | None = None,
    ):
        self.pool = pool
        self._jwks = jwks
        self._keys: Any = None
        self._clock = clock or (lambda: datetime.now(UTC))

    def __call__(self, event: dict[str, Any], body: bytes) -> HttpAnswer | None:
        headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
        token = (headers.get("authorization") or "").strip()
        token = token[len("bearer ") :].strip() if token.lower().startswith("bearer ") else token
        claims = self.verify(token) if token else None
        if claims is None:
            return _refused("UNAUTHORIZED")
        event["requestContext"]["authorizer"] = {"claims": api_gateway_claims(claims)}
        return None

    def verify(self, token: str) -> dict[str, Any] | None:
        """The token's claims if the pool signed it, for this pool, as an ID token, unexpired."""
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        if self._keys is None:
            self._keys = KeySet.import_key_set(dict(self._jwks()))  # type: ignore[arg-type]
        try:
            claims = dict(jwt.decode(token, self._keys, algorithms=["RS256"]).claims)
        except (JoseError, ValueError):
            return None
        now = self._clock().timestamp()
        if claims.get("iss") != self.pool.issuer or claims.get("token_use") != "id":
            return None
        if not isinstance(claims.get("exp"), int | float) or claims["exp"] <= now:
            return None
        return claims


def api_gateway_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Claims as a REST API's Cognito authorizer hands them on: strings, lists comma-joined, times
    in its own date format (``Fri Nov 20 10:00:00 UTC 2026``)."""
    shown: dict[str, str] = {}
    for name, value in claims.items():
        if name in ("exp", "iat", "auth_time") and isinstance(value, int | float):
            shown[name] = datetime.fromtimestamp(value, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
        elif isinstance(value, list | tuple):
            shown[name] = ",".join(str(item) for item in value)
        elif isinstance(value, bool):
            shown[name] = str(value).lower()
        else:
            shown[name] = str(value)
    return shown


# --- IAM authorisation (SigV4) ----------------------------------------------------------------------------
class SigV4Authorizer:
    """Verifies a request signed with AWS Signature Version 4 for ``execute-api``, as API Gateway
    does for ``AWS_IAM`` methods, against the credentials this emulation knows."""

    def __init__(
        self,
        region: str,
        credentials: Mapping[str, tuple[str, str | None]],
        identity_arn: str = LOCAL_INTEGRATION_ARN,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.region = region
        self.credentials = dict(credentials)  # access key id -> (secret key, session token)
        self.identity_arn = identity_arn
        self._clock = clock or (lambda: datetime.now(UTC))

    @classmethod
    def from_environment(cls, region: str) -> SigV4Authorizer:
        key, secret = os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]
        return cls(region, {key: (secret, os.environ.get("AWS_SESSION_TOKEN"))})

    def __call__(self, event: dict[str, Any], body: bytes) -> HttpAnswer | None:
        headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
        parsed = _parse_authorization(headers.get("authorization", ""))
        if parsed is None or "x-amz-date" not in headers:
            return _refused("MISSING_AUTHENTICATION_TOKEN")
        access_key, scope, signed_headers, signature = parsed
        known = self.credentials.get(access_key)
        if known is None or scope[1:] != [self.region, "execute-api", "aws4_request"]:
            return _refused("ACCESS_DENIED")
        secret, token = known
        if token is not None and headers.get("x-amz-security-token") != token:
            return _refused("ACCESS_DENIED")
        try:
            signed_at = datetime.strptime(headers["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            return _refused("INVALID_SIGNATURE")
        if abs(self._clock() - signed_at) > SIGNATURE_TTL or scope[0] != headers["x-amz-date"][:8]:
            return _refused("EXPIRED_TOKEN")
        expected = self._signature(event, headers, signed_headers, body, access_key, secret, token)
        if expected is None or not hmac.compare_digest(expected, signature):
            return _refused("INVALID_SIGNATURE")
        event["requestContext"]["identity"].update(
            accountId=FAKE_ACCOUNT_ID,
            accessKey=access_key,
            caller=f"AIDALOCAL:{access_key}",
            user=f"AIDALOCAL:{access_key}",
            userArn=self.identity_arn,
        )
        return None

    def _signature(
        self,
        event: dict[str, Any],
        headers: Mapping[str, str],
        signed_headers: list[str],
        body: bytes,
        access_key: str,
        secret: str,
        token: str | None,
    ) -> str | None:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        if "host" not in signed_headers or any(name not in headers for name in signed_headers):
            return None
        query = urlencode(
            [
                (name, value)
                for name, values in (event.get("multiValueQueryStringParameters") or {}).items()
                for value in values
            ]
        )
        url = f"http://{headers['host']}{event['path']}" + (f"?{query}" if query else "")
        request = AWSRequest(
            method=event["httpMethod"],
            url=url,
            data=body,
            headers={name: headers[name] for name in signed_headers},
        )
        request.context["timestamp"] = headers["x-amz-date"]
        signer = SigV4Auth(Credentials(access_key, secret, token), "execute-api", self.region)
        canonical = signer.canonical_request(request)
        if signer.signed_headers(signer.headers_to_sign(request)) != ";".join(signed_headers):
            return None
        return str(signer.signature(signer.string_to_sign(request, canonical), request))


def _parse_authorization(value: str) -> tuple[str, list[str], list[str], str] | None:
    """``AWS4-HMAC-SHA256 Credential=AKID/20261120/eu-west-2/execute-api/aws4_request,
    SignedHeaders=host;x-amz-date, Signature=hex`` -> its four parts, or None."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != "AWS4-HMAC-SHA256":
        return None
    parts = dict(part.strip().partition("=")[::2] for part in rest.split(","))
    credential, signed, signature = (
        parts.get("Credential"),
        parts.get("SignedHeaders"),
        parts.get("Signature"),
    )
    if not credential or not signed or not signature or credential.count("/") != 4:
        return None
    access_key, *scope = credential.split("/")
    return access_key, scope, signed.split(";"), signature


# --- the staff API's routes on the local gateway ------------------------------------------------------------
STAFF_HANDLER = "functions.staff_api.handler.lambda_handler"


def staff_routes(pool: StaffPool, region: str, endpoint: str) -> list[Route]:
    """``/staff/`` behind the Cognito authorizer and ``/system/`` behind IAM, into the staff API."""
    cognito = CognitoAuthorizer(pool, lambda: moto_jwks(endpoint, pool.pool_id))
    return [
        Route(
            prefix="/staff/",
            resource="/staff/{proxy+}",
            handler=STAFF_HANDLER,
            function_name="frontdoor-local-staff-api",
            authorizer=cognito,
        ),
        Route(
            prefix="/system/",
            resource="/system/{proxy+}",
            handler=STAFF_HANDLER,
            function_name="frontdoor-local-staff-api",
            authorizer=SigV4Authorizer.from_environment(region),
        ),
    ]


def sign_in_example(endpoint: str, pool: StaffPool, person: DemoStaff) -> str:
    """A shell line that signs a demo account in (InitiateAuth on moto) and keeps its ID token."""
    request = json.dumps(
        {
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": pool.client_id,
            "AuthParameters": {"USERNAME": person.username, "PASSWORD": person.password},
        },
        separators=(",", ":"),
    )
    extract = "import json,sys;print(json.load(sys.stdin)['AuthenticationResult']['IdToken'])"
    return (
        f"TOKEN=$(curl -s {endpoint}/ -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth'"
        f" -H 'Content-Type: application/x-amz-json-1.1' -d '{request}' | python3 -c \"{extract}\")"
    )


def staff_banner(base_url: str) -> list[str]:
    """How to sign in and call the staff API, for make run's banner (never fatal: it is only help)."""
    pool_id, client_id = os.environ.get(config.STAFF_USER_POOL_ID), os.environ.get(config.STAFF_CLIENT_ID)
    endpoint, region = os.environ.get("AWS_ENDPOINT_URL"), os.environ.get("AWS_DEFAULT_REGION", "eu-west-2")
    if not (pool_id and client_id and endpoint):
        return ["  staff API          (no staff user pool: sign-in is not set up)"]
    pool = StaffPool(pool_id, client_id, region)
    accounts = ", ".join(f"{person.username} / {person.password}" for person in DEMO_STAFF)
    return [
        f"  staff API          {base_url}/staff/v1/ (Authorization: <ID token>; docs/staff-api-openapi.yaml)",
        f"  staff sign-in      user pool {pool_id}, app client {client_id}",
        f"  demo staff         {accounts}  (local only)",
        f"  sign in            {sign_in_example(endpoint, pool, DEMO_STAFF[1])}",
        f"  then               curl -s '{base_url}/staff/v1/cases?status=open' -H \"Authorization: $TOKEN\"",
        f"  as a system (IAM)  curl -s {base_url}/system/v1/me --aws-sigv4 aws:amz:{region}:execute-api"
        " --user testing:testing -H 'x-amz-security-token: testing'",
    ]
