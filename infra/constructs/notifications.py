"""Keeping residents informed: the cases table's stream -> the notifier -> Amazon SES or SMS.

A case's first update and every public update are written to the cases table; its stream (new
images) invokes the notifier through an event source mapping that lets through only new public
update items (``frontdoor.notifications.stream.NOTIFY_FILTERS``). A record whose message could not
be sent is reported failed and retried; after the retries its place in the stream goes to a
KMS-encrypted dead-letter queue, whose depth raises an alarm (to the stage's alarm_email when set).
Sending is asynchronous, so a staff action never waits for, or fails with, a message; and the update
is stored before any message is attempted, so a failed send never loses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from frontdoor import settings
from frontdoor.notifications.stream import BATCH_SIZE, NOTIFY_FILTERS, RETRY_ATTEMPTS
from infra.acknowledge import acknowledge
from infra.config import StageConfig
from infra.constructs.common import case_store_environment
from infra.constructs.function import FrontDoorFunction

# The notifier reads the case and its reporter and keeps the reporter's opt-out link secret (an
# update conditional on the item being live); powertools Idempotency's record lifecycle.
CASE_ACTIONS = ("dynamodb:GetItem", "dynamodb:UpdateItem")
IDEMPOTENCY_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
# Ten records take a few seconds; the timeout leaves room for calls that time out and are retried.
TIMEOUT = Duration.seconds(60)
# 14 days, SQS's longest: time to find out why messages failed and to send them again.
DEAD_LETTER_RETENTION = Duration.days(14)


class Notifications(Construct):
    """The notifier, its stream trigger and dead-letter queue, the SES configuration set its emails
    go through, and the alarm on undelivered updates."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: StageConfig,
        layers: Sequence[lambda_.ILayerVersion],
        key: kms.IKey,
        cases_table: dynamodb.ITable,
        idempotency_table: dynamodb.ITable,
    ) -> None:
        super().__init__(scope, id)
        web_base_url = config.connect.web_base_url
        if web_base_url is None:
            raise ValueError("notifications link to the residents' site: set connect.web_base_url")
        self.dead_letters = sqs.Queue(
            self,
            "DeadLetters",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=key,
            enforce_ssl=True,
            retention_period=DEAD_LETTER_RETENTION,
        )
        for rule in ("AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy"):
            acknowledge(
                self.dead_letters,
                rule,
                "This queue is itself the dead-letter queue of the notifier (its stream mapping's "
                "on-failure destination and its asynchronous invocations); nothing consumes it "
                "automatically, and an alarm watches its depth.",
            )
        # cfn-lint's serverless rule ES6000 wants every queue to have a dead-letter queue of its own:
        # this one is the last stop (acknowledged for cdk-nag above, for the same reason).
        queue = cast(sqs.CfnQueue, self.dead_letters.node.default_child)
        queue.add_metadata("cfn-lint", {"config": {"ignore_checks": ["ES6000"]}})
        self.configuration_set = ses.ConfigurationSet(
            self,
            "ResidentEmails",
            reputation_metrics=True,
            sending_enabled=True,
            # Addresses that bounced or complained are not sent to again (SES's suppression list).
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            # The emails carry residents' names and notes about their requests: never in clear text.
            tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
        )
        sms_arns = [
            arn
            for arn in (config.connect.sms_origination_arn, config.connect.sms_configuration_set_arn)
            if arn
        ]
        self.notifier = FrontDoorFunction(
            self,
            "Notifier",
            entry="functions/notifier",
            config=config,
            layers=layers,
            key=key,
            timeout=TIMEOUT,
            memory=512,
            synchronous=False,
            trigger="the cases table's stream (an event source mapping)",
            dead_letters=self.dead_letters,
            environment={
                **case_store_environment(config, cases_table, idempotency_table),
                settings.WEB_BASE_URL: web_base_url,
                settings.EMAIL_FROM: config.email_sender,
                settings.EMAIL_CONFIGURATION_SET: self.configuration_set.configuration_set_name,
                **_sms_environment(config),
            },
        )
        self.notifier.grant_items(cases_table, *CASE_ACTIONS)
        self.notifier.grant_items(idempotency_table, *IDEMPOTENCY_ACTIONS)
        self._grant_sending(config, sms_arns)
        self.stream_source = self.notifier.consume_stream(
            cases_table, filters=NOTIFY_FILTERS, batch_size=BATCH_SIZE, retry_attempts=RETRY_ATTEMPTS
        )
        self.alarm_topic, self.dead_letter_alarm = self._alarm(config, key)
        # What a platform engineer needs to replay dead letters (README: "Emails to residents").
        CfnOutput(self, "NotifierFunctionName", value=self.notifier.function.function_name)
        CfnOutput(self, "NotifierDeadLetterQueueUrl", value=self.dead_letters.queue_url)

    def _grant_sending(self, config: StageConfig, sms_arns: list[str]) -> None:
        """SendEmail as the stage's identity, from its sender address, through this configuration set
        only; texts from the stage's SMS sender, when it has one."""
        stack = Stack.of(self)
        identity = stack.format_arn(service="ses", resource="identity", resource_name=config.email_identity)
        configuration_set = stack.format_arn(
            service="ses",
            resource="configuration-set",
            resource_name=self.configuration_set.configuration_set_name,
        )
        self.notifier.function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["ses:SendEmail"],
                resources=[identity, configuration_set],
                conditions={"StringEquals": {"ses:FromAddress": config.email_sender}},
            )
        )
        if sms_arns:
            self.notifier.function.add_to_role_policy(
                iam.PolicyStatement(actions=["sms-voice:SendTextMessage"], resources=sms_arns)
            )

    def _alarm(self, config: StageConfig, key: kms.IKey) -> tuple[sns.Topic, cloudwatch.Alarm]:
        """One message in the dead-letter queue is one update a resident was not told about: alarm at once."""
        topic = sns.Topic(self, "Alarms", master_key=key, enforce_ssl=True)
        if config.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        # CloudWatch publishes alarms to the encrypted topic with the stack's key, for this account only.
        key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="CloudWatchAlarmsPublishToEncryptedTopics",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],  # in a key policy, "*" means this key
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            )
        )
        alarm = cloudwatch.Alarm(
            self,
            "UndeliveredUpdates",
            alarm_description=(
                f"Front Door {config.stage}: residents were not told of some updates. The notifier's "
                "dead-letter queue holds their place in the cases stream (README: 'Emails to residents')."
            ),
            metric=self.dead_letters.metric_approximate_number_of_messages_visible(
                period=Duration.minutes(1), statistic=cloudwatch.Stats.MAXIMUM
            ),
            threshold=0,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(cloudwatch_actions.SnsAction(topic))
        alarm.add_ok_action(cloudwatch_actions.SnsAction(topic))
        return topic, alarm


def _sms_environment(config: StageConfig) -> dict[str, str]:
    values = {
        settings.SMS_ORIGINATION: config.connect.sms_origination_arn,
        settings.SMS_CONFIGURATION_SET: config.connect.sms_configuration_set_arn,
    }
    return {name: value for name, value in values.items() if value}
