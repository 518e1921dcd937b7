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
