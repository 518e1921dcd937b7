"""Security gates on the synthesized app: cdk-nag (3 packs), cfn-lint (+ serverless rules), checkov,
on every stack of the stage (its main stack and the two small ones in us-east-1).

Nothing is skipped silently: cdk-nag acknowledgements live next to the constructs they concern
(each with its reason, listed by ``test_every_acknowledgement_has_a_reason``), cfn-lint false
positives are ignored on the resource they concern (see infra/constructs/function.py), and checkov
skips are listed with their reasons in .checkov.yaml.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from aws_cdk import App, Stack, Validations
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sqs as sqs
from cdk_nag import AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks

from infra.acknowledge import acknowledge

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


# --- cdk-nag --------------------------------------------------------------------------------------


def test_cdk_nag_reports_nothing_unacknowledged(synth):
    # The fixture's synth raises on any finding; the report it leaves behind must be empty too.
    report = json.loads((synth.outdir / "validation-report.json").read_text())
    violations = [v for plugin in report.get("pluginReports", []) for v in plugin.get("violations", [])]
    assert violations == []


def test_the_gates_see_every_stack_of_the_stage(synth):
    templates = {p.name for p in synth.outdir.glob("*.template.json")}
    stacks = (synth.stack, synth.edge, synth.edge_logs)
    assert templates == {f"{stack.stack_name}.template.json" for stack in stacks}
    assert {"FrontDoor-dev", "FrontDoor-dev-Edge", "FrontDoor-dev-EdgeLogs"} == {s.stack_name for s in stacks}


def test_every_acknowledgement_has_a_reason(synth):
    key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY
    acks = {
        (c.node.path, rule): reason
        for c in synth.stack.node.root.node.find_all()
        for entry in c.node.metadata
        if entry.type == key
        for rule, reason in entry.data.items()
    }
    assert acks, "the stack acknowledges findings; none found means the metadata key changed"
    for (path, rule), reason in acks.items():
        assert len(reason.split()) >= 8, f"{path}: {rule} needs a real reason"


def _bad_app(outdir: Path | None = None) -> tuple[App, Stack]:
    app = App(outdir=str(outdir) if outdir else None)
    stack = Stack(app, "Bad")
    sqs.Queue(stack, "Unencrypted", encryption=sqs.QueueEncryption.UNENCRYPTED)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app), NIST80053R5Checks(app))
    return app, stack


def test_cdk_nag_gate_fails_synth_on_a_bad_construct(tmp_path):
    app, _ = _bad_app(tmp_path)
    with pytest.raises(RuntimeError, match="ValidationFailed") as err:
        app.synth()
    assert "AwsSolutions-SQS2" in str(err.value)  # not encrypted
    assert "Serverless-SQSRedrivePolicy" in str(err.value)


def test_cdk_nag_warnings_fail_synth_too(tmp_path):
    app = App(outdir=str(tmp_path))
    stack = Stack(app, "NoPitr")
    dynamodb.Table(
        stack, "Table", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    )
    pack = AwsSolutionsChecks(app)
    severity = {v.rule_name: v.severity for v in pack.validate_scope(stack).violations}
    assert severity["AwsSolutions-DDB3"] == "warning"  # no point-in-time recovery
    Validations.of(app).add_plugins(pack)
    with pytest.raises(RuntimeError, match="AwsSolutions-DDB3"):
        app.synth()


def test_cdk_nag_finding_is_reported_by_rule_id():
    app, stack = _bad_app()
    report = AwsSolutionsChecks().validate_scope(stack)
    rules = {v.rule_name for v in report.violations}
    assert "AwsSolutions-SQS3" in rules  # no dead-letter queue
    assert "AwsSolutions-SQS4" in rules  # no SSL-only policy

    acknowledge(
        stack.node.find_child("Unencrypted"),
        "AwsSolutions-SQS3",
        "Throwaway queue in a test proving acknowledgements are honoured by the gate.",
    )
    rules = {v.rule_name for v in AwsSolutionsChecks().validate_scope(stack).violations}
    assert "AwsSolutions-SQS3" not in rules and "AwsSolutions-SQS4" in rules


def test_acknowledgement_without_a_reason_is_refused():
    _, stack = _bad_app()
    with pytest.raises(ValueError, match="real reason"):
        acknowledge(stack, "AwsSolutions-SQS3", "false positive")


# --- cfn-lint -------------------------------------------------------------------------------------


def test_cfn_lint_with_serverless_rules_finds_nothing(synth):
    templates = sorted(str(p) for p in synth.outdir.glob("*.template.json"))
    assert templates
    result = subprocess.run(
        [str(BIN / "cfn-lint"), "--append-rules", "cfn_lint_serverless.rules", "--", *templates],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- checkov --------------------------------------------------------------------------------------


def test_checkov_finds_no_failed_check(synth):
    if not CHECKOV.exists():
        pytest.fail("checkov is not installed: run `make .venv-checkov/.installed`")
    result = subprocess.run(
        [
            str(CHECKOV),
            "-d",
            str(synth.outdir),
            "--framework",
            "cloudformation",
            "--config-file",
            str(ROOT / ".checkov.yaml"),
            "--quiet",
            "--compact",
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    report = json.loads(result.stdout)
    failed = report["results"]["failed_checks"]
    assert failed == [], [(f["check_id"], f["resource"]) for f in failed]
    assert report["summary"]["passed"] > 0
    assert result.returncode == 0, result.stderr


def test_a_broken_catalogue_fails_synth_naming_the_entry(tmp_path, monkeypatch):
    import yaml
    from aws_cdk import App

    from frontdoor.catalogue import CatalogueError, loader
    from infra.app import build
    from infra.config import load_stage

    broken = yaml.safe_load(loader.DEFAULT_PATH.read_text())
    broken["services"][1]["team"] = "no_such_team"
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(broken))
    monkeypatch.setattr(loader, "DEFAULT_PATH", path)

    with pytest.raises(CatalogueError, match=f"service '{broken['services'][1]['service_code']}'"):
        build(App(outdir=str(tmp_path / "out")), load_stage("dev"))
