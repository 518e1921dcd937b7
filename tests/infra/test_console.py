"""The staff console in the synthesized dev app: the console function on the residents' API under
/console (so CloudFront fronts it), with the web layer, the back office's settings and sign-in
lifetimes, the staff function's grants plus deleting its sessions, no Cognito permission, and its
own CloudFront behaviours forwarding only its cookie."""

from __future__ import annotations

import json
from typing import Any

import pytest

from frontdoor import settings
from frontdoor.cases.tables import AuditTable, CasesTable
from infra.config import load_stage
from infra.constructs.console import SESSION_ACTIONS
from infra.constructs.edge import CONSOLE_PATHS
from infra.constructs.staff import AUDIT_ACTIONS, CASE_ACTIONS
from web.console import settings as console_settings
from web.console.sessions import COOKIE
from web.console.sign_in import PASSWORD_MIN_LENGTH
from web.forms import SESSION_COOKIE

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def console(synth):
    assert synth.stack.console is not None
    return synth.stack.console


@pytest.fixture(scope="module")
def function(synth, console) -> dict[str, Any]:
    return synth.resource_of(console.function)["Properties"]


def _resource_paths(synth) -> dict[str, str]:
    resources = synth.resources("AWS::ApiGateway::Resource")

    def path_of(logical: str) -> str:
        if logical not in resources:
            return ""
        props = resources[logical]["Properties"]
        parent = props["ParentId"]
        return f"{path_of(parent.get('Ref', ''))}/{props['PathPart']}"

    return {logical: path_of(logical) for logical in resources}


def _methods_of(synth, function_logical: str) -> dict[str, tuple[str, str, str]]:
    """(API id, HTTP method, authorization) by resource path of the methods into the function."""
    paths = _resource_paths(synth)
    found = {}
    for method in synth.resources("AWS::ApiGateway::Method").values():
        props = method["Properties"]
        if function_logical not in json.dumps(props.get("Integration", {}).get("Uri", {})):
            continue
        path = paths[props["ResourceId"]["Ref"]]
        found[path] = (props["RestApiId"]["Ref"], props["HttpMethod"], props["AuthorizationType"])
    return found


def test_the_console_is_on_the_residents_api_under_console_behind_no_gateway_authorizer(synth, console):
    methods = _methods_of(synth, synth.logical_id(console.function))
    residents_api = synth.logical_id(synth.stack.open311.rest_api)
    assert methods == {
        "/console": (residents_api, "ANY", "NONE"),
        "/console/{proxy+}": (residents_api, "ANY", "NONE"),
    }


def test_the_function_ships_only_its_handler_and_gets_pages_from_the_web_layer(synth, function):
    assert function["Handler"] == "handler.lambda_handler"
    assert function["Architectures"] == ["arm64"]
    layer_ids = {layer["Ref"] for layer in function["Layers"]}
    assert layer_ids == {
        synth.stack.resolve(layer.layer_version_arn)["Ref"] for layer in synth.stack.layers.for_web
    }


def test_the_function_knows_the_back_office_the_staff_pool_and_how_long_a_sign_in_lasts(synth, function):
    variables = function["Environment"]["Variables"]
    data, staff = synth.stack.data, synth.stack.staff
    assert variables[settings.CASES_TABLE] == {"Ref": synth.logical_id(data.tables[CasesTable.__name__])}
    assert variables[settings.AUDIT_TABLE] == {"Ref": synth.logical_id(data.tables[AuditTable.__name__])}
    assert variables[settings.STAFF_USER_POOL_ID] == {"Ref": synth.logical_id(staff.sign_in.user_pool)}
    assert variables[settings.STAFF_CLIENT_ID] == {"Ref": synth.logical_id(staff.sign_in.console_client)}
    dev = load_stage("dev").staff
    assert variables[console_settings.IDLE_MINUTES] == str(dev.token_validity_minutes)
    assert variables[console_settings.SESSION_HOURS] == str(dev.refresh_token_validity_hours)
    # Lookups by phone or email: the stage's caller salt, the same secret the staff function has.
    staff_variables = synth.resource_of(staff.api.handler.function)["Properties"]["Environment"]["Variables"]
    assert variables[settings.CALLER_SALT] == staff_variables[settings.CALLER_SALT]
    assert "resolve:secretsmanager" in json.dumps(variables[settings.CALLER_SALT])


