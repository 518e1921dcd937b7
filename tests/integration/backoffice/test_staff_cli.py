"""The command-line back office: the same domain, audited under the IAM identity and the operator."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import Stubber

from frontdoor.backoffice.__main__ import caller_identity, environment_of, main
from frontdoor.backoffice.dynamo import DynamoStaffStore

OPS_ARN = "arn:aws:sts::123456789012:assumed-role/frontdoor-operators/jane"


@pytest.fixture
def cli(aws: None, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, Any, str]]:
    def run(*argv: str) -> tuple[int, Any, str]:
        code = main(list(argv), identity=lambda: OPS_ARN)
        out, err = capsys.readouterr()
        return code, json.loads(out) if code == 0 else None, err

    return run


def test_an_operator_works_a_case_from_the_terminal_and_is_audited(
    cli: Callable[..., tuple[int, Any, str]], reported: Callable[..., str]
) -> None:
    reference = reported()
    code, found, _ = cli("find", "--service", "pothole", "--status", "open")
    assert code == 0 and [case["reference"] for case in found["cases"]] == [reference]

    code, changed, _ = cli(
        "--operator", "jane.smith", "update", reference, "--status", "fixed", "--public-note", "Filled today."
    )
    assert code == 0 and changed["case"]["status"] == "fixed"
    code, shown, _ = cli("show", reference)
    assert [entry["status"] for entry in shown["case"]["history"]] == ["open", "fixed"]

    records = DynamoStaffStore().audit_for_case(reference, 10)
    assert [(r.action, r.actor_id, r.actor_name, r.actor_kind) for r in records] == [
        ("view_case", OPS_ARN, OPS_ARN, "system"),
        ("change_status", OPS_ARN, "jane.smith", "system"),
    ]
    code, audit, _ = cli("audit", "--reference", reference)
    assert [record["action"] for record in audit["audit"]] == ["view_case", "change_status"]


def test_every_change_command_goes_through_the_domain(
    cli: Callable[..., tuple[int, Any, str]], reported: Callable[..., str]
) -> None:
    kept, duplicate = reported(), reported(email="grace@example.com")
    assert cli("assign", kept, "street_scene")[1]["case"]["team"] == "street_scene"
    assert cli("urgent", kept)[1]["case"]["urgent"] is True
    assert cli("urgent", kept, "--off")[1]["case"]["urgent"] is False
    other = reported(lat=52.6300, long=-1.1300)
    assert cli("link", kept, other)[1]["case"]["linked"] == [other]
    assert cli("merge", duplicate, kept)[1]["case"]["status"] == "duplicate"
    assert [c["reference"] for c in cli("lookup", "--email", "GRACE@example.com")[1]["cases"]] == [duplicate]
    assert cli("reporter", kept)[1]["reporter"]["email"] == "ada@example.com"

    code, logged, _ = cli(
        "log", "--service", "pothole", "--channel", "post", "--lat", "52.6369", "--long", "-1.1398",
        "--answer", "surface=road", "--answer", "size=large", "--email", "letter@example.com",
    )  # fmt: skip
    assert code == 0
    assert cli("find", "--reference", logged["case"]["reference"])[1]["cases"][0]["channel"] == "post"


def test_refusals_are_one_line_on_stderr_with_a_nonzero_exit(
    cli: Callable[..., tuple[int, Any, str]], reported: Callable[..., str]
) -> None:
    reference = reported()
    code, _, err = cli("update", reference, "--status", "fixed")
    assert (
        code == 2 and err.startswith("refused: Closing a case needs a public note") and "public_note" in err
    )
    code, _, err = cli("show", "482019373")
    assert code == 2 and "no case" in err


def test_a_missing_setting_is_named(
    aws: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontdoor import settings

    monkeypatch.delenv(settings.AUDIT_TABLE)
    settings.settings.cache_clear()
    assert main(["find"], identity=lambda: OPS_ARN) == 3
    assert "AUDIT_TABLE_NAME" in capsys.readouterr().err


def test_the_audit_names_the_caller_of_the_credentials(aws: None) -> None:
    assert caller_identity().startswith("arn:aws:")


def test_settings_can_come_from_the_staff_functions_environment(aws: None) -> None:
    from frontdoor.wiring import aws_client

    client = aws_client("lambda")
    variables = {"CASES_TABLE_NAME": "frontdoor-prod-cases", "AUDIT_TABLE_NAME": "frontdoor-prod-audit"}
    with Stubber(client) as stub:
        stub.add_response(
            "get_function_configuration",
            {"FunctionName": "staff", "Environment": {"Variables": variables}},
            {"FunctionName": "staff"},
        )
        assert environment_of("staff") == variables
