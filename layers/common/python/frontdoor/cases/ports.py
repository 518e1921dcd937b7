"""The case store as the domain sees it. dynamo.py implements it on DynamoDB; tests use a fake."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from .audit import AuditRecord
from .model import Case, CaseQuery, Reporter, Update


class CaseRepository(Protocol):
    def add(
        self,
        case: Case,
        first_update: Update,
        reporter: Reporter | None,
        reporter_expires_at: datetime,
        token: str,
        caller_key: str | None = None,
        email_key: str | None = None,
        audit: Sequence[AuditRecord] = (),
    ) -> None:
        """Write the case, its first update, its reporter and its token at once, or nothing.

        With a caller_key (the reporter gave a phone number) or an email_key (an email address),
        the resident's link to the case is written in the same transaction and expires with the
        reporter; so are the audit records of a case staff logged. Raises ReferenceTaken when the
        reference (or token) is already in use.
        """

    def get(self, reference: str) -> Case | None: ...

    def get_many(self, references: Sequence[str]) -> list[Case]:
        """The cases that exist among these references (at most 100), in no particular order."""

    def history(self, reference: str) -> list[Update]:
        """The case's updates, public and internal, oldest first."""

    def reporter(self, reference: str, now: datetime) -> Reporter | None:
        """The reporter's personal data, or None once the retention period has passed."""

    def reference_for_token(self, token: str) -> str | None: ...

    def find(self, query: CaseQuery) -> list[Case]:
        """Cases requested within the query's window, newest first, at most query.limit."""

    def open_near(self, service_code: str, lat: float, long: float, radius_m: int) -> list[Case]:
        """Open cases of the service whose index cell is near the point (candidates: not yet by distance)."""

    def updates_between(self, start: datetime, end: datetime, limit: int) -> list[Update]:
        """Public updates made within [start, end], oldest first, at most limit."""

    def references_for_caller(self, caller_key: str, now: datetime, limit: int) -> list[str]:
        """The cases reported with this phone number (its caller key), newest first; links
        expired by ``now`` left out."""

    def references_for_email(self, email_key: str, now: datetime, limit: int) -> list[str]:
        """The cases reported with this email address (its key), newest first; expired links left out."""

    def count_demand(self, service_code: str, day: date) -> None:
        """Add one to the service's requests on that day: one atomic ADD, no read first."""

    def demand_between(self, first: date, last: date) -> dict[str, int]:
        """Requests per service_code over the days first..last (inclusive), from one Query."""
