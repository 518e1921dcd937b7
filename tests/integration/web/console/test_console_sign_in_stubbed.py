"""Signing in where Cognito answers as moto does not: botocore's Stubber plays the exact requests and
answers of the Cognito API reference. An account that must set up an authenticator app at its
first sign-in (MFA_SETUP straight from InitiateAuth), an email alias answered under the username
Cognito names, a challenge left too long, lockouts, Cognito down, and challenges the console does
not offer."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber

from local.staff import StaffPool
from tests.integration.web.console.console_browser import (
    ConsoleBrowser,
    errors_of,
    moto_private_key,
    title_of,
)
from web.console import cognito
from web.console.cognito import DEVICE_NAME, CognitoSignIn

PASSWORD = "Staff-password-1!"
# Cognito's challenge sessions are opaque strings of 20 to 2048 characters.
S1, S2, S3 = (f"AYABe{n}" + "Qx7" * 20 for n in range(1, 4))
ALIAS, USERNAME = "sam.staff@council.example", "sam.staff"


@pytest.fixture
def stub(staff_pool: StaffPool) -> Iterator[Stubber]:
    client = botocore.session.get_session().create_client(
        "cognito-idp", region_name="eu-west-2", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with Stubber(client) as stubber:
        cognito.use_sign_in(CognitoSignIn(client, staff_pool.client_id))
        yield stubber
        stubber.assert_no_pending_responses()
    cognito.use_sign_in(None)


def _tokens(pool: StaffPool, group: str = "back_office") -> dict[str, Any]:
    """Cognito's AuthenticationResult, with an ID token of the pool for the console's client."""
    from joserfc import jwt

    now = int(time.time())
    claims = {
        "sub": str(uuid.uuid4()),
        "iss": pool.issuer,
        "aud": pool.client_id,
        "token_use": "id",
        "cognito:username": USERNAME,
        "cognito:groups": [group],
        "email": ALIAS,
        "iat": now,
        "auth_time": now,
        "exp": now + 3600,
    }
    id_token = jwt.encode({"alg": "RS256", "kid": "dummy"}, claims, moto_private_key())
    return {
        "AuthenticationResult": {
            "IdToken": id_token,
            "AccessToken": "access-token-" + uuid.uuid4().hex,
            "RefreshToken": "refresh-token-" + uuid.uuid4().hex,
            "ExpiresIn": 3600,
            "TokenType": "Bearer",
        },
        "ChallengeParameters": {},
    }


def _initiate(stub: Stubber, pool: StaffPool, answer: dict[str, Any] | None = None, error: str | None = None):
    expected = {
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": pool.client_id,
        "AuthParameters": {"USERNAME": ALIAS, "PASSWORD": PASSWORD},
    }
    if error:
        stub.add_client_error("initiate_auth", error, "refused", 400, expected_params=expected)
    else:
        stub.add_response("initiate_auth", answer, expected)


def _start(console: ConsoleBrowser) -> Any:
    console.get("/console/sign-in")
    return console.post("/console/sign-in", [("username", ALIAS), ("password", PASSWORD)])


def test_an_account_without_an_authenticator_sets_one_up_and_answers_as_the_username(
    console, stub, staff_pool
):
    mfas = '["SOFTWARE_TOKEN_MFA"]'
    _initiate(
        stub,
        staff_pool,
        {
            "ChallengeName": "MFA_SETUP",
            "Session": S1,
            "ChallengeParameters": {"MFAS_CAN_SETUP": mfas, "USER_ID_FOR_SRP": USERNAME},
        },
    )
    stub.add_response(
        "associate_software_token", {"SecretCode": "JBSWY3DPEHPK3PXP", "Session": S2}, {"Session": S1}
    )
    answer = _start(console)
    assert answer.headers["location"] == "/console/sign-in/set-up-authenticator"
    page = console.get(answer.headers["location"])
    assert "JBSW Y3DP EHPK 3PXP" in page.body
    assert f"Staff console ({USERNAME})" in page.body

    verify = {"Session": S2, "UserCode": "123456", "FriendlyDeviceName": DEVICE_NAME}
    stub.add_client_error(
        "verify_software_token",
        "EnableSoftwareTokenMFAException",
        "Code mismatch",
        400,
        expected_params=verify,
    )
    wrong = console.post("/console/sign-in/set-up-authenticator", [("code", "123 456")])
    assert wrong.status == 400
    assert errors_of(wrong) == [
        "The code is not correct: enter the 6-digit code your authenticator app shows now"
    ]

    stub.add_response("verify_software_token", {"Status": "SUCCESS", "Session": S3}, verify)
    stub.add_response(
        "respond_to_auth_challenge",
        _tokens(staff_pool),
        {
            "ClientId": staff_pool.client_id,
            "ChallengeName": "MFA_SETUP",
            "Session": S3,
            "ChallengeResponses": {"USERNAME": USERNAME},
        },
    )
    done = console.post("/console/sign-in/set-up-authenticator", [("code", "123456")])
    assert done.status == 303 and done.headers["location"] == "/console/search"
    assert f"Signed in as <strong>{USERNAME}</strong> (Back office)" in console.get("/console/search").body


def test_a_challenge_left_too_long_starts_the_sign_in_again(console, stub, staff_pool):
    _initiate(
        stub,
        staff_pool,
        {
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "Session": S1,
            "ChallengeParameters": {"USER_ID_FOR_SRP": USERNAME},
        },
    )
    assert _start(console).headers["location"] == "/console/sign-in/code"
    console.get("/console/sign-in/code")
    stub.add_client_error(
        "respond_to_auth_challenge",
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
        400,
        expected_params={
            "ClientId": staff_pool.client_id,
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "Session": S1,
            "ChallengeResponses": {"USERNAME": USERNAME, "SOFTWARE_TOKEN_MFA_CODE": "654321"},
        },
    )
    answer = console.post("/console/sign-in/code", [("code", "654321")])
    assert answer.headers["location"] == "/console/sign-in?expired=1"
    page = console.get(answer.headers["location"])
    assert "Your sign-in took too long, so it was stopped. Sign in again." in page.body
    assert console.get("/console/sign-in/code").headers["location"] == "/console/sign-in"  # forgotten


@pytest.mark.parametrize(
    ("error", "status", "words"),
    [
        ("NotAuthorizedException", 400, "Enter a correct username and password"),
        ("UserNotFoundException", 400, "Enter a correct username and password"),
        ("TooManyRequestsException", 400, "You have tried too many times: wait 15 minutes, then try again"),
        (
            "PasswordResetRequiredException",
            400,
            "Your password has been reset: ask an admin for a new temporary password",
        ),
        (
            "InternalErrorException",
            503,
            "Signing in is not working at the moment: try again in a few minutes",
        ),
    ],
)
def test_cognitos_refusals_in_words(console, stub, staff_pool, error, status, words):
    _initiate(stub, staff_pool, error=error)
    page = _start(console)
    assert page.status == status
    assert errors_of(page) == [words]
    assert title_of(page).startswith("Error: Sign in to the staff console")


def test_a_challenge_the_console_does_not_offer_is_explained(console, stub, staff_pool):
    _initiate(stub, staff_pool, {"ChallengeName": "SMS_MFA", "Session": S1, "ChallengeParameters": {}})
    page = _start(console)
    assert page.status == 400
    assert errors_of(page) == [
        "Your account cannot sign in to the console yet: ask an admin to check its settings"
    ]
