"""In-memory stand-ins for the contact store, texting and idempotent filing, for unit tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from frontdoor.cases.model import NewReport
from frontdoor.cases.service import CaseService
from frontdoor.contacts.model import CallerHistory, CallerProfile, SurveyAnswer
from frontdoor.messaging.ports import TextNotSent
from tests.unit.cases.fakes import InMemoryCaseRepository


@dataclass
class InMemoryContactRepository:
    """Callers' case links live in the case store's fake (written with the case, as in DynamoDB)."""

    cases: InMemoryCaseRepository
    profiles: dict[str, CallerProfile] = field(default_factory=dict)
    surveys: dict[tuple[str, str], SurveyAnswer] = field(default_factory=dict)

    def caller(self, caller_key: str, now: datetime, limit: int) -> CallerHistory:
        links = [link for link in self.cases.caller_links.get(caller_key, []) if link[2] > now]
        newest_first = sorted(links, key=lambda link: (link[1], link[0]), reverse=True)
        return CallerHistory(self.profiles.get(caller_key), tuple(link[0] for link in newest_first[:limit]))

    def save_profile(self, caller_key: str, profile: CallerProfile, now: datetime) -> None:
        self.profiles[caller_key] = profile

    def record_survey(self, answer: SurveyAnswer) -> None:
        self.surveys[(answer.contact_id, answer.question)] = answer


@dataclass
class RecordingTexts:
    sent: list[tuple[str, str]] = field(default_factory=list)
    refuse_with: str | None = None  # an error code: every text is refused with it

    def send(self, to: str, body: str) -> str:
        if self.refuse_with:
            raise TextNotSent(self.refuse_with)
        self.sent.append((to, body))
        return f"message-{len(self.sent)}"


@dataclass
class OnceFiler:
    """Idempotent filing as powertools does it: one case per key; the same key with another payload fails."""

    cases: CaseService
    filed: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (payload, reference)

    def __call__(self, key: str, payload: str, report: NewReport) -> str:
        if key in self.filed:
            earlier_payload, reference = self.filed[key]
            if earlier_payload != payload:
                raise ValueError("IdempotencyValidationError: the key was used for another payload")
            return reference
        reference = self.cases.file(report).reference
        self.filed[key] = (payload, reference)
        return reference
