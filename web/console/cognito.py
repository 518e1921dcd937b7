"""Signing staff in with Amazon Cognito, server-side: the only module of the console that calls it.

``USER_PASSWORD_AUTH`` on the console's app client (no secret: see docs/ARCHITECTURE.md), then the
challenges the staff pool can set: ``NEW_PASSWORD_REQUIRED`` (an invited member of staff's first
sign-in), ``MFA_SETUP`` (no authenticator app yet: AssociateSoftwareToken, then VerifySoftwareToken)
and ``SOFTWARE_TOKEN_MFA`` (a code from the app). Tokens are refreshed with ``REFRESH_TOKEN_AUTH`` and
revoked with ``GlobalSignOut`` on signing out. All are calls Cognito does not authorise with IAM:
the password, the challenge session or the token is the authorisation, so the console's role needs
no Cognito permission.

Cognito's refusals come back as ``SignInRefused`` with a kind the pages put in words. A wrong
username and a wrong password are the same kind (the app client also hides whether a user exists).
Nothing here logs a username, a password, a code or a token.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from frontdoor.observability import function_logger

ChallengeName = Literal["NEW_PASSWORD_REQUIRED", "MFA_SETUP", "SOFTWARE_TOKEN_MFA"]
CHALLENGES: tuple[ChallengeName, ...] = ("NEW_PASSWORD_REQUIRED", "MFA_SETUP", "SOFTWARE_TOKEN_MFA")
Refusal = Literal[
    "credentials",  # wrong username or password (or no such user, or not confirmed)
    "wrong_code",  # an authenticator code that does not match
    "expired",  # the challenge's session ran out (Cognito gives a few minutes)
    "weak_password",  # a new password the pool's policy refuses
    "reset_required",  # an admin reset the password: a new temporary one is needed
    "too_many",  # too many attempts: wait
    "unsupported",  # a challenge the console does not offer (SMS, email codes)
    "unavailable",  # Cognito did not answer
]
DEVICE_NAME = "Front Door staff console"
logger = function_logger("console")

_REFUSALS: dict[str, Refusal] = {
    "NotAuthorizedException": "credentials",
    "UserNotFoundException": "credentials",
    "UserNotConfirmedException": "credentials",
    "PasswordResetRequiredException": "reset_required",
    "CodeMismatchException": "wrong_code",
    "ExpiredCodeException": "wrong_code",
    "EnableSoftwareTokenMFAException": "wrong_code",
    "InvalidPasswordException": "weak_password",
    "PasswordHistoryPolicyViolationException": "weak_password",
    "TooManyRequestsException": "too_many",
    "TooManyFailedAttemptsException": "too_many",
    "LimitExceededException": "too_many",
}
# The app client or pool is wrong (a deploy fault): an error page and a log line, not a refusal.
_FAULTS = frozenset({"ResourceNotFoundException", "InvalidUserPoolConfigurationException"})


@dataclass(frozen=True)
class Tokens:
    id_token: str
    access_token: str
    refresh_token: str


@dataclass(frozen=True)
class Challenge:
    """A sign-in half done: what Cognito asks next, its session, and the user it is about."""

    name: ChallengeName
    session: str
    username: str
    # MFA_SETUP, once associated: the secret key to type into an authenticator app.
    secret: str | None = None


Outcome = Tokens | Challenge


class SignInRefused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal)
        self.refusal: Refusal = refusal


class CognitoSignIn:
    def __init__(self, client: Any, client_id: str) -> None:
        self.client = client
        self.client_id = client_id

    def start(self, username: str, password: str) -> Outcome:
        answer = self._call(
            self.client.initiate_auth,
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=self.client_id,
            AuthParameters={"USERNAME": username, "PASSWORD": password},
        )
        return self._outcome(answer, username)

    def new_password(self, challenge: Challenge, password: str) -> Outcome:
        return self._respond(challenge, {"NEW_PASSWORD": password}, invalid="weak_password")

    def associate_authenticator(self, challenge: Challenge) -> Challenge:
        """MFA_SETUP: a new secret for the member of staff's authenticator app."""
        answer = self._call(self.client.associate_software_token, challenge=True, Session=challenge.session)
        return replace(challenge, session=str(answer["Session"]), secret=str(answer["SecretCode"]))

    def verify_authenticator(self, challenge: Challenge, code: str) -> Outcome:
        """MFA_SETUP: the app's first code proves it holds the secret; then the sign-in goes on."""
        answer = self._call(
            self.client.verify_software_token,
            challenge=True,
            Session=challenge.session,
            UserCode=code,
            FriendlyDeviceName=DEVICE_NAME,
        )
        if answer.get("Status") != "SUCCESS":
            raise SignInRefused("wrong_code")
        return self._respond(replace(challenge, session=str(answer["Session"])), {})

    def code(self, challenge: Challenge, code: str) -> Outcome:
        return self._respond(challenge, {"SOFTWARE_TOKEN_MFA_CODE": code})

    def refresh(self, tokens: Tokens) -> Tokens:
        """New ID and access tokens; ``SignInRefused`` once the refresh token is revoked or expired."""
        answer = self._call(
            self.client.initiate_auth,
            AuthFlow="REFRESH_TOKEN_AUTH",
            ClientId=self.client_id,
            AuthParameters={"REFRESH_TOKEN": tokens.refresh_token},
        )
        result = answer.get("AuthenticationResult") or {}
        if "IdToken" not in result:
            raise SignInRefused("expired")
        return Tokens(
            id_token=result["IdToken"],
            access_token=result["AccessToken"],
            # With refresh-token rotation Cognito sends a new one; otherwise the old one goes on.
            refresh_token=result.get("RefreshToken") or tokens.refresh_token,
        )

    def sign_out(self, tokens: Tokens) -> None:
        """Revoke the member of staff's tokens (their refresh tokens stop working everywhere)."""
        self._call(self.client.global_sign_out, AccessToken=tokens.access_token)

    # --- Cognito's answers -------------------------------------------------------------------------
    def _respond(
        self, challenge: Challenge, responses: dict[str, str], invalid: Refusal | None = None
    ) -> Outcome:
        answer = self._call(
            self.client.respond_to_auth_challenge,
            challenge=True,
            invalid=invalid,
            ClientId=self.client_id,
            ChallengeName=challenge.name,
            Session=challenge.session,
            ChallengeResponses={"USERNAME": challenge.username, **responses},
        )
        return self._outcome(answer, challenge.username)

    def _outcome(self, answer: dict[str, Any], username: str) -> Outcome:
        result = answer.get("AuthenticationResult")
        if result:
            return Tokens(result["IdToken"], result["AccessToken"], result["RefreshToken"])
        name = answer.get("ChallengeName")
        if name not in CHALLENGES:
            logger.warning("sign-in challenge not offered", extra={"challenge": str(name)[:40]})
            raise SignInRefused("unsupported")
        parameters = answer.get("ChallengeParameters") or {}
        # Challenges must name the user as Cognito does (an email alias signs in; the username answers).
        named = parameters.get("USER_ID_FOR_SRP") or parameters.get("USERNAME") or username
        return Challenge(cast(ChallengeName, name), str(answer["Session"]), str(named))

    def _call(
        self,
        method: Any,
        *,
        challenge: bool = False,
        invalid: Refusal | None = None,
        **request: Any,
    ) -> dict[str, Any]:
        """Call Cognito; its refusals become ``SignInRefused`` (``invalid``: what a parameter it
        refuses means, such as a new password it cannot take)."""
        from botocore.exceptions import BotoCoreError, ClientError

        operation = getattr(method, "__name__", "cognito")
        try:
            return dict(method(**request))
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code in _FAULTS:
                raise
            refusal = _REFUSALS.get(code)
            if refusal == "credentials" and challenge:
                refusal = "expired"  # a challenge's session is the credential, and it has run out
            if refusal is None and code == "InvalidParameterException":
                refusal = invalid
            if refusal is None:
                logger.warning("Cognito refused", extra={"operation": operation, "code": code})
                refusal = "unavailable"
            raise SignInRefused(refusal) from None
        except BotoCoreError as error:
            logger.warning(
                "Cognito did not answer", extra={"operation": operation, "error": type(error).__name__}
            )
            raise SignInRefused("unavailable") from None


_sign_in: CognitoSignIn | None = None


def cognito_sign_in() -> CognitoSignIn:
    """The process's sign-in service, on the functions' one botocore session."""
    global _sign_in
    if _sign_in is None:
        from frontdoor.wiring import aws_client
        from web.console.settings import console_settings

        _sign_in = CognitoSignIn(aws_client("cognito-idp"), console_settings().client_id)
    return _sign_in


def use_sign_in(replacement: CognitoSignIn | None) -> None:
    """Tests: sign in through another client (a Stubber's), or None to go back to the default."""
    global _sign_in
    _sign_in = replacement
