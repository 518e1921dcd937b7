"""The pynamodb store on moto: what the in-memory fake cannot vouch for."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from frontdoor.cases.dynamo import DynamoCaseRepository
from frontdoor.cases.errors import ReferenceTaken
from frontdoor.cases.model import Case, CaseQuery, Location, Reporter, Update
from frontdoor.cases.tables import CasesTable

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def a_case(reference: str, requested_at: datetime = NOW, **changes: object) -> Case:
    case = Case(
        reference=reference,
        service_code="pothole",
        status="open",
        description="Deep pothole",
        location=Location(lat=52.6369, long=-1.1398),
        channel="web",
        answers={"surface": "road", "waste": ["tyres", "household"]},
        requested_at=requested_at,
        updated_at=requested_at,
        expected_at=requested_at + timedelta(days=28),
        ward_code="E05990005",
    )
    return replace(case, **changes)  # type: ignore[arg-type]


def first_update(reference: str, at: datetime = NOW) -> Update:
    return Update(f"u-{reference}", reference, "open", "Report received", at)


@pytest.fixture
def store(aws: None) -> DynamoCaseRepository:
    from frontdoor.wiring import case_service

    case_service()  # binds the models to the environment's tables, as a function does
    return DynamoCaseRepository()


def count_items() -> int:
    table = CasesTable.Meta.table_name
    return int(boto3.client("dynamodb").scan(TableName=table, Select="COUNT")["Count"])  # tests only


def test_a_case_reads_back_as_it_was_written(store: DynamoCaseRepository) -> None:
    case = a_case("123456782")
    store.add(
        case, first_update(case.reference), Reporter(email="a@example.com"), NOW + timedelta(days=1), "t1"
    )
    assert store.get(case.reference) == case
    assert store.history(case.reference) == [first_update(case.reference)]
    assert store.reference_for_token("t1") == case.reference


def test_reporter_data_is_gone_once_expired_even_before_dynamodb_deletes_it(
    store: DynamoCaseRepository,
) -> None:
    case = a_case("123456782")
    store.add(
        case, first_update(case.reference), Reporter(phone="01632 960001"), NOW + timedelta(days=30), "t1"
    )
    assert store.reporter(case.reference, NOW) == Reporter(phone="01632 960001")
    assert store.reporter(case.reference, NOW + timedelta(days=31)) is None  # moto never deletes


def test_the_reporter_item_carries_the_ttl_attribute_dynamodb_expires_on(store: DynamoCaseRepository) -> None:
    case = a_case("123456782")
    expires = NOW + timedelta(days=730)
    store.add(case, first_update(case.reference), Reporter(email="a@example.com"), expires, "t1")
    item = boto3.client("dynamodb").get_item(
        TableName=CasesTable.Meta.table_name, Key={"pk": {"S": "CASE#123456782"}, "sk": {"S": "REPORTER"}}
    )["Item"]
    assert int(item["expires_at"]["N"]) == int(expires.timestamp())
    ttl = boto3.client("dynamodb").describe_time_to_live(TableName=CasesTable.Meta.table_name)
    assert ttl["TimeToLiveDescription"] == {"AttributeName": "expires_at", "TimeToLiveStatus": "ENABLED"}


def test_a_reference_collision_writes_nothing_at_all(store: DynamoCaseRepository) -> None:
    case = a_case("123456782")
    store.add(case, first_update(case.reference), Reporter(email="a@example.com"), NOW, "t1")
    before = count_items()

    with pytest.raises(ReferenceTaken):
        store.add(
            replace(case, description="Another"),
            first_update(case.reference, NOW + timedelta(1)),
            Reporter(email="b@example.com"),
            NOW,
            "t2",
        )

    assert count_items() == before
    assert store.reference_for_token("t2") is None


def test_listing_spans_month_buckets_newest_first_and_honours_the_window(store: DynamoCaseRepository) -> None:
    dates = {
        "123456782": datetime(2026, 9, 30, 23, 59, tzinfo=UTC),
        "765432105": datetime(2026, 10, 1, tzinfo=UTC),
        "111111111": datetime(2026, 11, 1, 12, tzinfo=UTC),
    }
    for reference, at in dates.items():
        store.add(a_case(reference, at), first_update(reference, at), None, NOW, f"t{reference}")

    found = store.find(CaseQuery(start=datetime(2026, 9, 1, tzinfo=UTC), end=NOW))
    inside = store.find(
        CaseQuery(start=datetime(2026, 10, 1, tzinfo=UTC), end=datetime(2026, 10, 31, tzinfo=UTC))
    )

    assert [c.reference for c in found] == ["111111111", "765432105", "123456782"]
    assert [c.reference for c in inside] == ["765432105"]


def test_listing_by_service_and_status_uses_their_indexes_and_limit(store: DynamoCaseRepository) -> None:
    for n, (service, status) in enumerate([("pothole", "open"), ("graffiti", "open"), ("pothole", "fixed")]):
        reference = f"{n}" * 9
        case = a_case(reference, NOW + timedelta(minutes=n), service_code=service, status=status)
        store.add(case, first_update(reference), None, NOW, f"t{n}")
    window = {"start": NOW - timedelta(days=1), "end": NOW + timedelta(days=1)}

    potholes = store.find(CaseQuery(**window, service_codes=("pothole",)))
    open_potholes = store.find(CaseQuery(**window, service_codes=("pothole",), statuses=("open",)))
    fixed = store.find(CaseQuery(**window, statuses=("fixed", "duplicate")))
    one = store.find(CaseQuery(**window, limit=1))

    assert [c.reference for c in potholes] == ["222222222", "000000000"]
    assert [c.reference for c in open_potholes] == ["000000000"]
    assert [c.reference for c in fixed] == ["222222222"]
    assert [c.reference for c in one] == ["222222222"]


def test_only_open_cases_with_a_point_are_found_nearby(store: DynamoCaseRepository) -> None:
    store.add(a_case("123456782"), first_update("123456782"), None, NOW, "t1")
    store.add(a_case("765432105", status="fixed"), first_update("765432105"), None, NOW, "t2")
    store.add(
        a_case("111111111", location=Location(address="1 High St")),
        first_update("111111111"),
        None,
        NOW,
        "t3",
    )

    nearby = store.open_near("pothole", 52.63695, -1.13985, 50)

    assert [c.reference for c in nearby] == ["123456782"]
    assert store.open_near("graffiti", 52.6369, -1.1398, 50) == []


def test_updates_are_listed_oldest_first_within_the_window(store: DynamoCaseRepository) -> None:
    for n in range(3):
        reference = f"{n}" * 9
        at = NOW + timedelta(days=n * 20)  # spans November and December
        store.add(a_case(reference, at), first_update(reference, at), None, NOW, f"t{n}")

    updates = store.updates_between(NOW, NOW + timedelta(days=45), limit=10)

    assert [u.reference for u in updates] == ["000000000", "111111111", "222222222"]
    assert (
        store.updates_between(NOW + timedelta(days=1), NOW + timedelta(days=45), limit=1)[0].reference
        == "111111111"
    )


def test_free_text_and_private_description_round_trip_in_the_expiring_item(
    store: DynamoCaseRepository,
) -> None:
    personal = Reporter(
        phone="01632 960001", description="Since her stroke", answers={"support_needed": "Washing"}
    )
    store.add(a_case("123456782"), first_update("123456782"), personal, NOW + timedelta(days=30), "t1")

    assert store.reporter("123456782", NOW) == personal
    assert store.reporter("123456782", NOW + timedelta(days=31)) is None
