"""The back office in the synthesized dev app: staff sign-in, the staff API's two doors, the staff
function's exact grants, and an audit table nobody can rewrite."""

from __future__ import annotations

import json
from typing import Any

import pytest

from frontdoor import settings
from frontdoor.backoffice.errors import GATEWAY_REFUSALS
from frontdoor.backoffice.roles import ROLES
from frontdoor.cases.tables import AuditTable, CasesTable
from infra.config import load_stage
from infra.constructs.staff import AUDIT_ACTIONS, AUDIT_IMMUTABLE, CASE_ACTIONS
from local.staff import AUTH_FLOWS, DEMO_STAFF, PASSWORD_POLICY


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def staff(synth):
    assert synth.stack.staff is not None, "the dev stage has a back office"
    return synth.stack.staff


@pytest.fixture(scope="module")
def pool(synth, staff) -> dict[str, Any]:
    return synth.resource_of(staff.sign_in.user_pool)["Properties"]


def _logical(synth, construct) -> str:
    return synth.logical_id(construct)


# --- sign-in ------------------------------------------------------------------------------------------
def test_staff_sign_in_requires_an_authenticator_app_and_runs_threat_protection(pool) -> None:
    assert pool["MfaConfiguration"] == "ON"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert pool["UserPoolTier"] == "PLUS"
    assert pool["UserPoolAddOns"]["AdvancedSecurityMode"] == "ENFORCED"
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True


def test_the_password_policy_is_the_one_make_run_uses(pool) -> None:
    policy = pool["Policies"]["PasswordPolicy"]
    assert {name: policy[name] for name in PASSWORD_POLICY} == PASSWORD_POLICY


def test_there_is_a_group_per_role_and_a_demo_account_per_group_locally(synth, staff) -> None:
    groups = synth.resources("AWS::Cognito::UserPoolGroup")
    pool_ref = {"Ref": _logical(synth, staff.sign_in.user_pool)}
    assert sorted(g["Properties"]["GroupName"] for g in groups.values()) == sorted(ROLES)
    assert all(g["Properties"]["UserPoolId"] == pool_ref for g in groups.values())
    assert sorted(person.group for person in DEMO_STAFF) == sorted(ROLES)


def test_the_console_client_has_no_secret_no_hosted_ui_and_the_flows_make_run_allows(synth, staff) -> None:
    client = synth.resource_of(staff.sign_in.console_client)["Properties"]
    assert client.get("GenerateSecret", False) is False
    assert sorted(client["ExplicitAuthFlows"]) == sorted(AUTH_FLOWS)
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["AllowedOAuthFlowsUserPoolClient"] is False
    assert client["EnableTokenRevocation"] is True
    config = load_stage("dev").staff
    assert client["IdTokenValidity"] == config.token_validity_minutes
    assert client["RefreshTokenValidity"] == config.refresh_token_validity_hours * 60
    assert client["TokenValidityUnits"]["RefreshToken"] == "minutes"


# --- the staff API ------------------------------------------------------------------------------------------
def _paths(synth, rest_api_logical: str) -> dict[str, str]:
    resources = synth.resources("AWS::ApiGateway::Resource")

    def path(logical: str) -> str:
        props = resources[logical]["Properties"]
        parent = props["ParentId"]
        above = path(parent["Ref"]) if "Ref" in parent and parent["Ref"] in resources else ""
        return f"{above}/{props['PathPart']}"

    return {
        logical: path(logical)
        for logical, resource in resources.items()
        if resource["Properties"]["RestApiId"] == {"Ref": rest_api_logical}
    }


def test_staff_routes_take_cognito_tokens_and_system_routes_iam_signatures(synth, staff) -> None:
    api = staff.api
    rest_api = _logical(synth, api.rest_api)
    paths = _paths(synth, rest_api)
    methods = {
        paths[m["Properties"]["ResourceId"]["Ref"]]: m["Properties"]
        for m in synth.resources("AWS::ApiGateway::Method").values()
        if m["Properties"]["RestApiId"] == {"Ref": rest_api}
    }
    assert set(methods) == {"/staff/v1/{proxy+}", "/system/v1/{proxy+}"}
    staff_method, system_method = methods["/staff/v1/{proxy+}"], methods["/system/v1/{proxy+}"]
    assert staff_method["AuthorizationType"] == "COGNITO_USER_POOLS"
    assert staff_method["AuthorizerId"] == {"Ref": _logical(synth, api.authorizer)}
    assert system_method["AuthorizationType"] == "AWS_IAM"
    function = _logical(synth, api.handler.function)
    for method in (staff_method, system_method):
        assert method["HttpMethod"] == "ANY" and function in json.dumps(method["Integration"]["Uri"])

    authorizer = synth.resource_of(api.authorizer)["Properties"]
    assert authorizer["Type"] == "COGNITO_USER_POOLS"
    assert authorizer["IdentitySource"] == "method.request.header.Authorization"
    assert json.dumps(authorizer["ProviderARNs"]).count(_logical(synth, staff.sign_in.user_pool)) == 1


