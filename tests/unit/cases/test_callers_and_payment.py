"""Filing, as every channel shares it: the caller's link to the case, services identified by an answer
in place of an address, and cases that wait for a payment."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.cases.errors import InvalidReport
from frontdoor.cases.model import AWAITING_PAYMENT_NOTE, RECEIVED_NOTE, Location, NewReport, Reporter
from frontdoor.cases.service import CaseService
from frontdoor.catalogue import default_catalogue
from frontdoor.contacts.phone import CallerKeys
from frontdoor.geo.wards import default_wards
from tests.unit.cases.fakes import InMemoryCaseRepository

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
KEYS = CallerKeys("unit-test-salt-0123456789")
POTHOLE = NewReport(
    service_code="pothole",
    channel="open311",
    location=Location(lat=52.6369, long=-1.1398),
    answers={"surface": ["road"], "size": ["large"]},
)
RENEWAL = NewReport(
    service_code="garden_waste_renewal",
    channel="phone",
    answers={"number_of_bins": ["2"], "subscription_reference": ["GW123456"]},
    reporter=Reporter(phone="+447700900456"),
)


@pytest.fixture
def store() -> InMemoryCaseRepository:
    return InMemoryCaseRepository()


def service(store: InMemoryCaseRepository, caller_keys: CallerKeys | None = KEYS) -> CaseService:
    return CaseService(
        default_catalogue(),
        default_wards(),
        store,
        timedelta(days=365),
        50,
        clock=lambda: NOW,
        caller_keys=caller_keys,
    )


def test_a_report_with_a_phone_number_links_the_case_to_that_caller_until_the_data_expires(
    store: InMemoryCaseRepository,
) -> None:
    filed = service(store).file(
        POTHOLE.__class__(**{**vars(POTHOLE), "reporter": Reporter(phone="07700 900456")})
    )

    assert store.caller_links == {
        KEYS.for_e164("+447700900456"): [(filed.reference, NOW, NOW + timedelta(days=365))]
    }


@pytest.mark.parametrize(
    "reporter", [Reporter(), Reporter(email="a@example.com"), Reporter(phone="01632 96")]
)
def test_without_a_usable_number_there_is_no_caller_link(
    store: InMemoryCaseRepository, reporter: Reporter
) -> None:
    service(store).file(replace(POTHOLE, reporter=reporter))

    assert store.caller_links == {}


def test_without_a_salt_no_caller_is_linked(store: InMemoryCaseRepository) -> None:
    service(store, caller_keys=None).file(
        NewReport(**{**vars(POTHOLE), "reporter": Reporter(phone="07700900456")})
    )

    assert store.caller_links == {}


def test_a_renewal_is_identified_by_its_subscription_reference_instead_of_an_address(
    store: InMemoryCaseRepository,
) -> None:
    filed = service(store).file(RENEWAL)

    case = store.cases[filed.reference]
    assert case.location == Location()
    assert case.answers == {"number_of_bins": "2"}
    assert store.reporter(filed.reference, NOW).answers == {"subscription_reference": "GW123456"}  # type: ignore[union-attr]


@pytest.mark.parametrize("subscription", [[], [""], ["   "]])
def test_a_renewal_with_neither_address_nor_subscription_is_refused(
    store: InMemoryCaseRepository, subscription: list[str]
) -> None:
    report = NewReport(
        **{**vars(RENEWAL), "answers": {"number_of_bins": ["1"], "subscription_reference": subscription}}
    )

    with pytest.raises(InvalidReport) as raised:
        service(store).file(report)

    assert raised.value.field == "attribute[subscription_reference]"
    assert "address_string or address_id" in raised.value.message


def test_an_answer_never_stands_in_for_the_address_of_a_service_that_names_none(
    store: InMemoryCaseRepository,
) -> None:
    permit = NewReport(
        service_code="resident_parking_permit",
        channel="web",
        answers={"permit_type": ["resident"], "vehicle_registration": ["AB12 CDE"]},
    )
    with pytest.raises(InvalidReport) as raised:
        service(store).file(permit)

    assert raised.value.field == "address_string"


def test_a_service_paid_for_by_link_starts_awaiting_payment_and_others_received(
    store: InMemoryCaseRepository,
) -> None:
    cases = service(store)

    renewal, pothole = cases.file(RENEWAL), cases.file(POTHOLE)

    assert store.cases[renewal.reference].status_notes == AWAITING_PAYMENT_NOTE
    assert [u.description for u in store.history(renewal.reference)] == [AWAITING_PAYMENT_NOTE]
    assert store.cases[renewal.reference].status == "open"
    assert store.cases[pothole.reference].status_notes == RECEIVED_NOTE


def test_many_cases_are_read_at_once_skipping_malformed_and_unknown_references(
    store: InMemoryCaseRepository,
) -> None:
    cases = service(store)
    filed = cases.file(POTHOLE)

    found = cases.get_many([filed.reference, "482019371", "not-a-ref", filed.reference])

    assert [case.reference for case in found] == [filed.reference]
