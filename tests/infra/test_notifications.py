"""Keeping residents informed, as deployed: the cases stream, the notifier's event source mapping,
its dead-letter queue and alarm, and what it may send (assertions on properties, not counts)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk.assertions import Match, Template

from frontdoor import settings
from frontdoor.notifications.stream import BATCH_SIZE, NOTIFY_FILTERS, RETRY_ATTEMPTS
from infra.config import load_stage
from infra.constructs.data import Data
from infra.constructs.function import FrontDoorFunction
from infra.constructs.notifications import Notifications

DEV = load_stage("dev")


def _ref(value: dict[str, Any]) -> str:
    return value.get("Ref") or value["Fn::GetAtt"][0]


@pytest.fixture(scope="module")
def parts(synth) -> dict[str, Any]:
    notifications = synth.stack.notifications
    return {
        "function": synth.resource_of(notifications.notifier.function)["Properties"],
        "queue_id": synth.logical_id(notifications.dead_letters),
        "queue": synth.resource_of(notifications.dead_letters)["Properties"],
        "cases_id": synth.logical_id(synth.stack.data.tables["CasesTable"]),
        "key_id": synth.logical_id(synth.stack.data.key),
        "mapping": next(iter(synth.resources("AWS::Lambda::EventSourceMapping").values()))["Properties"],
    }


def test_the_cases_table_streams_new_images(synth, parts):
    table = synth.template["Resources"][parts["cases_id"]]["Properties"]

    assert table["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}


def test_make_run_streams_the_cases_table_as_the_stack_does(synth, parts):
    import boto3
    from moto import mock_aws

    from frontdoor.cases.tables import CasesTable
    from local.tables import create_tables

    with mock_aws():
        create_tables()
        local = boto3.client("dynamodb", region_name="eu-west-2").describe_table(
            TableName=CasesTable.Meta.table_name
        )["Table"]

    stack = synth.template["Resources"][parts["cases_id"]]["Properties"]["StreamSpecification"]
    assert local["StreamSpecification"] == {"StreamEnabled": True, **stack}


def test_the_notifier_reads_the_cases_stream_from_the_newest_record(synth, parts):
    mapping = parts["mapping"]

    assert mapping["EventSourceArn"] == {"Fn::GetAtt": [parts["cases_id"], "StreamArn"]}
    assert _ref(mapping["FunctionName"]) == synth.logical_id(synth.stack.notifications.notifier.function)
    assert mapping["StartingPosition"] == "LATEST"


def test_only_new_public_updates_invoke_the_notifier(parts):
    filters = parts["mapping"]["FilterCriteria"]["Filters"]

    assert [json.loads(f["Pattern"]) for f in filters] == list(NOTIFY_FILTERS)
    assert json.loads(filters[0]["Pattern"])["dynamodb"]["NewImage"]["public"] == {"BOOL": [True]}


def test_failed_records_are_retried_then_sent_to_the_dead_letter_queue(parts):
    mapping = parts["mapping"]

    assert mapping["BatchSize"] == BATCH_SIZE == 10
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["MaximumRetryAttempts"] == RETRY_ATTEMPTS == 5
    assert mapping["MaximumRecordAgeInSeconds"] == 24 * 3600  # the stream's retention
    assert mapping["ParallelizationFactor"] == 1
    destination = mapping["DestinationConfig"]["OnFailure"]["Destination"]
    assert destination == {"Fn::GetAtt": [parts["queue_id"], "Arn"]}


def test_the_function_sends_its_failed_asynchronous_invocations_to_the_same_queue(parts):
    assert parts["function"]["DeadLetterConfig"] == {"TargetArn": {"Fn::GetAtt": [parts["queue_id"], "Arn"]}}


def test_the_dead_letter_queue_is_encrypted_with_the_stack_key_keeps_14_days_and_requires_tls(synth, parts):
    queue = parts["queue"]
    assert _ref(queue["KmsMasterKeyId"]) == parts["key_id"]
    assert queue["MessageRetentionPeriod"] == 14 * 24 * 3600
    policies = synth.resources("AWS::SQS::QueuePolicy").values()
    statements = [
        s
        for p in policies
        if {"Ref": parts["queue_id"]} in p["Properties"]["Queues"]
        for s in p["Properties"]["PolicyDocument"]["Statement"]
    ]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in statements
    )


def test_one_undelivered_update_raises_the_alarm_on_an_encrypted_topic(synth, parts):
    notifications = synth.stack.notifications
    alarm = synth.resource_of(notifications.dead_letter_alarm)["Properties"]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["Namespace"] == "AWS/SQS"
    assert alarm["Dimensions"] == [
        {"Name": "QueueName", "Value": {"Fn::GetAtt": [parts["queue_id"], "QueueName"]}}
    ]
    assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    assert (alarm["EvaluationPeriods"], alarm["TreatMissingData"]) == (1, "notBreaching")
    topic_id = synth.logical_id(notifications.alarm_topic)
    assert alarm["AlarmActions"] == [{"Ref": topic_id}]
    topic = synth.resource_of(notifications.alarm_topic)["Properties"]
    assert _ref(topic["KmsMasterKeyId"]) == parts["key_id"]


def test_the_stack_key_lets_cloudwatch_publish_alarms_to_the_encrypted_topic(synth, parts):
    key = synth.template["Resources"][parts["key_id"]]["Properties"]["KeyPolicy"]["Statement"]
    (statement,) = [s for s in key if s.get("Sid") == "CloudWatchAlarmsPublishToEncryptedTopics"]
    assert statement["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert set(statement["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}


def _notifier_statements(synth) -> list[dict[str, Any]]:
    notifier = synth.stack.notifications.notifier
    policy = synth.template["Resources"][synth.stack.resolve(notifier.policy.node.default_child.logical_id)]
    return policy["Properties"]["PolicyDocument"]["Statement"]


def test_emails_go_only_from_the_stages_sender_as_its_identity_through_its_configuration_set(synth):
    (statement,) = [s for s in _notifier_statements(synth) if s["Action"] == "ses:SendEmail"]

    assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": DEV.contact_email}}
    identity, configuration_set = (json.dumps(r) for r in statement["Resource"])
    assert ":identity/example.gov.uk" in identity
    assert ":configuration-set/" in configuration_set
    assert synth.logical_id(synth.stack.notifications.configuration_set) in configuration_set


def test_the_notifier_reads_and_updates_items_by_key_and_never_scans(synth, parts):
    actions = {
        action
        for s in _notifier_statements(synth)
        for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        if action.startswith("dynamodb:")
    }

    assert "dynamodb:Scan" not in actions and "dynamodb:Query" not in actions
    assert {"dynamodb:GetItem", "dynamodb:UpdateItem"} <= actions
    assert {"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"} <= actions


def test_resident_emails_require_tls_and_suppress_bounces_and_complaints(synth):
    configuration_set = synth.resource_of(synth.stack.notifications.configuration_set)["Properties"]

    assert configuration_set["DeliveryOptions"] == {"TlsPolicy": "REQUIRE"}
    assert configuration_set["SuppressionOptions"] == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]}
    assert configuration_set["ReputationOptions"] == {"ReputationMetricsEnabled": True}


def test_the_notifier_environment_satisfies_its_settings(synth, parts):
    env = parts["function"]["Environment"]["Variables"]

    assert env[settings.EMAIL_FROM] == DEV.contact_email
    assert env[settings.WEB_BASE_URL] == DEV.connect.web_base_url
    assert _ref(env[settings.EMAIL_CONFIGURATION_SET]) == synth.logical_id(
        synth.stack.notifications.configuration_set
    )
    resolved = {k: v if isinstance(v, str) else "resolved-at-deploy" for k, v in env.items()}
    checked = settings.Settings.from_env(resolved)
    assert checked.email_from == DEV.contact_email


# --- a stage of its own: alarm email, sender and texts ---------------------------------------------------


def _notifications_template(**changes: Any) -> Template:
    config = DEV.model_copy(update=changes)
    stack = Stack(App(), "NotificationsOnly", env={"region": config.region, "account": "123456789012"})
    data = Data(stack, "Data", config=config)
    Notifications(
        stack,
        "Notifications",
        config=config,
        layers=[],
        key=data.key,
        cases_table=data.tables["CasesTable"],
        idempotency_table=data.tables["IdempotencyTable"],
    )
    return Template.from_stack(stack)


def test_the_alarm_emails_the_stages_alarm_address_when_it_has_one():
    with_address = _notifications_template(alarm_email="platform@example.gov.uk")
    without = _notifications_template(alarm_email=None)

    with_address.has_resource_properties(
        "AWS::SNS::Subscription", {"Protocol": "email", "Endpoint": "platform@example.gov.uk"}
    )
    assert without.find_resources("AWS::SNS::Subscription") == {}


def test_a_configured_sender_and_identity_are_the_ones_allowed():
    notifications = DEV.notifications.model_copy(
        update={"email_from": "updates@mail.example.gov.uk", "email_identity": "updates@mail.example.gov.uk"}
    )
    template = _notifications_template(notifications=notifications)

    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": "ses:SendEmail",
                                "Condition": {
                                    "StringEquals": {"ses:FromAddress": "updates@mail.example.gov.uk"}
                                },
                                "Resource": Match.array_with(
                                    [
                                        Match.object_like(
                                            {
                                                "Fn::Join": Match.array_with(
                                                    [
                                                        Match.array_with(
                                                            [
                                                                Match.string_like_regexp(
                                                                    ":identity/updates@mail.example.gov.uk$"
                                                                )
                                                            ]
                                                        )
                                                    ]
                                                )
                                            }
                                        )
                                    ]
                                ),
                            }
                        )
                    ]
                )
            }
        },
    )


def test_texts_are_allowed_only_from_the_stages_sms_sender():
    origination = "arn:aws:sms-voice:eu-west-2:123456789012:phone-number/phone-0123456789abcdef"
    template = _notifications_template(
        connect=DEV.connect.model_copy(update={"sms_origination_arn": origination})
    )
    without = _notifications_template()

    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [Match.object_like({"Action": "sms-voice:SendTextMessage", "Resource": origination})]
                )
            }
        },
    )
    assert "sms-voice:SendTextMessage" not in json.dumps(without.to_json())


def test_a_function_that_is_not_synchronous_cannot_be_made_without_a_dead_letter_queue():
    stack = Stack(App(), "Refused")
    data = Data(stack, "Data", config=DEV)

    with pytest.raises(ValueError, match="needs a dead-letter queue"):
        FrontDoorFunction(
            stack,
            "Background",
            entry="functions/notifier",
            config=DEV,
            layers=[],
            environment={},
            key=data.key,
            synchronous=False,
            trigger="a schedule",
        )
