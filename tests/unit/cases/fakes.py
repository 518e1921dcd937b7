"""An in-memory case store with the port's behaviour, for unit tests of the domain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from frontdoor.cases.audit import AuditRecord
from frontdoor.cases.errors import ReferenceTaken
from frontdoor.cases.model import Case, CaseQuery, Reporter, Update
from frontdoor.geo.nearby import INDEX_PRECISION, cells_covering, geohash


@dataclass
class InMemoryCaseRepository:
    cases: dict[str, Case] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    reporters: dict[str, tuple[Reporter, datetime]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)  # references to refuse, to simulate collisions
    # caller key -> (reference, requested_at, expires_at) of each case the caller reported
    caller_links: dict[str, list[tuple[str, datetime, datetime]]] = field(default_factory=dict)
    email_links: dict[str, list[tuple[str, datetime, datetime]]] = field(default_factory=dict)
    demand: dict[tuple[date, str], int] = field(default_factory=dict)  # (day, service_code) -> requests
    demand_fails: bool = False  # to simulate a counter write that fails after the case is stored
    audit: list[AuditRecord] = field(default_factory=list)  # the audit table, which staff writes too

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
        if case.reference in self.cases or case.reference in self.taken or token in self.tokens:
            raise ReferenceTaken("taken")
        self.cases[case.reference] = case
        self.updates.append(first_update)
        self.tokens[token] = case.reference
        if reporter is not None and not reporter.is_empty:
            self.reporters[case.reference] = (reporter, reporter_expires_at)
        if caller_key is not None:
            link = (case.reference, case.requested_at, reporter_expires_at)
            self.caller_links.setdefault(caller_key, []).append(link)
        if email_key is not None:
            self.email_links.setdefault(email_key, []).append(
                (case.reference, case.requested_at, reporter_expires_at)
            )
        self.audit.extend(audit)

    def get(self, reference: str) -> Case | None:
        return self.cases.get(reference)

    def get_many(self, references: Sequence[str]) -> list[Case]:
        assert len(references) <= 100, "one BatchGetItem reads at most 100 keys"
        return [self.cases[reference] for reference in dict.fromkeys(references) if reference in self.cases]

    def history(self, reference: str) -> list[Update]:
        return sorted((u for u in self.updates if u.reference == reference), key=lambda u: u.updated_at)

    def reporter(self, reference: str, now: datetime) -> Reporter | None:
        found = self.reporters.get(reference)
        return found[0] if found and found[1] > now else None

    def reference_for_token(self, token: str) -> str | None:
        return self.tokens.get(token)

    def find(self, query: CaseQuery) -> list[Case]:
        matching = [
            case
            for case in self.cases.values()
            if query.start <= case.requested_at <= query.end
            and (not query.service_codes or case.service_code in query.service_codes)
            and (not query.statuses or case.status in query.statuses)
            and (not query.ward_code or case.ward_code == query.ward_code)
        ]
        return sorted(matching, key=lambda c: (c.requested_at, c.reference), reverse=True)[: query.limit]

    def open_near(self, service_code: str, lat: float, long: float, radius_m: int) -> list[Case]:
        cells = set(cells_covering(lat, long, radius_m))
        return [
            case
            for case in self.cases.values()
            if case.is_open
            and case.service_code == service_code
            and case.location.lat is not None
            and case.location.long is not None
            and geohash(case.location.lat, case.location.long, INDEX_PRECISION) in cells
        ]

    def updates_between(self, start: datetime, end: datetime, limit: int) -> list[Update]:
        public = (u for u in self.updates if u.public and start <= u.updated_at <= end)
        return sorted(public, key=lambda u: u.updated_at)[:limit]

    def references_for_caller(self, caller_key: str, now: datetime, limit: int) -> list[str]:
        return _newest_live(self.caller_links.get(caller_key, []), now, limit)

    def references_for_email(self, email_key: str, now: datetime, limit: int) -> list[str]:
        return _newest_live(self.email_links.get(email_key, []), now, limit)

    def count_demand(self, service_code: str, day: date) -> None:
        if self.demand_fails:
            raise ConnectionError("the counter write failed")
        self.demand[(day, service_code)] = self.demand.get((day, service_code), 0) + 1

    def demand_between(self, first: date, last: date) -> dict[str, int]:
        requests: dict[str, int] = {}
        for (day, service_code), count in self.demand.items():
            if first <= day <= last:
                requests[service_code] = requests.get(service_code, 0) + count
        return requests


def _newest_live(links: list[tuple[str, datetime, datetime]], now: datetime, limit: int) -> list[str]:
    live = [(requested_at, reference) for reference, requested_at, expires_at in links if expires_at > now]
    return [reference for _, reference in sorted(live, reverse=True)][:limit]
