"""Demand counters: each filed report counts once for its service and day, and the home page's
most-requested tasks follow them (catalogue order breaks ties; no demand means the catalogue's first)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from frontdoor.cases import demand
from frontdoor.cases.errors import InvalidReport
from frontdoor.cases.model import Location, NewReport, Reporter
from frontdoor.cases.service import CaseService
from frontdoor.catalogue import default_catalogue
from frontdoor.geo.wards import default_wards
from tests.unit.cases.fakes import InMemoryCaseRepository

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
POTHOLE = NewReport(
    service_code="pothole",
    channel="web",
    description="Deep pothole by the bus stop",
    location=Location(lat=52.6369, long=-1.1398),
    answers={"surface": ["road"], "size": ["large"]},
    reporter=Reporter(email="ada@example.com"),
)
GRAFFITI = NewReport(
    service_code="graffiti",
    channel="phone",
    location=Location(lat=52.6369, long=-1.1398),
    answers={"offensive": ["no"], "surface": ["wall"]},
)


@pytest.fixture
def store() -> InMemoryCaseRepository:
    return InMemoryCaseRepository()


def service_at(store: InMemoryCaseRepository, moment: datetime) -> CaseService:
    return CaseService(
        default_catalogue(), default_wards(), store, timedelta(days=365), 50, clock=lambda: moment
    )


def web_codes(services: list) -> list[str]:
    return [service.service_code for service in services]


def first_six_web_services() -> list[str]:
    return [s.service_code for s in default_catalogue().for_channel("web")][:6]


def test_each_filed_report_adds_one_to_its_service_on_that_day_whatever_the_channel(store):
    cases = service_at(store, NOW)
    cases.file(POTHOLE)
    cases.file(POTHOLE)
    cases.file(GRAFFITI)

    assert store.demand == {(date(2026, 11, 20), "pothole"): 2, (date(2026, 11, 20), "graffiti"): 1}


def test_a_report_counts_on_the_councils_day_not_utcs(store):
    half_past_midnight_bst = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    service_at(store, half_past_midnight_bst).file(POTHOLE)
    assert list(store.demand) == [(date(2026, 7, 2), "pothole")]


def test_a_refused_report_counts_for_nothing(store):
    with pytest.raises(InvalidReport):
        service_at(store, NOW).file(replace(POTHOLE, location=Location(lat=0.0, long=0.0)))
    assert store.demand == {}


def test_a_failed_counter_write_never_fails_the_report(store):
    store.demand_fails = True
    filed = service_at(store, NOW).file(POTHOLE)
    assert filed.reference in store.cases


def test_with_no_demand_the_tasks_are_the_catalogues_first_six_web_services(store):
    assert web_codes(service_at(store, NOW).most_requested()) == first_six_web_services()


def test_the_most_requested_come_first_and_ties_keep_catalogue_order(store):
    store.demand = {
        (date(2026, 11, 19), "graffiti"): 3,
        (date(2026, 11, 20), "graffiti"): 2,  # summed over the days: 5
        (date(2026, 11, 1), "noise_complaint"): 4,
        (date(2026, 11, 18), "fly_tipping"): 4,  # a tie with noise: fly-tipping is earlier in the catalogue
    }
    ranked = web_codes(service_at(store, NOW).most_requested())
    assert ranked[:3] == ["graffiti", "fly_tipping", "noise_complaint"]
    others = [code for code in first_six_web_services() if code not in ranked[:3]]
    assert ranked[3:] == others[:3]


def test_only_the_last_thirty_days_count(store):
    store.demand = {
        (date(2026, 10, 22), "graffiti"): 1,  # the window's first day: counted
        (date(2026, 10, 21), "noise_complaint"): 50,  # the day before: forgotten
    }
    ranked = web_codes(service_at(store, NOW).most_requested())
    assert ranked[0] == "graffiti"
    assert "noise_complaint" not in ranked


def test_services_not_offered_online_are_never_tasks_however_requested(store):
    store.demand = {(date(2026, 11, 20), "telecare"): 99}
    assert "telecare" not in web_codes(service_at(store, NOW).most_requested())


def test_the_window_is_inclusive_and_at_least_a_day():
    assert demand.window(date(2026, 11, 20)) == (date(2026, 10, 22), date(2026, 11, 20))
    assert demand.window(date(2026, 11, 20), days=1) == (date(2026, 11, 20), date(2026, 11, 20))
    with pytest.raises(ValueError):
        demand.window(date(2026, 11, 20), days=0)
