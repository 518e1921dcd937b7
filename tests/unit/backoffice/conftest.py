"""A back office on in-memory stores, a clock that moves on a minute per reading, and staff."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.backoffice.roles import Actor
from frontdoor.backoffice.service import BackOffice
from frontdoor.cases.model import Location, NewReport, Reporter
from frontdoor.cases.service import CaseService
from frontdoor.catalogue import default_catalogue
from frontdoor.contacts.phone import CallerKeys
from frontdoor.geo.wards import default_wards
from tests.unit.backoffice.fakes import InMemoryStaffStore
from tests.unit.cases.fakes import InMemoryCaseRepository

START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
CLOCK_TOWER = Location(lat=52.6369, long=-1.1398)
SALT = "unit-test-salt-0123456789"


def pothole(**reporter: str) -> NewReport:
    return NewReport(
        service_code="pothole",
        channel="open311",
        description="Deep pothole by the bus stop",
        location=CLOCK_TOWER,
        answers={"surface": ["road"], "size": ["large"]},
        reporter=Reporter(**reporter),
    )


def staff(*groups: str, sub: str = "") -> Actor:
    name = "-".join(groups) or "nobody"
    return Actor.staff(sub or f"sub-{name}", f"{name}.user", groups)


ADVISOR = staff("advisor")
BACK_OFFICE = staff("back_office")
SUPERVISOR = staff("supervisor")
ADMIN = staff("admin")
SYSTEM = Actor.system("arn:aws:iam::123456789012:role/integration")


@pytest.fixture
def clock() -> Callable[[], datetime]:
    ticks: Iterator[int] = iter(range(10_000))
    return lambda: START + timedelta(minutes=next(ticks))


@pytest.fixture
def repository() -> InMemoryCaseRepository:
    return InMemoryCaseRepository()


@pytest.fixture
def store(repository: InMemoryCaseRepository) -> InMemoryStaffStore:
    return InMemoryStaffStore(repository)


@pytest.fixture
def cases(repository: InMemoryCaseRepository, clock: Callable[[], datetime]) -> CaseService:
    return CaseService(
        default_catalogue(),
        default_wards(),
        repository,
        timedelta(days=365),
        50,
        clock=clock,
        caller_keys=CallerKeys(SALT),
    )


@pytest.fixture
def office(cases: CaseService, store: InMemoryStaffStore, clock: Callable[[], datetime]) -> BackOffice:
    return BackOffice(cases=cases, store=store, clock=clock)


@pytest.fixture
def reference(cases: CaseService) -> str:
    """An open pothole case reported online by a resident who gave their email and phone."""
    return cases.file(pothole(email="ada@example.com", phone="01632 960001")).reference
