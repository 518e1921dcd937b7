"""The Amazon Connect contact centre in the synthesized dev stack, and in a stage that attaches to
an existing instance: instance, hours, queues, routing, numbers, flows and what they invoke,
contact records storage, and the start-chat route."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from aws_cdk import App
from aws_cdk.assertions import Template

from frontdoor import settings
from frontdoor.catalogue import default_catalogue
from frontdoor.flows import CONNECT_FUNCTIONS, FLOWS, FlowRefs, build_flows, contact_centre_config
from frontdoor.flows.config import PRIORITY_QUEUE, Hours, Slot
from infra.config import ConnectStageConfig, PhoneNumberConfig, StageConfig, load_stage
from infra.constructs.connect_functions import GRANTS, pascal
from infra.constructs.contact_centre import hours_of_operation
from infra.stack import FrontDoorStack

DEV = load_stage("dev")
CENTRE = contact_centre_config()
CONNECT_LIMIT = 256_000  # AWS::Connect::ContactFlow Content, characters
EXISTING_ARN = "arn:aws:connect:eu-west-2:111122223333:instance/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
SENDER_ARN = "arn:aws:sms-voice:eu-west-2:111122223333:sender-id/EXAMPLEBC/GB"
# The stage's CloudFront web ACL (it lives in the stage's us-east-1 stack: test_edge.py).
EDGE_WEB_ACL_ARN = (
    "arn:aws:wafv2:us-east-1:111122223333:global/webacl/frontdoor/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
)
CONFIGURATION_SET_ARN = "arn:aws:sms-voice:eu-west-2:111122223333:configuration-set/frontdoor"


# --- reading the template -------------------------------------------------------------------------


def render(node: Any, get_att: str = "<{}.{}>") -> str:
    """A string with its intrinsics spelled out: ``GetAtt`` as ``get_att`` (by default
    ``<LogicalId.Attribute>``), ``Ref`` as ``<LogicalId>``."""
    if isinstance(node, str):
        return node
    if "Fn::Join" in node:
        delimiter, parts = node["Fn::Join"]
        return delimiter.join(render(part, get_att) for part in parts)
    if "Fn::GetAtt" in node:
        return get_att.format(*node["Fn::GetAtt"])
    if "Ref" in node:
        return f"<{node['Ref']}>"
    if "Fn::Select" in node:
        index, inner = node["Fn::Select"]
        delimiter, value = inner["Fn::Split"]
        return f"<part {index} of {render(value, get_att)} split by {delimiter}>"
    raise AssertionError(f"unexpected intrinsic {node!r}")


def references(node: Any) -> Iterator[str]:
    """Every logical id ``node`` refers to through Ref, GetAtt or Fn::Sub."""
    if isinstance(node, dict):
        if "Ref" in node and isinstance(node["Ref"], str):
            yield node["Ref"]
        if "Fn::GetAtt" in node:
            yield node["Fn::GetAtt"][0]
        if "Fn::Sub" in node:
            text = node["Fn::Sub"] if isinstance(node["Fn::Sub"], str) else node["Fn::Sub"][0]
            yield from (part.split("}")[0].split(".")[0] for part in text.split("${")[1:])
        for value in node.values():
            yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def dependency_cycle(resources: dict[str, dict[str, Any]]) -> list[str] | None:
    """A cycle among resources (references and DependsOn), or None: what CloudFormation refuses."""
    edges = {
        name: {
            ref
            for ref in [*references(resource.get("Properties", {})), *_list(resource.get("DependsOn", []))]
            if ref in resources
        }
        for name, resource in resources.items()
    }
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = "visiting"
        path.append(name)
        for target in sorted(edges[name]):
            if state.get(target) == "visiting":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[name] = "done"
        path.pop()
        return None

    for name in sorted(resources):
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _get_att(value: Any) -> tuple[str, str]:
    resource, attribute = value["Fn::GetAtt"]
    return resource, attribute


@pytest.fixture(scope="module")
def centre(synth):
    return synth.stack.contact_centre


@pytest.fixture(scope="module")
def ids(synth, centre) -> dict[str, Any]:
    """Logical ids of the contact centre's resources, by what they are."""
    logical = synth.stack.resolve

    def of(construct: Any) -> str:
        return str(logical(construct.logical_id))

    return {
        "instance": of(centre.instance),
        "hours": {key: of(hours) for key, hours in centre.hours.items()},
        "queues": {key: of(queue) for key, queue in centre.queues.items()},
        "flows": {key: of(flow) for key, flow in centre.flows.items()},
        "functions": {key: synth.logical_id(fn.function) for key, fn in centre.functions.functions.items()},
        "associations": {key: of(a) for key, a in centre.functions.associations.items()},
        "key": synth.logical_id(synth.stack.data.key),
    }