def test_what_api_gateway_answers_itself_comes_in_the_staff_error_shape(synth, staff) -> None:
    rest_api = {"Ref": _logical(synth, staff.api.rest_api)}
    responses = {
        r["Properties"]["ResponseType"]: r["Properties"]
        for r in synth.resources("AWS::ApiGateway::GatewayResponse").values()
        if r["Properties"]["RestApiId"] == rest_api
    }
    assert set(responses) == {kind for kind, *_ in GATEWAY_REFUSALS}
    for kind, status, code, message in GATEWAY_REFUSALS:
        body = json.loads(responses[kind]["ResponseTemplates"]["application/json"])
        assert responses[kind]["StatusCode"] == str(status)
        assert body == {"error": {"code": code, "message": message, "field": None}}


def test_the_staff_stage_is_throttled_logged_without_ips_or_bodies_and_behind_a_firewall(
    synth, staff
) -> None:
    stage = synth.resource_of(staff.api.rest_api.deployment_stage)["Properties"]
    config = load_stage("dev").staff
    settings_ = stage["MethodSettings"][0]
    assert settings_["ThrottlingRateLimit"] == config.api_throttle.rate_limit
    assert settings_["DataTraceEnabled"] is False
    assert "$context.identity.sourceIp" not in stage["AccessLogSetting"]["Format"]
    associations = [
        a["Properties"]
        for a in synth.resources("AWS::WAFv2::WebACLAssociation").values()
        if _logical(synth, staff.api.rest_api.deployment_stage) in json.dumps(a["Properties"]["ResourceArn"])
    ]
    assert len(associations) == 1
    logging = [
        c["Properties"]
        for c in synth.resources("AWS::WAFv2::LoggingConfiguration").values()
        if synth.stack.resolve(staff.api.web_acl.logical_id) in json.dumps(c["Properties"]["ResourceArn"])
    ]
    assert {"SingleHeader": {"Name": "authorization"}} in logging[0]["RedactedFields"]


# --- the function and its grants --------------------------------------------------------------------------
def test_the_staff_function_knows_its_tables_the_pool_and_the_caller_salt(synth, staff) -> None:
    variables = synth.resource_of(staff.api.handler.function)["Properties"]["Environment"]["Variables"]
    audit = _logical(synth, synth.stack.data.tables[AuditTable.__name__])
    cases = _logical(synth, synth.stack.data.tables[CasesTable.__name__])
    assert variables[settings.AUDIT_TABLE] == {"Ref": audit}
    assert variables[settings.CASES_TABLE] == {"Ref": cases}
    assert variables[settings.STAFF_USER_POOL_ID] == {"Ref": _logical(synth, staff.sign_in.user_pool)}
    assert variables[settings.STAFF_CLIENT_ID] == {"Ref": _logical(synth, staff.sign_in.console_client)}
    assert "resolve:secretsmanager" in json.dumps(variables[settings.CALLER_SALT])


def _dynamodb_grants(synth, staff) -> dict[str, set[str]]:
    """DynamoDB actions the staff function's role is allowed, by table (logical id)."""
    role = _logical(synth, staff.api.handler.role)
    granted: dict[str, set[str]] = {}
    for policy in synth.resources("AWS::IAM::Policy").values():
        if {"Ref": role} not in policy["Properties"]["Roles"]:
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = {a for a in _list(statement["Action"]) if a.startswith("dynamodb:")}
            for resource in _list(statement["Resource"]):
                for name, table in synth.stack.data.tables.items():
                    if _logical(synth, table) in json.dumps(resource) and actions:
                        granted.setdefault(name, set()).update(actions)
    return granted


def test_the_staff_function_may_only_append_to_and_query_the_audit(synth, staff) -> None:
    grants = _dynamodb_grants(synth, staff)
    assert grants[AuditTable.__name__] == set(AUDIT_ACTIONS) == {"dynamodb:PutItem", "dynamodb:Query"}
    assert grants[CasesTable.__name__] == set(CASE_ACTIONS)
    assert not any(
        "dynamodb:Scan" in actions or "dynamodb:DeleteItem" in actions for actions in grants.values()
    )


def test_the_audit_table_keeps_records_for_good_and_nobody_rewrites_them(synth) -> None:
    table = synth.resource_of(synth.stack.data.tables[AuditTable.__name__])["Properties"]
    assert "TimeToLiveSpecification" not in table
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True
    statements = table["ResourcePolicy"]["PolicyDocument"]["Statement"]
    denied = [s for s in statements if s["Effect"] == "Deny"]
    assert len(denied) == 1 and denied[0]["Principal"] == {"AWS": "*"}
    assert set(denied[0]["Action"]) == set(AUDIT_IMMUTABLE)
    assert {"dynamodb:UpdateItem", "dynamodb:DeleteItem"} <= set(AUDIT_IMMUTABLE)


def test_integrations_are_granted_invoke_on_the_system_routes_only(synth, staff) -> None:
    arn = json.dumps(synth.stack.resolve(staff.api.system_invoke_arn))
    assert "execute-api" in arn and "/system/v1/*" in arn and "/staff/" not in arn


def test_outputs_name_what_operators_need(synth) -> None:
    outputs = " ".join(synth.template["Outputs"])
    for name in ("StaffApiUrl", "SystemInvokeArn", "StaffUserPoolId", "ConsoleClientId", "StaffFunctionName"):
        assert name in outputs
