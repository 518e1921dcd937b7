"""Tables and seed data of the local runtime, created in moto exactly as ``python -m local`` does."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from local.emulation import aws_emulation
from local.environment import HANDLER_DEFAULTS, apply_handler_environment

# Everything here talks to moto on loopback, and to nothing else.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


def clear_process_caches() -> None:
    """Settings, services and clients are built once per process: drop those made for other tests."""
    from frontdoor import settings, wiring
    from frontdoor.cases.tables import forget_connections

    for cached in (settings.settings, wiring.case_service, wiring.aws_client):
        cached.cache_clear()
    forget_connections()


@pytest.fixture(scope="module")
def emulated_aws() -> Iterator[str]:
    from frontdoor.cases import tables

    saved = dict(os.environ)
    table_names = (tables.CasesTable.Meta.table_name, tables.IdempotencyTable.Meta.table_name)
    clear_process_caches()
    try:
        for name in HANDLER_DEFAULTS:
            os.environ.pop(name, None)
        with aws_emulation(region="eu-west-2") as endpoint:
            apply_handler_environment()
            yield endpoint
    finally:
        os.environ.clear()
        os.environ.update(saved)
        # Leave no process-wide state behind for other tests: cached settings, services, table names.
        clear_process_caches()
        tables.bind_table_names(*table_names)


def test_emulation_points_the_process_at_moto_on_loopback(emulated_aws: str) -> None:
    assert emulated_aws.startswith("http://127.0.0.1:")
    assert os.environ["AWS_ENDPOINT_URL"] == emulated_aws
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-2"
    assert boto3.client("sts").get_caller_identity()["Account"].isdigit()


def test_tables_are_created_with_ttl_and_on_demand_billing(emulated_aws: str) -> None:
    from frontdoor.cases import tables
    from frontdoor.cases.tables import ttl_attribute_name
    from local.tables import create_tables

    names = create_tables()
    assert create_tables() == names  # idempotent

    dynamodb = boto3.client("dynamodb")
    assert set(names) <= set(dynamodb.list_tables()["TableNames"])
    for model, name in zip(tables.ALL_MODELS, names, strict=True):
        description = dynamodb.describe_table(TableName=name)["Table"]
        assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        ttl_name = ttl_attribute_name(model)
        if ttl_name is not None:
            ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
            assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", ttl_name)


def test_api_key_is_stored_only_as_its_sha256(emulated_aws: str) -> None:
    from local.seed import seed_api_key

    name = seed_api_key("a-test-key", client_name="tests")

    assert name == f"{os.environ['OPEN311_API_KEYS_PATH']}/tests"
    parameter = boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)["Parameter"]
    assert parameter["Type"] == "SecureString"
    assert parameter["Value"] == hashlib.sha256(b"a-test-key").hexdigest()


def test_ward_centres_are_inside_the_council_area() -> None:
    from frontdoor.geo.wards import default_wards
    from local.seed import ward_centres

    centres = ward_centres()

    assert centres
    assert all(default_wards().contains(lat, long) for lat, long in centres)


def test_demo_cases_are_filed_through_the_domain_service(emulated_aws: str) -> None:
    from frontdoor.cases.model import CaseQuery
    from frontdoor.wiring import case_service
    from local.seed import DEMO_REPORTS, seed_demo_cases
    from local.tables import create_tables

    create_tables()

    assert seed_demo_cases() == len(DEMO_REPORTS)
    now = datetime.now(UTC)
    cases = case_service().find(CaseQuery(start=now - timedelta(hours=1), end=now + timedelta(hours=1)))
    assert len(cases) == len(DEMO_REPORTS)
    # The two potholes are a few metres apart: the later one is linked to the earlier.
    assert [case.service_code for case in cases if case.duplicate_of] == ["pothole"]