def _props(synth, logical_id: str) -> dict[str, Any]:
    return synth.template["Resources"][logical_id]["Properties"]


def _logical(synth, construct: Any) -> str:
    """The logical id of an L1 resource, or of the resource an L2 (or L3) construct wraps."""
    while not hasattr(construct, "logical_id"):
        construct = construct.node.default_child
    return str(synth.stack.resolve(construct.logical_id))


def _resource(synth, construct: Any) -> dict[str, Any]:
    return synth.template["Resources"][_logical(synth, construct)]


# --- instance, hours, queues, routing -------------------------------------------------------------


def test_instance_is_connect_managed_with_calls_flow_logs_and_contact_lens(synth, ids):
    props = _props(synth, ids["instance"])
    assert props["IdentityManagementType"] == "CONNECT_MANAGED"
    assert props["InstanceAlias"] == DEV.connect.instance_alias
    assert props["Attributes"] == {
        "InboundCalls": True,
        "OutboundCalls": True,
        "ContactflowLogs": True,
        "ContactLens": True,
        "AutoResolveBestVoices": True,
    }


def _expected_slots(hours: Hours) -> list[dict[str, Any]]:
    def clock(text: str) -> dict[str, int]:
        hour, minute = (int(part) for part in text.split(":"))
        return {"Hours": 0 if hour == 24 else hour, "Minutes": minute}

    return [
        {"Day": day, "StartTime": clock(slot.open), "EndTime": clock(slot.close)}
        for slot in hours.slots
        for day in slot.days
    ]


def test_hours_of_operation_are_the_configs_in_its_timezone(synth, ids):
    assert ids["hours"].keys() == CENTRE.hours.keys()
    for key, hours in CENTRE.hours.items():
        props = _props(synth, ids["hours"][key])
        assert props["Name"] == hours.name
        assert props["TimeZone"] == CENTRE.timezone == "Europe/London"
        assert props["Config"] == _expected_slots(hours)
        assert _get_att(props["InstanceArn"]) == (ids["instance"], "Arn")


def test_self_service_hours_are_all_day_every_day_written_as_midnight_to_midnight(synth, ids):
    props = _props(synth, ids["hours"]["always"])
    midnight = {"Hours": 0, "Minutes": 0}
    assert {slot["Day"] for slot in props["Config"]} == {
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    }
    assert all(slot["StartTime"] == slot["EndTime"] == midnight for slot in props["Config"])


def test_a_slot_closing_at_24_00_closes_at_midnight_and_others_keep_their_times():
    hours = Hours(
        name="Split",
        slots=[
            Slot(days=["SATURDAY"], open="08:30", close="12:00"),
            Slot(days=["SUNDAY"], open="18:00", close="24:00"),
        ],
    )
    rendered = [(c.day, c.start_time, c.end_time) for c in hours_of_operation(hours)]
    as_tuples = [(day, (s.hours, s.minutes), (e.hours, e.minutes)) for day, s, e in rendered]
    assert as_tuples == [("SATURDAY", (8, 30), (12, 0)), ("SUNDAY", (18, 0), (0, 0))]


def test_a_queue_per_catalogue_team_plus_priority_each_with_its_hours(synth, ids):
    teams = {team.id for team in default_catalogue().teams}
    assert set(ids["queues"]) == teams | {PRIORITY_QUEUE}
    hours_by_logical_id = {logical: key for key, logical in ids["hours"].items()}
    for queue in CENTRE.queues:
        props = _props(synth, ids["queues"][queue.key])
        assert props["Name"] == queue.name
        assert props["Description"] == queue.description
        resource, attribute = _get_att(props["HoursOfOperationArn"])
        assert (hours_by_logical_id[resource], attribute) == (queue.hours, "HoursOfOperationArn")
    telecare = _props(synth, ids["queues"]["telecare"])
    assert _get_att(telecare["HoursOfOperationArn"])[0] == ids["hours"]["always"]


