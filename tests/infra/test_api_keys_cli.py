"""The api_key CLI against moto's SSM: keys are stored hashed, listed by client and revocable."""

from __future__ import annotations

import hashlib

import boto3
import pytest
from moto import mock_aws

from infra.api_keys import main

PATH = "/frontdoor/dev/open311/clients"


@pytest.fixture
def ssm():
    with mock_aws():
        yield boto3.client("ssm", region_name="eu-west-2")


def test_issue_prints_the_key_once_and_stores_only_its_sha256(ssm, capsys):
    assert main(["issue", "fixmystreet", "--stage", "dev"]) == 0
    api_key = capsys.readouterr().out.strip()
    assert len(api_key) >= 40

    stored = ssm.get_parameter(Name=f"{PATH}/fixmystreet", WithDecryption=True)["Parameter"]
    assert stored["Type"] == "SecureString"
    assert stored["Value"] == hashlib.sha256(api_key.encode()).hexdigest()
    assert api_key not in stored["Value"]
    tags = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=f"{PATH}/fixmystreet")["TagList"]
    assert {"Key": "cost-centre", "Value": "CS-4410"} in tags


def test_issuing_twice_needs_rotate_and_rotation_changes_the_key(ssm, capsys):
    main(["issue", "fixmystreet"])
    first = capsys.readouterr().out.strip()
    assert main(["issue", "fixmystreet"]) == 1
    assert "already has a key" in capsys.readouterr().err

    assert main(["issue", "fixmystreet", "--rotate"]) == 0
    second = capsys.readouterr().out.strip()
    assert second != first
    stored = ssm.get_parameter(Name=f"{PATH}/fixmystreet", WithDecryption=True)["Parameter"]["Value"]
    assert stored == hashlib.sha256(second.encode()).hexdigest()


def test_list_shows_clients_of_the_stage_only(ssm, capsys):
    main(["issue", "fixmystreet"])
    main(["issue", "council-app"])
    main(["issue", "other", "--stage", "prod"])
    capsys.readouterr()

    assert main(["list", "--stage", "dev"]) == 0
    assert capsys.readouterr().out.split() == ["council-app", "fixmystreet"]


def test_revoke_deletes_the_parameter_and_unknown_clients_fail(ssm, capsys):
    main(["issue", "fixmystreet"])
    capsys.readouterr()
    assert main(["revoke", "fixmystreet"]) == 0
    assert main(["list"]) == 0
    assert capsys.readouterr().out == ""

    assert main(["revoke", "fixmystreet"]) == 1
    assert "has no key" in capsys.readouterr().err


def test_client_names_are_validated(ssm, capsys):
    assert main(["issue", "../../other/path"]) == 1
    assert "must match" in capsys.readouterr().err
