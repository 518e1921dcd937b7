"""Filing a case: the rules every channel shares, on an in-memory store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.cases.errors import InvalidReport, NotOfferedOnChannel, UnknownService
from frontdoor.cases.model import Location, NewReport, Reporter
from frontdoor.cases.reference import is_valid
from frontdoor.cases.service import CaseService
from frontdoor.catalogue import default_catalogue
from frontdoor.geo.wards import default_wards
from tests.unit.cases.fakes import InMemoryCaseRepository

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday
CLOCK_TOWER = Location(lat=52.6369, long=-1.1398)
POTHOLE = NewReport(
    service_code="pothole",
    channel="open311",
    description="Deep pothole by the bus stop",
    location=CLOCK_TOWER,
    answers={"surface": ["road"], "size": ["large"]},
    reporter=Reporter(first_name="Ada", email="ada@example.com"),
)


@pytest.fixture
def store() -> InMemoryCaseRepository:
    return InMemoryCaseRepository()


@pytest.fixture
def cases(store: InMemoryCaseRepository) -> CaseService:
    return CaseService(
        default_catalogue(), default_wards(), store, timedelta(days=365), 50, clock=lambda: NOW
    )


def test_a_good_report_becomes_an_open_case_with_a_keyable_reference(cases: CaseService) -> None:
    filed = cases.file(POTHOLE)

    case = cases.get(filed.reference)
    assert is_valid(filed.reference)
    assert case.status == "open" and case.channel == "open311"
    assert case.answers == {"surface": "road", "size": "large"}
    assert case.ward_code is not None
    assert [u.description for u in cases.history(filed.reference)] == ["Report received"]


def test_expected_date_comes_from_the_service_standard_in_working_days(cases: CaseService) -> None:
    filed = cases.file(POTHOLE)  # 20 working days from a Friday: four weeks later, a Friday
    assert filed.expected_at == NOW + timedelta(days=28)
    assert "20 working days" in filed.service_notice


def test_reporter_personal_data_is_kept_apart_and_expires(
    cases: CaseService, store: InMemoryCaseRepository
) -> None:
    filed = cases.file(POTHOLE)
    assert store.reporter(filed.reference, NOW) == Reporter(first_name="Ada", email="ada@example.com")
    assert store.reporter(filed.reference, NOW + timedelta(days=366)) is None


def test_a_report_near_an_open_case_of_the_same_service_is_linked_to_it(cases: CaseService) -> None:
    first = cases.file(POTHOLE)
    nearby = replace(POTHOLE, location=Location(lat=52.63700, long=-1.13990))  # about 15 m away

    second = cases.file(nearby)

    assert second.reference != first.reference
    assert second.possible_duplicate_of == first.reference
    assert first.reference in second.service_notice
    assert cases.get(second.reference).duplicate_of == first.reference


def test_a_report_far_away_or_of_another_service_is_not_a_duplicate(cases: CaseService) -> None:
    cases.file(POTHOLE)
    far = cases.file(replace(POTHOLE, location=Location(lat=52.6390, long=-1.1398)))  # about 230 m
    graffiti = cases.file(
        replace(POTHOLE, service_code="graffiti", answers={"offensive": ["no"], "surface": ["wall"]})
    )
    assert far.possible_duplicate_of is None
    assert graffiti.possible_duplicate_of is None


def test_telecare_is_never_taken_online_and_points_to_its_24_7_line(cases: CaseService) -> None:
    report = NewReport(service_code="telecare", channel="web", location=Location(address="1 High Street"))
    with pytest.raises(NotOfferedOnChannel) as refused:
        cases.file(report)
    assert "24 hours" in refused.value.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"service_code": "no_such_service"}, "service_code"),
        ({"location": Location()}, "lat"),
        ({"location": Location(lat=52.63)}, "long"),
        ({"location": Location(lat=91.0, long=-1.13)}, "lat"),
        ({"location": Location(lat=51.5, long=-0.12)}, "lat"),  # London: outside the council's area
        ({"description": "x" * 4001}, "description"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"answers": {"surface": ["road"]}}, "attribute[size]"),
        ({"answers": {"surface": ["sky"], "size": ["large"]}}, "attribute[surface]"),
        ({"reporter": Reporter(email="not-an-email")}, "email"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"description": "Pot\x01hole"}, "description"),
        ({"answers": {"surface": ["ro\x0bad"], "size": ["large"]}}, "attribute[surface]"),
        ({"reporter": Reporter(first_name="A\x00da")}, "first_name"),
        ({"location": Location(address="1 High\ufffe St")}, "address"),
    ],
)
def test_bad_reports_are_refused_naming_the_field_and_nothing_is_written(
    cases: CaseService, store: InMemoryCaseRepository, change: dict, field: str
) -> None:
    with pytest.raises((InvalidReport, UnknownService)) as refused:
        cases.file(replace(POTHOLE, **change))
    assert refused.value.field == field
    assert store.cases == {} and store.updates == [] and store.reporters == {}


def test_enquiries_keep_the_residents_address_with_their_personal_data(
    cases: CaseService, store: InMemoryCaseRepository
) -> None:
    permit = NewReport(
        service_code="resident_parking_permit",
        channel="web",
        location=Location(address="12 Orchard Row, LE1 1AA"),
        answers={"permit_type": ["resident"], "vehicle_registration": ["AB12 CDE"]},
    )
    filed = cases.file(permit)

    assert cases.get(filed.reference).location == Location()
    reporter = store.reporter(filed.reference, NOW)
    assert reporter is not None and reporter.address == "12 Orchard Row, LE1 1AA"


def test_an_enquiry_needs_the_residents_address(cases: CaseService) -> None:
    with pytest.raises(InvalidReport) as refused:
        cases.file(NewReport(service_code="library_enquiry", channel="web", description="Opening hours?"))
    assert refused.value.field == "address_string"


def test_a_reference_collision_is_retried_with_a_new_reference(
    cases: CaseService, store: InMemoryCaseRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = iter(["123456782", "123456782", "765432105"])
    monkeypatch.setattr("frontdoor.cases.service.new_reference", lambda: next(issued))
    first = cases.file(POTHOLE)
    second = cases.file(replace(POTHOLE, location=Location(lat=52.645, long=-1.12)))
    assert (first.reference, second.reference) == ("123456782", "765432105")


def test_unknown_and_malformed_references_are_not_found(cases: CaseService) -> None:
    from frontdoor.cases.errors import CaseNotFound

    for reference in ("123456789", "abc", "1" * 200):
        with pytest.raises(CaseNotFound):
            cases.get(reference)


def test_what_a_resident_writes_about_their_care_expires_with_their_personal_data(
    cases: CaseService, store: InMemoryCaseRepository
) -> None:
    care = NewReport(
        service_code="adult_social_care",
        channel="web",
        description="Mum keeps falling since her stroke",
        location=Location(address="3 Mill Lane"),
        answers={
            "who_needs_support": ["someone_i_care_for"],
            "support_needed": ["Help washing and dressing"],
        },
        reporter=Reporter(phone="01632 960002"),
    )
    filed = cases.file(care)

    case = cases.get(filed.reference)
    assert case.answers == {"who_needs_support": "someone_i_care_for"}  # structured answers stay
    assert case.description == ""
    personal = store.reporter(filed.reference, NOW)
    assert personal is not None
    assert personal.answers == {"support_needed": "Help washing and dressing"}
    assert personal.description == "Mum keeps falling since her stroke"
    assert store.reporter(filed.reference, NOW + timedelta(days=366)) is None


def test_a_public_problems_description_stays_with_the_case_but_free_text_answers_do_not(
    cases: CaseService, store: InMemoryCaseRepository
) -> None:
    report = replace(
        POTHOLE,
        service_code="fly_tipping",
        answers={
            "waste_types": ["tyres"],
            "amount": ["car_boot"],
            "witnessed": ["A man in a white van, LE1 2AB"],
        },
    )
    filed = cases.file(report)

    assert cases.get(filed.reference).description == POTHOLE.description
    assert "witnessed" not in cases.get(filed.reference).answers
    personal = store.reporter(filed.reference, NOW)
    assert personal is not None and personal.answers == {"witnessed": "A man in a white van, LE1 2AB"}