def _queue_configs(props: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {
        (_get_att(c["QueueReference"]["QueueArn"])[0], c["QueueReference"]["Channel"]): c["Priority"]
        for c in props["QueueConfigs"]
    }


def test_advisors_serve_every_queue_by_voice_and_chat_with_priority_callers_first(synth, centre, ids):
    props = _resource(synth, centre.routing_profiles["advisors"])["Properties"]
    configs = _queue_configs(props)
    assert set(configs) == {
        (queue, channel) for queue in ids["queues"].values() for channel in ("VOICE", "CHAT")
    }
    priority = ids["queues"][PRIORITY_QUEUE]
    assert configs[(priority, "VOICE")] == configs[(priority, "CHAT")] == 1
    assert all(value > 1 for (queue, _), value in configs.items() if queue != priority)
    assert {m["Channel"]: m["Concurrency"] for m in props["MediaConcurrencies"]} == {"VOICE": 1, "CHAT": 2}
    assert _get_att(props["DefaultOutboundQueueArn"]) == (ids["queues"]["customer_services"], "QueueArn")


def test_the_telecare_team_answers_telecare_calls_only(synth, centre, ids):
    props = _resource(synth, centre.routing_profiles["telecare"])["Properties"]
    assert _queue_configs(props) == {(ids["queues"]["telecare"], "VOICE"): 1}


# --- numbers --------------------------------------------------------------------------------------


def test_a_gb_number_of_the_configured_type_is_claimed_to_the_instance(synth, centre, ids):
    (number,) = synth.resources("AWS::Connect::PhoneNumber").values()  # dev has no telecare line
    props = number["Properties"]
    assert props["CountryCode"] == "GB"
    assert props["Type"] == DEV.connect.main_number.type
    assert props["Prefix"] == DEV.connect.main_number.prefix
    assert _get_att(props["TargetArn"]) == (ids["instance"], "Arn")


def test_the_main_number_is_pointed_at_the_inbound_flow_and_let_go_on_delete(synth, centre, ids):
    main = centre.numbers["main"]
    resource = _resource(synth, main.association)
    create = json.loads(render(resource["Properties"]["Create"]))
    delete = json.loads(render(resource["Properties"]["Delete"]))
    number = _logical(synth, main.phone_number)
    assert create["action"] == "associatePhoneNumberContactFlow"
    assert create["parameters"]["PhoneNumberId"] == f"<{number}.PhoneNumberArn>"
    assert create["parameters"]["InstanceId"] == f"<{ids['instance']}.Id>"
    assert (
        create["parameters"]["ContactFlowId"]
        == f"<part 3 of <{ids['flows']['inbound']}.ContactFlowArn> split by />"
    )
    assert delete["action"] == "disassociatePhoneNumberContactFlow"
    assert delete["parameters"]["PhoneNumberId"] == f"<{number}.PhoneNumberArn>"


def test_the_association_may_touch_only_this_number_and_its_flow(synth, centre, ids):
    main = centre.numbers["main"]
    policy = _resource(synth, main.association.node.find_child("CustomResourcePolicy"))
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert sorted(_list(statement["Action"])) == [
        "connect:AssociatePhoneNumberContactFlow",
        "connect:DisassociatePhoneNumberContactFlow",
    ]
    assert sorted(render(r) for r in statement["Resource"]) == sorted(
        [
            f"<{_logical(synth, main.phone_number)}.PhoneNumberArn>",
            f"<{ids['flows']['inbound']}.ContactFlowArn>",
        ]
    )


# --- flows ----------------------------------------------------------------------------------------


def test_each_flow_has_its_name_type_and_description_on_the_instance(synth, ids):
    assert ids["flows"].keys() == FLOWS.keys()
    for key, spec in FLOWS.items():
        props = _props(synth, ids["flows"][key])
        assert (props["Name"], props["Type"], props["Description"]) == (
            spec.name,
            spec.type,
            spec.description,
        )
        assert props["State"] == "ACTIVE"
        assert _get_att(props["InstanceArn"]) == (ids["instance"], "Arn")


def _content(synth, ids, key: str) -> dict[str, Any]:
    return json.loads(render(_props(synth, ids["flows"][key])["Content"]))


def test_flow_content_is_the_built_flows_pointing_at_this_stacks_resources(synth, ids):
    """Exactly build_flows' JSON, with each function, queue, hours and flow ARN this stack's own."""
    arn = "arn:aws:test:{}.{}"  # ARN-shaped, as build_flows checks
    refs = FlowRefs(
        lambdas={key: arn.format(logical, "Arn") for key, logical in ids["functions"].items()},
        queues={key: arn.format(logical, "QueueArn") for key, logical in ids["queues"].items()},
        hours={key: arn.format(logical, "HoursOfOperationArn") for key, logical in ids["hours"].items()},
        flows={key: arn.format(logical, "ContactFlowArn") for key, logical in ids["flows"].items()},
    )
    expected = build_flows(refs, CENTRE)
    for key in FLOWS:
        content = json.loads(render(_props(synth, ids["flows"][key])["Content"], get_att=arn))
        assert content == expected[key], key


def _parameters(content: dict[str, Any], name: str) -> set[str]:
    return {action["Parameters"][name] for action in content["Actions"] if name in action["Parameters"]}


def test_the_flows_invoke_every_connect_function_and_reach_the_priority_queue(synth, ids):
    inbound, chat = _content(synth, ids, "inbound"), _content(synth, ids, "chat")
    invoked = set().union(*(_parameters(_content(synth, ids, key), "LambdaFunctionARN") for key in FLOWS))
    assert invoked == {f"<{logical}.Arn>" for logical in ids["functions"].values()}
    priority = f"<{ids['queues'][PRIORITY_QUEUE]}.QueueArn>"
    assert priority in _parameters(inbound, "QueueId") and priority in _parameters(chat, "QueueId")
    queue_flow = f"<{ids['flows']['customer_queue']}.ContactFlowArn>"
    hooks = [
        a["Parameters"]["EventHooks"] for a in inbound["Actions"] if a["Type"] == "UpdateContactEventHooks"
    ]
    assert {"CustomerQueue": queue_flow} in hooks


def test_every_flow_fits_connects_content_limit_with_full_length_arns(synth, ids):
    arn = "arn:aws:connect:eu-west-2:123456789012:instance/" + "0" * 36 + "/contact-flow/" + "0" * 36
    for key in FLOWS:
        raw = render(_props(synth, ids["flows"][key])["Content"])
        for logical in [*ids["functions"].values(), *ids["queues"].values(), *ids["flows"].values()]:
            raw = raw.replace(f"<{logical}.", f"<{arn}.")
        assert len(raw) < CONNECT_LIMIT, key


def test_flows_are_created_after_the_functions_are_associated_with_the_instance(synth, ids):
    for key in FLOWS:
        depends_on = set(_list(synth.template["Resources"][ids["flows"][key]].get("DependsOn", [])))
        assert set(ids["associations"].values()) <= depends_on, key


def test_the_template_has_no_circular_dependency(synth):
    assert dependency_cycle(synth.template["Resources"]) is None


def test_the_cycle_check_finds_a_cycle_through_a_flow():
    resources = {
        "Inbound": {
            "Properties": {"Content": {"Fn::Join": ["", [{"Fn::GetAtt": ["Queue", "ContactFlowArn"]}]]}}
        },
        "Queue": {"Properties": {"Content": {"Fn::GetAtt": ["Survey", "ContactFlowArn"]}}},
        "Survey": {"Properties": {}, "DependsOn": ["Inbound"]},
    }
    assert dependency_cycle(resources) == ["Inbound", "Queue", "Survey", "Inbound"]


# --- Connect-invoked functions --------------------------------------------------------------------


def test_each_connect_function_is_associated_with_the_instance(synth, ids):
    for key, logical in ids["associations"].items():
        props = _props(synth, logical)
        assert props["IntegrationType"] == "LAMBDA_FUNCTION"
        assert _get_att(props["InstanceId"]) == (ids["instance"], "Arn")
        assert _get_att(props["IntegrationArn"]) == (ids["functions"][key], "Arn")


def test_only_connect_acting_for_this_instance_may_invoke_the_connect_functions(synth, ids):
    permissions = [
        p["Properties"]
        for p in synth.resources("AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "connect.amazonaws.com"
    ]
    assert {_get_att(p["FunctionName"])[0] for p in permissions} == set(ids["functions"].values())
    for permission in permissions:
        assert permission["Action"] == "lambda:InvokeFunction"
        assert _get_att(permission["SourceArn"]) == (ids["instance"], "Arn")
        assert permission["SourceAccount"] == {"Ref": "AWS::AccountId"}


def test_connect_functions_answer_within_connects_budget_with_the_stage_settings(synth, centre, ids):
    salt = synth.logical_id(centre.caller_salt.secret)
    for key, logical in ids["functions"].items():
        props = _props(synth, logical)
        assert 3 <= props["Timeout"] <= 5, key
        assert props["MemorySize"] >= 1024
        assert props["Architectures"] == ["arm64"]
        env = props["Environment"]["Variables"]
        assert env["POWERTOOLS_SERVICE_NAME"] == CONNECT_FUNCTIONS[key].split("/")[1]
        assert env[settings.WEB_BASE_URL] == DEV.connect.web_base_url
        assert env[settings.PAYMENT_BASE_URL] == DEV.connect.payment_base_url
        assert settings.SMS_ORIGINATION not in env  # dev sends no texts: callers go to an advisor
        # The salt is resolved from Secrets Manager at deploy time, never written in the template.
        assert render(env[settings.CALLER_SALT]) == f"{{{{resolve:secretsmanager:<{salt}>:SecretString:::}}}}"
        resolved = {k: v if isinstance(v, str) else "resolved-at-deploy-time" for k, v in env.items()}
        assert settings.Settings.from_env(resolved).caller_salt


def test_the_open311_function_shares_the_caller_salt(synth, centre):
    env = synth.resource_of(synth.stack.open311.handler.function)["Properties"]["Environment"]["Variables"]
    salt = synth.logical_id(centre.caller_salt.secret)
    assert render(env[settings.CALLER_SALT]) == f"{{{{resolve:secretsmanager:<{salt}>:SecretString:::}}}}"


def test_the_caller_salt_is_a_generated_secret_under_the_stacks_key(synth, centre, ids):
    props = synth.resource_of(centre.caller_salt.secret)["Properties"]
    assert _get_att(props["KmsKeyId"]) == (ids["key"], "Arn")
    assert props["GenerateSecretString"]["PasswordLength"] >= 32
    assert "SecretString" not in props


def test_each_connect_function_gets_exactly_the_table_actions_of_its_grant(synth, centre):
    tables = {synth.logical_id(t): name for name, t in synth.stack.data.tables.items()}
    for key, fn in centre.functions.functions.items():
        statements = synth.resource_of(fn.policy)["Properties"]["PolicyDocument"]["Statement"]
        granted: dict[str, set[str]] = {}
        for statement in statements:
            actions = {a for a in _list(statement["Action"]) if a.startswith("dynamodb:")}
            for resource in _list(statement["Resource"]):
                table = tables.get(next(references(resource), ""))
                if actions and table:
                    granted.setdefault(table, set()).update(actions)
        expected = {"CasesTable": set(GRANTS[key].cases), "IdempotencyTable": set(GRANTS[key].idempotency)}
        assert granted == {table: actions for table, actions in expected.items() if actions}, key
        assert not any("sms-voice:SendTextMessage" in _list(s["Action"]) for s in statements)  # none in dev


def test_only_the_texting_functions_may_send_and_only_from_the_configured_identity(existing):
    # Among the contact centre's functions (the notifier texts too: tests/infra/test_notifications.py).
    texting = {
        logical: [
            s
            for s in r["Properties"]["PolicyDocument"]["Statement"]
            if "sms-voice:SendTextMessage" in _list(s["Action"])
        ]
        for logical, r in existing.items()
        if r["Type"] == "AWS::IAM::Policy" and logical.startswith("ContactCentre")
    }
    texting = {logical: statements for logical, statements in texting.items() if statements}
    expected = [pascal(key) for key, grant in GRANTS.items() if grant.texts]
    assert len(expected) == 2 and len(texting) == 2
    assert all(any(name in logical for name in expected) for logical in texting)
    for (statement,) in texting.values():
        assert sorted(_list(statement["Resource"])) == sorted([SENDER_ARN, CONFIGURATION_SET_ARN])


# --- contact records, recordings, transcripts -----------------------------------------------------


def _storage(synth) -> dict[str, dict[str, Any]]:
    return {
        r["Properties"]["ResourceType"]: r
        for r in synth.resources("AWS::Connect::InstanceStorageConfig").values()
    }


def test_contact_trace_records_stream_to_a_kinesis_stream_under_the_stacks_key(synth, centre, ids):
    storage = _storage(synth)["CONTACT_TRACE_RECORDS"]
    props = storage["Properties"]
    assert props["StorageType"] == "KINESIS_STREAM"
    assert _get_att(props["InstanceArn"]) == (ids["instance"], "Arn")
    stream_id, _ = _get_att(props["KinesisStreamConfig"]["StreamArn"])
    stream = _props(synth, stream_id)
    assert stream["StreamEncryption"]["EncryptionType"] == "KMS"
    assert _get_att(stream["StreamEncryption"]["KeyId"])[0] == ids["key"]
    assert stream["RetentionPeriodHours"] == DEV.connect.ctr_stream_retention_hours
    # Connect's key grant comes with the recordings association: the stream's waits for it.
    recordings = next(
        logical
        for logical, r in synth.resources("AWS::Connect::InstanceStorageConfig").items()
        if r["Properties"]["ResourceType"] == "CALL_RECORDINGS"
    )
    assert recordings in _list(storage.get("DependsOn", []))


def test_recordings_and_transcripts_go_to_the_kms_encrypted_bucket_with_retention(synth, centre, ids):
    bucket_id = synth.logical_id(centre.records.recordings)
    for resource_type, prefix in (
        ("CALL_RECORDINGS", "recordings"),
        ("CHAT_TRANSCRIPTS", "chat-transcripts"),
    ):
        props = _storage(synth)[resource_type]["Properties"]
        assert props["StorageType"] == "S3"
        s3 = props["S3Config"]
        assert s3["BucketName"] == {"Ref": bucket_id} and s3["BucketPrefix"] == prefix
        assert s3["EncryptionConfig"]["EncryptionType"] == "KMS"
        assert _get_att(s3["EncryptionConfig"]["KeyId"]) == (ids["key"], "Arn")

    bucket = _props(synth, bucket_id)
    (encryption,) = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert _get_att(encryption["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]) == (ids["key"], "Arn")
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == DEV.connect.recordings_retention_days
    assert rule["Status"] == "Enabled" and "NoncurrentVersionExpiration" in rule
    assert bucket["LoggingConfiguration"]["DestinationBucketName"] == {
        "Ref": synth.logical_id(centre.records.access_logs)
    }


def test_the_recordings_bucket_refuses_requests_without_tls(synth, centre):
    bucket_id = synth.logical_id(centre.records.recordings)
    (policy,) = [
        p["Properties"]
        for p in synth.resources("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    denials = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Deny"]
    assert any(s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in denials)


# --- webchat --------------------------------------------------------------------------------------


def test_post_chat_start_runs_the_start_chat_function(synth, centre):
    paths = {
        logical: r["Properties"]["PathPart"]
        for logical, r in synth.resources("AWS::ApiGateway::Resource").items()
    }
    (method,) = [
        m["Properties"]
        for m in synth.resources("AWS::ApiGateway::Method").values()
        if m["Properties"]["HttpMethod"] == "POST"
    ]
    assert paths[method["ResourceId"]["Ref"]] == "start"
    assert method["Integration"]["Type"] == "AWS_PROXY"
    assert synth.logical_id(centre.start_chat.function) in render(method["Integration"]["Uri"])


def test_start_chat_may_start_chats_in_the_chat_flow_and_nothing_else(synth, centre, ids):
    statements = synth.resource_of(centre.start_chat.policy)["Properties"]["PolicyDocument"]["Statement"]
    connect_statements = [s for s in statements if any(a.startswith("connect:") for a in _list(s["Action"]))]
    assert connect_statements == [
        {
            "Action": "connect:StartChatContact",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [ids["flows"]["chat"], "ContactFlowArn"]},
        }
    ]
    env = synth.resource_of(centre.start_chat.function)["Properties"]["Environment"]["Variables"]
    assert env[settings.CONNECT_INSTANCE_ID] == {"Fn::GetAtt": [ids["instance"], "Id"]}
    assert (
        render(env[settings.CONNECT_CHAT_FLOW_ID])
        == f"<part 3 of <{ids['flows']['chat']}.ContactFlowArn> split by />"
    )


# --- another stage: the council's existing instance -----------------------------------------------


def _stage(**connect: Any) -> StageConfig:
    return StageConfig.model_validate(
        {**DEV.model_dump(), "connect": {**DEV.connect.model_dump(), **connect}}
    )


@pytest.fixture(scope="module")
def existing() -> dict[str, Any]:
    """The dev stack attached to an existing instance, with a telecare line and texts (no cdk-nag:
    cheaper; the gates judge the dev stack)."""
    config = _stage(
        existing_instance_arn=EXISTING_ARN,
        telecare_number={"type": "TOLL_FREE"},
        sms_origination_arn=SENDER_ARN,
        sms_configuration_set_arn=CONFIGURATION_SET_ARN,
    )
    stack = FrontDoorStack(App(), "Existing", config=config, edge_web_acl_arn=EDGE_WEB_ACL_ARN)
    return Template.from_stack(stack).to_json()["Resources"]


def _of_type(resources: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in resources.values() if r["Type"] == type_]


def test_an_existing_instance_is_attached_to_not_created(existing):
    assert _of_type(existing, "AWS::Connect::Instance") == []
    instance_scoped = [
        *_of_type(existing, "AWS::Connect::HoursOfOperation"),
        *_of_type(existing, "AWS::Connect::Queue"),
        *_of_type(existing, "AWS::Connect::RoutingProfile"),
        *_of_type(existing, "AWS::Connect::ContactFlow"),
    ]
    assert instance_scoped and all(p["InstanceArn"] == EXISTING_ARN for p in instance_scoped)
    assert {p["InstanceId"] for p in _of_type(existing, "AWS::Connect::IntegrationAssociation")} == {
        EXISTING_ARN
    }
    connect_permissions = [
        p for p in _of_type(existing, "AWS::Lambda::Permission") if p["Principal"] == "connect.amazonaws.com"
    ]
    assert len(connect_permissions) == len(CONNECT_FUNCTIONS)
    assert {p["SourceArn"] for p in connect_permissions} == {EXISTING_ARN}
    assert {p["TargetArn"] for p in _of_type(existing, "AWS::Connect::PhoneNumber")} == {EXISTING_ARN}


def test_an_existing_instance_keeps_its_own_recording_and_record_storage_by_default(existing):
    assert _of_type(existing, "AWS::Connect::InstanceStorageConfig") == []
    assert _of_type(existing, "AWS::Kinesis::Stream") == []
    buckets = [name for name, r in existing.items() if r["Type"] == "AWS::S3::Bucket"]
    assert [name for name in buckets if not name.startswith("EdgeAssets")] == []  # the site's assets only


def test_an_existing_instance_gets_front_doors_storage_when_the_stage_says_so():
    from aws_cdk import Stack
    from aws_cdk import aws_kms as kms

    from infra.constructs.contact_records import ContactRecords

    stack = Stack(App(), "Storage")
    config = _stage(existing_instance_arn=EXISTING_ARN, storage_on_existing_instance=True)
    ContactRecords(stack, "Records", config=config, key=kms.Key(stack, "Key"), instance_arn=EXISTING_ARN)
    storage = _of_type(
        Template.from_stack(stack).to_json()["Resources"], "AWS::Connect::InstanceStorageConfig"
    )
    assert sorted(p["ResourceType"] for p in storage) == [
        "CALL_RECORDINGS",
        "CHAT_TRANSCRIPTS",
        "CONTACT_TRACE_RECORDS",
    ]
    assert {p["InstanceArn"] for p in storage} == {EXISTING_ARN}


def test_on_an_existing_instance_names_carry_the_stage(existing):
    names = [p["Name"] for p in _of_type(existing, "AWS::Connect::Queue")]
    assert "Priority callers (dev)" in names and all(name.endswith(" (dev)") for name in names)
    flows = {p["Name"] for p in _of_type(existing, "AWS::Connect::ContactFlow")}
    assert flows == {f"{spec.name} (dev)" for spec in FLOWS.values()}


def test_a_telecare_line_is_claimed_and_pointed_at_the_telecare_flow(existing):
    numbers = {p["Type"]: p for p in _of_type(existing, "AWS::Connect::PhoneNumber")}
    assert set(numbers) == {"DID", "TOLL_FREE"}
    associations = [render(p["Create"]) for p in _of_type(existing, "Custom::AWS")]
    flow_ids = {
        name: logical
        for logical, r in existing.items()
        if r["Type"] == "AWS::Connect::ContactFlow"
        for name in [r["Properties"]["Name"]]
    }
    telecare_flow = flow_ids[f"{FLOWS['telecare'].name} (dev)"]
    instance_id = EXISTING_ARN.rpartition("/")[2]
    telecare = [json.loads(a) for a in associations if telecare_flow in a]
    assert len(telecare) == 1 and telecare[0]["parameters"]["InstanceId"] == instance_id


def test_start_chat_is_told_the_existing_instances_id(existing):
    (start_chat,) = [
        p for p in _of_type(existing, "AWS::Lambda::Function") if "start_chat" in p.get("Description", "")
    ]
    assert (
        start_chat["Environment"]["Variables"][settings.CONNECT_INSTANCE_ID]
        == EXISTING_ARN.rpartition("/")[2]
    )


# --- config ---------------------------------------------------------------------------------------


def test_a_stage_without_the_contact_centre_has_no_connect_resources_or_chat_route():
    stack = FrontDoorStack(
        App(), "NoConnect", config=_stage(enabled=False), edge_web_acl_arn=EDGE_WEB_ACL_ARN
    )
    resources = Template.from_stack(stack).to_json()["Resources"]
    assert not [r for r in resources.values() if r["Type"].startswith("AWS::Connect::")]
    open311 = {"Ref": stack.resolve(stack.open311.rest_api.node.default_child.logical_id)}
    parts = {
        p["PathPart"] for p in _of_type(resources, "AWS::ApiGateway::Resource") if p["RestApiId"] == open311
    }
    assert parts == {"open311", "{proxy+}", "console"}  # the staff console: test_console.py


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"instance_alias": "d-1234567890"}, "instance_alias"),
        ({"instance_alias": "has spaces"}, "instance_alias"),
        (
            {"existing_instance_arn": "arn:aws:connect:eu-west-2:111122223333:queue/x"},
            "existing_instance_arn",
        ),
        ({"main_number": {"country": "US"}}, "country"),
        ({"main_number": {"prefix": "+33"}}, "prefix"),
        ({"main_number": {"type": "UIFN"}}, "type"),
        ({"recordings_retention_days": 0}, "recordings_retention_days"),
        ({"ctr_stream_retention_hours": 12}, "ctr_stream_retention_hours"),
        ({"payment_base_url": "http://pay.example.gov.uk"}, "payment_base_url"),
        ({"sms_origination_arn": "+447700900123"}, "sms_origination_arn"),
        ({"sms_origination_arn": SENDER_ARN.replace("eu-west-2", "us-east-1")}, "sms_origination_arn"),
    ],
)
def test_a_bad_connect_setting_fails_naming_the_field(change, field):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=field):
        _stage(**change)


def test_an_existing_instance_must_be_in_the_stages_region():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="eu-west-1"):
        _stage(existing_instance_arn=EXISTING_ARN.replace("eu-west-2", "eu-west-1"))


def test_both_stages_configure_the_contact_centre():
    from infra.config import STAGES

    for config in STAGES.values():
        assert isinstance(config.connect, ConnectStageConfig) and config.connect.enabled
        assert isinstance(config.connect.main_number, PhoneNumberConfig)
        assert config.connect.main_number.country == "GB"
