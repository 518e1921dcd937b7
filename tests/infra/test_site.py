"""The residents' website in the synthesized dev app: the site function on the REST API's catch-all,
with the web layer, exactly the table actions its pages use, and the settings its pages read."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor import settings
from infra.constructs.api import IDEMPOTENCY_ACTIONS
from infra.constructs.site import CASE_ACTIONS
from web.settings import MAIN_PHONE_NUMBER


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def site(synth):
    return synth.stack.site


@pytest.fixture(scope="module")
def function(synth, site) -> dict[str, Any]:
    return synth.resource_of(site.function)["Properties"]


def resource_paths(synth) -> dict[str, str]:
    """Logical id -> full path of every API Gateway resource (the root is the RestApi's own id)."""
    resources = synth.resources("AWS::ApiGateway::Resource")
    paths: dict[str, str] = {}

    def path_of(logical: str) -> str:
        if logical not in resources:
            return ""
        props = resources[logical]["Properties"]
        parent = props["ParentId"]
        parent_logical = parent["Ref"] if "Ref" in parent else ""
        return f"{path_of(parent_logical)}/{props['PathPart']}"

    for logical in resources:
        paths[logical] = path_of(logical)
    return paths


def methods_of(synth, function_logical: str) -> dict[str, str]:
    """HTTP method by resource path ('/' for the root) of the methods integrated with the function."""
    paths = resource_paths(synth)
    found = {}
    for method in synth.resources("AWS::ApiGateway::Method").values():
        props = method["Properties"]
        uri = props.get("Integration", {}).get("Uri", {})
        if function_logical not in str(uri):
            continue
        resource = props["ResourceId"]
        path = paths.get(resource.get("Ref", ""), "/") if "Ref" in resource else "/"
        found[path] = props["HttpMethod"]
    return found


def test_the_site_answers_the_root_and_every_path_the_api_does_not(synth, site):
    methods = methods_of(synth, synth.logical_id(site.function))
    assert methods == {"/": "ANY", "/{proxy+}": "ANY"}
    assert site.rest_api is synth.stack.open311.rest_api  # one API, which the edge fronts
    paths = set(resource_paths(synth).values())
    assert {"/open311/{proxy+}", "/{proxy+}"} <= paths  # Open311 keeps its more specific resource


def test_the_function_ships_only_its_handler_and_gets_pages_from_the_web_layer(synth, site, function):
    assert function["Handler"] == "handler.lambda_handler"
    assert function["Architectures"] == ["arm64"]
    layer_ids = {layer["Ref"] for layer in function["Layers"]}
    layers = synth.stack.layers
    assert layer_ids == {synth.stack.resolve(layer.layer_version_arn)["Ref"] for layer in layers.for_web}
    web = synth.resource_of(layers.web)["Properties"]
    assert web["Description"].startswith("Front Door web package")


def test_the_function_reads_the_shared_settings_encrypted_with_the_stacks_key(function):
    variables = function["Environment"]["Variables"]
    shared = (settings.CASES_TABLE, settings.COUNCIL_NAME, settings.CONTACT_EMAIL, settings.RETENTION_DAYS)
    assert set(shared) <= set(variables)
    assert function["KmsKeyArn"]


def test_the_site_gives_the_main_line_connect_claimed_and_shares_the_caller_salt(synth, function):
    # The dev stage claims a main number, so "call us" is that number, known only once it is claimed.
    variables = function["Environment"]["Variables"]
    numbers = synth.resources("AWS::Connect::PhoneNumber")
    claimed = {logical for logical, number in numbers.items() if "main" in logical.lower()}
    (attribute,) = [variables[MAIN_PHONE_NUMBER]["Fn::GetAtt"]]
    assert attribute[0] in claimed and attribute[1] == "Address"
    open311 = synth.resource_of(synth.stack.open311.handler.function)["Properties"]
    assert variables[settings.CALLER_SALT] == open311["Environment"]["Variables"][settings.CALLER_SALT]


def test_the_function_gets_exactly_the_item_actions_its_pages_use_and_never_scan(synth, site):
    policy = synth.resource_of(site.handler.policy)["Properties"]["PolicyDocument"]["Statement"]
    tables = {synth.logical_id(table): name for name, table in synth.stack.data.tables.items()}
    granted: dict[str, set[str]] = {}
    for statement in policy:
        actions = {a for a in _list(statement["Action"]) if a.startswith("dynamodb:")}
        for resource in _list(statement["Resource"]):
            for logical in _attributes_of(resource):
                if actions and logical in tables:
                    granted.setdefault(tables[logical], set()).update(actions)
    # Report it files through powertools Idempotency, as Open311 does.
    assert granted == {"CasesTable": set(CASE_ACTIONS), "IdempotencyTable": set(IDEMPOTENCY_ACTIONS)}
    assert "dynamodb:Scan" not in set().union(*granted.values())


def _attributes_of(value: Any) -> list[str]:
    """The logical ids whose attributes (Fn::GetAtt) ``value`` uses, at any depth."""
    if isinstance(value, dict):
        found = [value["Fn::GetAtt"][0]] if "Fn::GetAtt" in value else []
        return found + [logical for inner in value.values() for logical in _attributes_of(inner)]
    if isinstance(value, list):
        return [logical for inner in value for logical in _attributes_of(inner)]
    return []
