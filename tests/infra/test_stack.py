"""Assertions on the synthesized dev stack's key properties (and on a prod Data construct)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack, TagManager
from aws_cdk.assertions import Match, Template

from frontdoor import settings
from infra.config import LOG_RETENTION_DAYS, STAGES, StageConfig, load_stage
from infra.constructs.common import RETENTION
from infra.constructs.data import Data

DEV = load_stage("dev")
SETTINGS = [
    settings.CASES_TABLE,
    settings.IDEMPOTENCY_TABLE,
    settings.API_KEYS_PATH,
    settings.JURISDICTION_ID,
    settings.RETENTION_DAYS,
    settings.DUPLICATE_RADIUS,
    settings.COUNCIL_NAME,
    settings.CONTACT_EMAIL,
]


def _ref(value: dict[str, Any]) -> str:
    return value.get("Ref") or value["Fn::GetAtt"][0]


# --- function -------------------------------------------------------------------------------------


def test_function_is_arm64_python_314_with_json_logs_and_tracing(synth):
    fn = synth.resource_of(synth.stack.open311.handler.function)["Properties"]
    assert fn["Architectures"] == ["arm64"]
    assert fn["Runtime"] == "python3.14"
    assert fn["Handler"] == "handler.lambda_handler"
    assert fn["TracingConfig"] == {"Mode": "Active"}
    assert fn["LoggingConfig"]["LogFormat"] == "JSON"
    assert {"ApplicationLogLevel", "SystemLogLevel"} <= fn["LoggingConfig"].keys()
    assert "ReservedConcurrentExecutions" not in fn  # off unless the stage config sets it
    assert _ref(fn["KmsKeyArn"]) == synth.logical_id(synth.stack.data.key)


def test_function_logs_to_its_own_encrypted_log_group_with_stage_retention(synth):
    fn = synth.resource_of(synth.stack.open311.handler.function)["Properties"]
    log_group = synth.template["Resources"][_ref(fn["LoggingConfig"]["LogGroup"])]
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"]["RetentionInDays"] == DEV.log_retention_days
    assert _ref(log_group["Properties"]["KmsKeyId"]) == synth.logical_id(synth.stack.data.key)


def test_function_environment_sets_every_setting(synth):
    env = synth.resource_of(synth.stack.open311.handler.function)["Properties"]["Environment"]["Variables"]
    assert set(SETTINGS) <= env.keys()
    tables = synth.stack.data.tables
    assert _ref(env[settings.CASES_TABLE]) == synth.logical_id(tables["CasesTable"])
    assert _ref(env[settings.IDEMPOTENCY_TABLE]) == synth.logical_id(tables["IdempotencyTable"])
    assert env[settings.API_KEYS_PATH] == "/frontdoor/dev/open311/clients"
    assert env[settings.RETENTION_DAYS] == str(DEV.personal_data_retention_days)
    assert env[settings.DUPLICATE_RADIUS] == str(DEV.duplicate_radius_m)
    assert env["POWERTOOLS_SERVICE_NAME"] == "open311_api"
    assert env["POWERTOOLS_METRICS_NAMESPACE"] == "FrontDoor/dev"
    # The values satisfy the functions' own typed settings (tokens aside).
    resolved = {k: v if isinstance(v, str) else "resolved-at-deploy" for k, v in env.items()}
    settings.Settings.from_env(resolved)


def test_function_uses_both_layers_for_arm64_python_314(synth):
    fn = synth.resource_of(synth.stack.open311.handler.function)["Properties"]
    layers = [synth.template["Resources"][_ref(layer)] for layer in fn["Layers"]]
    assert len(layers) == 2
    for layer in layers:
        assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]
        assert layer["Properties"]["CompatibleRuntimes"] == ["python3.14"]


# --- data -----------------------------------------------------------------------------------------


def test_dev_tables_are_on_demand_with_pitr_cmk_ttl_and_no_physical_name(synth):
    key = synth.logical_id(synth.stack.data.key)
    tables = synth.resources("AWS::DynamoDB::Table")
    assert len(tables) == 3
    ttl = {"CasesTable": "expires_at", "IdempotencyTable": "expiration", "AuditTable": None}
    for model, table in synth.stack.data.tables.items():
        props = tables[synth.logical_id(table)]["Properties"]
        assert "TableName" not in props
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"]["SSEType"] == "KMS"
        assert _ref(props["SSESpecification"]["KMSMasterKeyId"]) == key
        expiry = {"AttributeName": ttl[model], "Enabled": True} if ttl[model] else None  # the audit: kept
        assert props.get("TimeToLiveSpecification") == expiry
        assert props["DeletionProtectionEnabled"] is False
        assert tables[synth.logical_id(table)]["DeletionPolicy"] == "Delete"


def test_key_rotates(synth):
    key = synth.resource_of(synth.stack.data.key)["Properties"]
    assert key["EnableKeyRotation"] is True


@pytest.fixture(scope="module")
def prod_data() -> Template:
    """Only the Data construct with the prod config, in a tiny stack: cheap to synthesize."""
    stack = Stack(App(), "ProdData")
    Data(stack, "Data", config=load_stage("prod"))
    return Template.from_stack(stack)


def test_prod_tables_have_deletion_protection_and_are_retained(prod_data):
    prod_data.resource_count_is("AWS::DynamoDB::Table", 3)
    prod_data.all_resources(
        "AWS::DynamoDB::Table",
        {
            "Properties": Match.object_like(
                {
                    "DeletionProtectionEnabled": True,
                    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                    "SSESpecification": Match.object_like({"SSEType": "KMS"}),
                }
            ),
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )
    prod_data.has_resource("AWS::KMS::Key", {"DeletionPolicy": "Retain"})


# --- API ------------------------------------------------------------------------------------------


def test_api_is_regional_with_one_proxy_route_into_the_function(synth):
    api = synth.resources("AWS::ApiGateway::RestApi")
    assert {a["Properties"]["EndpointConfiguration"]["Types"][0] for a in api.values()} == {"REGIONAL"}
    # The staff API is a REST API of its own: test_staff.py.
    open311 = {"Ref": synth.logical_id(synth.stack.open311.rest_api)}
    resources = [r["Properties"] for r in synth.resources("AWS::ApiGateway::Resource").values()]
    paths = {r["PathPart"] for r in resources if r["RestApiId"] == open311}
    # POST /chat/start: test_contact_centre.py; /console and /console/{proxy+}: test_console.py
    assert paths == {"open311", "{proxy+}", "chat", "start", "console"}
    methods = [
        m["Properties"]
        for m in synth.resources("AWS::ApiGateway::Method").values()
        if m["Properties"]["RestApiId"] == open311
    ]
    assert {m["HttpMethod"] for m in methods} == {"ANY", "POST"}  # ANY / and /{proxy+}: test_site.py
    fn = synth.logical_id(synth.stack.open311.handler.function)
    (props,) = [m for m in methods if fn in str(m["Integration"]["Uri"])]
    assert props["HttpMethod"] == "ANY"
    assert props["Integration"]["Type"] == "AWS_PROXY"
    assert "RequestValidatorId" in props


def test_api_stage_throttles_logs_as_json_and_traces(synth):
    props = synth.resource_of(synth.stack.open311.rest_api.deployment_stage)["Properties"]
    assert props["StageName"] == "dev"
    assert props["TracingEnabled"] is True
    (settings_,) = props["MethodSettings"]
    assert settings_["ThrottlingRateLimit"] == DEV.api_throttle.rate_limit
    assert settings_["ThrottlingBurstLimit"] == DEV.api_throttle.burst_limit
    assert settings_["LoggingLevel"] == "INFO"
    assert settings_["DataTraceEnabled"] is False
    access = props["AccessLogSetting"]
    assert _ref(access["DestinationArn"]) == synth.logical_id(synth.stack.open311.access_logs)
    assert access["Format"].startswith("{") and '"status":"$context.status"' in access["Format"]


# The web ACLs, at the edge and on the stage: test_edge.py.


def test_function_reads_only_its_stages_api_key_parameters(synth):
    policy = synth.resource_of(synth.stack.open311.handler.policy)
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    ssm = [s for s in statements if any(a.startswith("ssm:") for a in _list(s["Action"]))]
    assert len(ssm) == 1
    assert sorted(_list(ssm[0]["Action"])) == ["ssm:GetParameter", "ssm:GetParametersByPath"]
    resources = [synth.stack.resolve(r) for r in _list(ssm[0]["Resource"])]
    tails = sorted(r["Fn::Join"][1][-1] for r in resources)
    assert tails == [":parameter/frontdoor/dev/open311/clients", ":parameter/frontdoor/dev/open311/clients/*"]


# --- cross-cutting --------------------------------------------------------------------------------


def test_every_taggable_resource_carries_cost_allocation_tags(synth):
    expected = {
        "contract": DEV.contract,
        "cost-centre": DEV.cost_centre,
        "stage": "dev",
        "project": "frontdoor",
    }
    checked = 0
    for construct in synth.stack.node.find_all():
        if not TagManager.is_taggable(construct) or construct is synth.stack:
            continue
        logical_id = str(synth.stack.resolve(construct.logical_id))
        props = synth.template["Resources"][logical_id].get("Properties", {})
        tags = props.get("Tags", props.get("UserPoolTags"))  # Cognito names its tags its own way
        assert tags is not None, f"{construct.node.path} has no tags"
        as_dict = tags if isinstance(tags, dict) else {t["Key"]: t["Value"] for t in tags}
        assert expected.items() <= as_dict.items(), construct.node.path
        checked += 1
    assert checked >= 10


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(synth) -> list[dict[str, Any]]:
    statements = []
    for policy in synth.resources("AWS::IAM::Policy").values():
        statements += policy["Properties"]["PolicyDocument"]["Statement"]
    for role in synth.resources("AWS::IAM::Role").values():
        for policy in role["Properties"].get("Policies", []):
            statements += policy["PolicyDocument"]["Statement"]
    return statements


# Resource "*" is allowed only where the service has no resource-level permissions (ListStreams: the
# notifier's event source mapping finds the cases table's stream).
RESOURCE_STAR_ALLOWED = {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams"}


def test_no_iam_statement_grants_every_action_or_unjustified_every_resource(synth):
    for statement in _statements(synth):
        actions = _list(statement["Action"])
        assert "*" not in actions
        assert not any(a.endswith(":*") for a in actions), actions
        if "*" in _list(statement["Resource"]):
            assert set(actions) <= RESOURCE_STAR_ALLOWED, statement


def test_no_function_may_scan_a_table(synth):
    # Every request path is a key or index lookup; IAM holds the functions to it.
    for statement in _statements(synth):
        assert not {"dynamodb:Scan", "dynamodb:*"} & set(_list(statement["Action"])), statement


def test_key_policy_lets_cloudwatch_logs_use_the_key_for_this_accounts_log_groups_only(synth):
    policy = synth.resource_of(synth.stack.data.key)["Properties"]["KeyPolicy"]["Statement"]
    (logs,) = [s for s in policy if s.get("Sid") == "CloudWatchLogsEncryptsThisAccountsLogGroups"]
    assert logs["Principal"] == {"Service": "logs.eu-west-2.amazonaws.com"}
    assert "kms:EncryptionContext:aws:logs:arn" in logs["Condition"]["ArnLike"]
    # In a key policy "*" is the key itself; the only other statement is CDK's account-root admin.
    for statement in policy:
        assert statement["Action"] != "*"


# --- config ---------------------------------------------------------------------------------------


def test_log_retention_choices_match_cloudwatch():
    assert set(LOG_RETENTION_DAYS) == set(RETENTION)


def test_prod_config_protects_data_and_dev_does_not():
    assert STAGES["prod"].deletion_protection and not STAGES["dev"].deletion_protection
    assert all(s.reserved_concurrency is None for s in STAGES.values())


def test_invalid_config_names_the_field():
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as err:
        StageConfig.model_validate({**DEV.model_dump(), "personal_data_retention_days": 0})
    assert "personal_data_retention_days" in str(err.value)
    with pytest.raises(ValidationError, match="deletion_protection"):
        StageConfig.model_validate({**DEV.model_dump(), "stage": "prod", "deletion_protection": False})
    with pytest.raises(KeyError, match="unknown stage"):
        load_stage("staging")


def test_synth_fails_clearly_without_the_deps_layer(tmp_path):
    from infra.constructs.layers import DepsLayerMissing, SharedLayers

    with pytest.raises(DepsLayerMissing, match="run `make layer`"):
        SharedLayers(Stack(App(), "NoLayer"), "Layers", config=DEV, deps_dir=tmp_path)


def test_access_logs_and_waf_logs_keep_residents_ip_addresses_out(synth):
    for stage in synth.resources("AWS::ApiGateway::Stage").values():  # Open311 and site; staff
        assert "sourceIp" not in stage["Properties"]["AccessLogSetting"]["Format"]
    for logging_ in synth.resources("AWS::WAFv2::LoggingConfiguration").values():
        log_filter = logging_["Properties"]["LoggingFilter"]
        assert log_filter["DefaultBehavior"] == "DROP"
        assert log_filter["Filters"][0]["Conditions"] == [{"ActionCondition": {"Action": "BLOCK"}}]


def test_the_function_gets_exactly_the_item_actions_it_uses(synth):
    # The Connect functions' grants: test_contact_centre.py.
    policy = synth.resource_of(synth.stack.open311.handler.policy)
    dynamodb_actions = {
        frozenset(a for a in _list(s["Action"]) if a.startswith("dynamodb:"))
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if any(a.startswith("dynamodb:") for a in _list(s["Action"]))
    }
    filing = {"dynamodb:PutItem", "dynamodb:ConditionCheckItem", "dynamodb:UpdateItem"}  # demand: ADD
    assert dynamodb_actions == {
        frozenset({"dynamodb:GetItem", "dynamodb:Query", *filing}),
        frozenset({"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}),
    }


def test_api_gateways_own_answers_use_the_open311_error_shape(synth):
    import json

    open311 = {"Ref": synth.logical_id(synth.stack.open311.rest_api)}  # the staff API's own: test_staff.py
    answers = {
        r["Properties"]["ResponseType"]: r["Properties"]
        for r in synth.resources("AWS::ApiGateway::GatewayResponse").values()
        if r["Properties"]["RestApiId"] == open311
    }
    assert {"MISSING_AUTHENTICATION_TOKEN", "WAF_FILTERED", "THROTTLED", "DEFAULT_5XX"} <= answers.keys()
    for props in answers.values():
        [error] = json.loads(props["ResponseTemplates"]["application/json"])
        assert error["code"] == int(props["StatusCode"]) and error["description"]
    assert answers["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
