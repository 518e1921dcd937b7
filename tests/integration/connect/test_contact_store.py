"""The contact store on moto: callers' links written with their case, profiles, surveys; what the
in-memory fakes cannot vouch for."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from frontdoor.cases.dynamo import DynamoCaseRepository
from frontdoor.cases.errors import ReferenceTaken
from frontdoor.cases.model import Case, Location, Reporter, Update
from frontdoor.cases.tables import CasesTable
from frontdoor.contacts.dynamo import DynamoContactRepository
from frontdoor.contacts.model import CallerHistory, CallerProfile, SurveyAnswer
from frontdoor.contacts.phone import CallerKeys

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
KEYS = CallerKeys("integration-test-salt-0123")
CALLER = KEYS.for_e164("+447700900456")


def a_case(reference: str, requested_at: datetime = NOW) -> Case:
    return Case(
        reference=reference,
        service_code="missed_bin",
        status="open",
        description="",
        location=Location(lat=52.6369, long=-1.1398),
        channel="phone",
        answers={"bin_type": "food"},
        requested_at=requested_at,
        updated_at=requested_at,
        expected_at=requested_at + timedelta(days=2),
    )


def add(
    cases: DynamoCaseRepository, reference: str, at: datetime = NOW, expires: datetime | None = None
) -> None:
    update = Update(f"u-{reference}", reference, "open", "Report received", at)
    reporter = Reporter(phone="+447700900456")
    cases.add(
        a_case(reference, at),
        update,
        reporter,
        expires or NOW + timedelta(days=365),
        f"t-{reference}",
        CALLER,
    )


@pytest.fixture
def stores(aws: None) -> tuple[DynamoCaseRepository, DynamoContactRepository]:
    from frontdoor.wiring import case_service

    case_service()  # binds the models to the environment's tables, as a function does
    return DynamoCaseRepository(), DynamoContactRepository()


def raw_items(pk: str) -> list[dict[str, object]]:
    answer = boto3.client("dynamodb").query(
        TableName=CasesTable.Meta.table_name,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": pk}},
    )
    return list(answer["Items"])


def test_the_caller_link_is_written_with_the_case_under_a_key_that_is_not_the_number(
    stores: tuple[DynamoCaseRepository, DynamoContactRepository],
) -> None:
    cases, contacts = stores
    add(cases, "123456782")

    [link] = raw_items(f"CALLER#{CALLER}")
    assert link["sk"] == {"S": "CASE#2026-11-02T09:30:00Z#123456782"}
    assert link["expires_at"] == {"N": str(int((NOW + timedelta(days=365)).timestamp()))}  # with the reporter
    assert "7700900456" not in str(link)
    assert contacts.caller(CALLER, NOW, 20) == CallerHistory(None, ("123456782",))


def test_a_refused_case_leaves_no_caller_link(
    stores: tuple[DynamoCaseRepository, DynamoContactRepository],
) -> None:
    cases, contacts = stores
    add(cases, "123456782")

    with pytest.raises(ReferenceTaken):
        add(cases, "123456782", NOW + timedelta(hours=1))

    assert contacts.caller(CALLER, NOW, 20).references == ("123456782",)


def test_one_query_gives_the_profile_and_the_latest_cases_newest_first(
    stores: tuple[DynamoCaseRepository, DynamoContactRepository],
) -> None:
    cases, contacts = stores
    for hours, reference in enumerate(["123456782", "765432105", "111111111", "222222222"]):
        add(cases, reference, NOW + timedelta(hours=hours))
    contacts.save_profile(CALLER, CallerProfile(priority=True, reason="safeguarding"), NOW)

    history = contacts.caller(CALLER, NOW, limit=2)

    assert history == CallerHistory(CallerProfile(True, "safeguarding"), ("222222222", "111111111"))


def test_links_past_their_expiry_are_gone_though_dynamodb_has_not_yet_deleted_them(
    stores: tuple[DynamoCaseRepository, DynamoContactRepository],
) -> None:
    cases, contacts = stores
    add(cases, "123456782", expires=NOW + timedelta(days=1))
    add(cases, "765432105", NOW + timedelta(minutes=1), expires=NOW + timedelta(days=30))

    assert contacts.caller(CALLER, NOW + timedelta(days=2), 20).references == ("765432105",)


def test_many_cases_are_read_by_one_batch_and_missing_ones_left_out(
    stores: tuple[DynamoCaseRepository, DynamoContactRepository],
) -> None:
    cases, _ = stores
    add(cases, "123456782")
    add(cases, "765432105", NOW + timedelta(minutes=1))

    found = cases.get_many(["765432105", "482019371", "123456782", "765432105"])

    assert sorted(case.reference for case in found) == ["123456782", "765432105"]
    assert cases.get_many([]) == []
    with pytest.raises(ValueError):
        cases.get_many([str(n) for n in range(101)])


def test_a_profile_is_replaced_not_added_to(
    stores: tuple[DynamoCaseRepository, DynamoContactRepository],
) -> None:
    _, contacts = stores
    contacts.save_profile(CALLER, CallerProfile(priority=True, reason="vulnerable_adult"), NOW)
    contacts.save_profile(CALLER, CallerProfile(priority=False), NOW + timedelta(days=1))

    assert contacts.caller(CALLER, NOW, 20) == CallerHistory(CallerProfile(priority=False), ())


def test_a_survey_answered_again_replaces_the_first_answer(
    stores: tuple[DynamoCaseRepository, DynamoContactRepository],
) -> None:
    _, contacts = stores
    answer = SurveyAnswer("5b8e2d74-9c1a-4f3e-a6b0-7d2c1e9f8a35", "satisfaction", 2, "phone", NOW)
    contacts.record_survey(answer)
    contacts.record_survey(replace(answer, score=4, answered_at=NOW + timedelta(seconds=5)))

    [item] = raw_items("CONTACT#5b8e2d74-9c1a-4f3e-a6b0-7d2c1e9f8a35")
    assert (item["sk"], item["score"], item["survey_month"]) == (
        {"S": "SURVEY#satisfaction"},
        {"N": "4"},
        {"S": "2026-11"},
    )
    assert item["survey_sort"] == {
        "S": "phone#2026-11-02T09:30:05Z#5b8e2d74-9c1a-4f3e-a6b0-7d2c1e9f8a35#satisfaction"
    }
