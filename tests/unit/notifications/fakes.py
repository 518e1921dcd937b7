"""In-memory stand-ins for what the notifier reads, keeps and sends, for unit tests."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from frontdoor.cases.model import Case, Location, Reporter, Update
from frontdoor.messaging.ports import EmailNotSent, TextNotSent
from frontdoor.notifications.ports import OptOutState

FILED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
REFERENCE = "482019371"
EXPIRES_AT = FILED_AT + timedelta(days=365)


def pothole_case(**changes: object) -> Case:
    case = Case(
        reference=REFERENCE,
        service_code="pothole",
        status="open",
        description="Deep pothole by the bus stop",
        location=Location(lat=52.6369, long=-1.1398),
        channel="web",
        answers={"surface": "road"},
        requested_at=FILED_AT,
        updated_at=FILED_AT,
        expected_at=FILED_AT + timedelta(days=4),
    )
    return replace(case, **changes)  # type: ignore[arg-type]


def first_update(**changes: object) -> Update:
    update = Update("u-first", REFERENCE, "open", "Report received", FILED_AT)
    return replace(update, **changes)  # type: ignore[arg-type]


def later_update(status: str, note: str = "", **changes: object) -> Update:
    update = Update("u-later", REFERENCE, status, note, FILED_AT + timedelta(days=1))  # type: ignore[arg-type]
    return replace(update, **changes)  # type: ignore[arg-type]


ADA = Reporter(first_name="Ada", email="ada@example.com", phone="07700 900123", consent_to_updates=True)


@dataclass
class FakeCases:
    cases: dict[str, Case] = field(default_factory=dict)
    reporters: dict[str, tuple[Reporter, datetime]] = field(default_factory=dict)

    def get(self, reference: str) -> Case | None:
        return self.cases.get(reference)

    def reporter(self, reference: str, now: datetime) -> Reporter | None:
        found = self.reporters.get(reference)
        return found[0] if found and found[1] > now else None


@dataclass
class FakeOptOuts:
    """Keeps the opt-out state per reference, as the reporter item would (gone with the reporter)."""

    cases: FakeCases
    secrets: dict[str, str] = field(default_factory=dict)
    opted_out: dict[str, datetime] = field(default_factory=dict)

    def _live(self, reference: str, now: datetime) -> bool:
        return self.cases.reporter(reference, now) is not None

    def link_secret(self, reference: str, new_secret: str, now: datetime) -> str | None:
        if not self._live(reference, now):
            return None
        return self.secrets.setdefault(reference, new_secret)

    def state(self, reference: str, now: datetime) -> OptOutState | None:
        if not self._live(reference, now):
            return None
        return OptOutState(self.secrets.get(reference), self.opted_out.get(reference))

    def opt_out(self, reference: str, secret: str, now: datetime) -> bool:
        if not self._live(reference, now) or self.secrets.get(reference) != secret:
            return False
        self.opted_out.setdefault(reference, now)
        reporter, expires_at = self.cases.reporters[reference]
        self.cases.reporters[reference] = (
            replace(reporter, opted_out_at=self.opted_out[reference]),
            expires_at,
        )
        return True


@dataclass
class SentEmail:
    to: str
    subject: str
    body: str
    unsubscribe_url: str | None


@dataclass
class FakeEmails:
    sent: list[SentEmail] = field(default_factory=list)
    failing_with: str | None = None  # a provider error code to refuse every email with

    def send_email(self, to: str, subject: str, body: str, unsubscribe_url: str | None = None) -> str:
        if self.failing_with:
            raise EmailNotSent(self.failing_with)
        self.sent.append(SentEmail(to, subject, body, unsubscribe_url))
        return f"email-{len(self.sent)}"


@dataclass
class FakeTexts:
    sent: list[tuple[str, str]] = field(default_factory=list)
    failing_with: str | None = None

    def send(self, to: str, body: str) -> str:
        if self.failing_with:
            raise TextNotSent(self.failing_with)
        self.sent.append((to, body))
        return f"text-{len(self.sent)}"
