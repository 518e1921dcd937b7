"""What can go wrong when filing or reading a case, in the domain's words.

Interfaces map these to their own error formats once (Open311: 400/404 with {code, description}).
Messages are safe to show to a resident: they never echo what was typed.
"""

from __future__ import annotations


class CaseError(Exception):
    """Base of every case domain error."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidReport(CaseError):
    """The report breaks a rule: a missing location, bad coordinates, a bad description..."""


class UnknownService(CaseError):
    """No service in the catalogue has this code."""


class NotOfferedOnChannel(CaseError):
    """The service exists but is not taken on this channel (telecare is phone-only, for example)."""


class CaseNotFound(CaseError):
    """No case has this reference (or token)."""


class ReferenceTaken(CaseError):
    """A new case's reference collided with an existing one: the caller retries with another."""


class CaseChanged(CaseError):
    """Someone else changed the case since it was read: read it again and redo the change."""