def test_the_sign_in_lifetimes_match_the_console_clients_tokens(synth, function):
    client = synth.resource_of(synth.stack.staff.sign_in.console_client)["Properties"]
    variables = function["Environment"]["Variables"]
    units = client["TokenValidityUnits"]
    assert units["IdToken"] == "minutes" and units["RefreshToken"] == "minutes"
    assert client["IdTokenValidity"] == int(variables[console_settings.IDLE_MINUTES])
    assert client["RefreshTokenValidity"] == 60 * int(variables[console_settings.SESSION_HOURS])


def _grants(synth, console) -> tuple[dict[str, set[str]], set[str]]:
    """DynamoDB actions by table, and every other action, the console's role is allowed."""
    statements = synth.resource_of(console.handler.policy)["Properties"]["PolicyDocument"]["Statement"]
    tables = {synth.logical_id(table): name for name, table in synth.stack.data.tables.items()}
    granted: dict[str, set[str]] = {}
    others: set[str] = set()
    for statement in statements:
        actions = set(_list(statement["Action"]))
        others |= {action for action in actions if not action.startswith("dynamodb:")}
        dynamo = {action for action in actions if action.startswith("dynamodb:")}
        for resource in _list(statement["Resource"]):
            for logical, name in tables.items():
                if dynamo and logical in json.dumps(resource):
                    granted.setdefault(name, set()).update(dynamo)
    return granted, others


def test_the_console_may_do_what_the_staff_function_does_and_delete_its_sessions(synth, console):
    granted, others = _grants(synth, console)
    assert granted == {
        CasesTable.__name__: set(CASE_ACTIONS) | set(SESSION_ACTIONS),
        AuditTable.__name__: set(AUDIT_ACTIONS),
    }
    assert SESSION_ACTIONS == ("dynamodb:DeleteItem",)
    assert "dynamodb:Scan" not in set().union(*granted.values())
    # Its Cognito calls are authorised by the password, challenge session or token they carry.
    assert not any(action.startswith("cognito-idp:") for action in others)
    assert others <= {
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "kms:Decrypt",
        "kms:Encrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    }


def test_the_console_client_signs_in_with_a_password_server_side_and_can_revoke_tokens(synth):
    client = synth.resource_of(synth.stack.staff.sign_in.console_client)["Properties"]
    assert "ALLOW_USER_PASSWORD_AUTH" in client["ExplicitAuthFlows"]
    assert "ALLOW_REFRESH_TOKEN_AUTH" in client["ExplicitAuthFlows"]
    assert client["GenerateSecret"] is False
    assert client["EnableTokenRevocation"] is True


def test_the_sign_in_pages_state_the_pools_password_policy(synth):
    pool = synth.resource_of(synth.stack.staff.sign_in.user_pool)["Properties"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == PASSWORD_MIN_LENGTH


@pytest.fixture(scope="module")
def behaviours(synth) -> dict[str, dict[str, Any]]:
    config = synth.resource_of(synth.stack.edge.distribution)["Properties"]["DistributionConfig"]
    return {b["PathPattern"]: b for b in config["CacheBehaviors"]} | {"*": config["DefaultCacheBehavior"]}


@pytest.mark.parametrize("path", CONSOLE_PATHS)
def test_cloudfront_never_caches_the_console_and_forwards_only_its_cookie(synth, behaviours, path):
    assert CONSOLE_PATHS == ("/console", "/console/*")
    console = behaviours[path]
    assert console["AllowedMethods"] == ALL_METHODS
    assert console["TargetOriginId"] == behaviours["*"]["TargetOriginId"]  # the same API stage
    assert console["ViewerProtocolPolicy"] == "redirect-to-https"
    assert console["ResponseHeadersPolicyId"] == behaviours["*"]["ResponseHeadersPolicyId"]
    policy = synth.template["Resources"][console["OriginRequestPolicyId"]["Ref"]]["Properties"]
    request = policy["OriginRequestPolicyConfig"]
    assert request["CookiesConfig"] == {"CookieBehavior": "whitelist", "Cookies": [COOKIE]}
    assert COOKIE == "fd_staff" != SESSION_COOKIE
    assert request["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert request["HeadersConfig"] == {"HeaderBehavior": "none"}
    cache = synth.template["Resources"][console["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    assert cache["MaxTTL"] == 1 and cache["DefaultTTL"] == 0  # console pages all say no-store
    assert cache["ParametersInCacheKeyAndForwardedToOrigin"]["CookiesConfig"]["Cookies"] == [COOKIE]


def test_the_residents_site_never_receives_the_console_cookie(synth, behaviours):
    site = behaviours["*"]
    policy = synth.template["Resources"][site["OriginRequestPolicyId"]["Ref"]]["Properties"]
    assert COOKIE not in json.dumps(policy)
