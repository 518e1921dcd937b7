"""What the back office refuses, in words staff can act on.

Interfaces map each class to a status once (the staff API: 401, 403, 400, 409). Messages name
cases, statuses and fields, never what a resident wrote.
"""

from __future__ import annotations


class BackOfficeError(Exception):
    """Base of every back-office refusal; ``code`` is the stable machine-readable name."""

    code = "refused"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotSignedIn(BackOfficeError):
    """No usable identity came with the request."""

    code = "not_signed_in"


class NotAllowed(BackOfficeError):
    """The actor's role does not allow the action."""

    code = "forbidden"


class InvalidChange(BackOfficeError):
    """The request itself is wrong: a missing or malformed field, an unknown team, nothing to do."""

    code = "invalid"


class IllegalTransition(BackOfficeError):
    """The change is well formed but the case's state forbids it (reopening a merged case,
    closing without a public note, merging a case into itself or into a closed one)."""

    code = "illegal_transition"


class Unavailable(BackOfficeError):
    """What was asked needs something this stage has not configured (the lookup salt)."""

    code = "unavailable"


def error_body(code: str, message: str, field: str | None = None) -> dict[str, dict[str, str | None]]:
    """The one shape of every staff API error, whoever answers: the function or API Gateway."""
    return {"error": {"code": code, "message": message, "field": field}}


# What API Gateway answers on the staff API before the function runs (its gateway response type,
# the status, the code, the message), in the same shape. The local gateway answers the same.
GATEWAY_REFUSALS: tuple[tuple[str, int, str, str], ...] = (
    (
        "UNAUTHORIZED",
        401,
        "not_signed_in",
        "Sign in: send a staff account's ID token in the Authorization header.",
    ),
    (
        "MISSING_AUTHENTICATION_TOKEN",
        403,
        "not_signed_in",
        "No such route, or the request is not signed with AWS Signature Version 4.",
    ),
    ("INVALID_SIGNATURE", 403, "not_signed_in", "The request's signature does not match; sign it again."),
    ("EXPIRED_TOKEN", 403, "not_signed_in", "The request's credentials or signature have expired."),
    ("ACCESS_DENIED", 403, "forbidden", "These credentials may not call the staff API."),
    ("WAF_FILTERED", 403, "blocked", "The request was blocked by the council's firewall."),
    ("THROTTLED", 429, "throttled", "Too many requests; please try again in a minute."),
    ("REQUEST_TOO_LARGE", 413, "too_large", "The request is too large."),
    ("INTEGRATION_TIMEOUT", 504, "timeout", "The service took too long to answer; please try again."),
    ("DEFAULT_5XX", 502, "unavailable", "Something went wrong on our side; please try again later."),
)


def gateway_refusal(kind: str) -> tuple[int, dict[str, dict[str, str | None]]]:
    """The status and body API Gateway gives for a refusal of this kind."""
    status, code, message = next((s, c, m) for k, s, c, m in GATEWAY_REFUSALS if k == kind)
    return status, error_body(code, message)
