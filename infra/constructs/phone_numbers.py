"""A UK phone number claimed for the contact centre, answered by one contact flow.

CloudFormation claims a number (``AWS::Connect::PhoneNumber``) but has no property or resource that
points it at a flow: ``AWS::Connect::PhoneNumber`` has none, nor has ``AWS::Connect::ContactFlow``.
Connect's API does it (``AssociatePhoneNumberContactFlow``), so a small custom resource calls it on
create and update, and ``DisassociatePhoneNumberContactFlow`` on delete. The number's address and
the IDs involved are stack outputs too, for a platform engineer checking the console.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import Fn, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.acknowledge import acknowledge
from infra.config import PhoneNumberConfig, StageConfig
from infra.constructs.common import encrypted_log_group

INLINE_POLICY = (
    "The policy is built only from least-privilege statements on this stack's own number and flow, "
    "for this one role; a customer-managed copy attached to it would add no control."
)


def flow_id(flow_arn: str) -> str:
    """A contact flow's ID from its ARN (``arn:...:instance/<instance>/contact-flow/<flow>``)."""
    return Fn.select(3, Fn.split("/", flow_arn))


class FlowAssociator(Construct):
    """The role and log group of the association custom resources (CDK's one provider function)."""

    def __init__(self, scope: Construct, id: str, *, config: StageConfig, key: kms.IKey) -> None:
        super().__init__(scope, id)
        self.log_group = encrypted_log_group(self, "Logs", config=config, key=key)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Front Door {config.stage}: points claimed phone numbers at their contact flows",
        )
        self.log_group.grant_write(self.role)
        acknowledge(self.role, "NIST.800.53.R5-IAMNoInlinePolicy", INLINE_POLICY)

    def acknowledge_provider(self) -> None:
        """What the gates say of CDK's provider function, which runs only while CloudFormation deploys."""
        stack = Stack.of(self)
        provider = stack.node.try_find_child(
            "AWS" + cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", "")
        )
        if provider is None:
            return
        at_deploy = (
            "CDK's AwsCustomResource provider runs only while CloudFormation deploys, to point a "
            "claimed number at its flow"
        )
        no_dlq = (
            f"{at_deploy}; it reports every error to CloudFormation, which rolls the deployment back, "
            "so a dead-letter queue would only keep events of rolled-back deployments."
        )
        reasons = {
            "Serverless-LambdaDLQ": no_dlq,
            "NIST.800.53.R5-LambdaDLQ": no_dlq,
            "Serverless-LambdaTracing": f"{at_deploy}; CloudTrail records its one Connect API call, "
            "so tracing would add nothing.",
            "NIST.800.53.R5-LambdaConcurrency": f"{at_deploy}, a few invocations per deployment and "
            "never under load; reserving concurrency would only take it from the other functions.",
            "NIST.800.53.R5-LambdaInsideVPC": f"{at_deploy}; it reaches only the Amazon Connect API's "
            "IAM-authenticated public endpoint, so a VPC would add cost without reducing exposure.",
        }
        for rule, reason in reasons.items():
            acknowledge(provider, rule, reason)
        # cfn-lint (serverless rules): WS1000 tracing, as above; WS1004 only recognises log groups
        # named /aws/lambda/<name>, but the provider logs to the explicit group above (retention
        # from config); W3005: CDK adds a DependsOn on the role beside the GetAtt.
        cfn = cast(lambda_.CfnFunction, provider.node.default_child)
        cfn.add_metadata("cfn-lint", {"config": {"ignore_checks": ["WS1000", "WS1004", "W3005"]}})


class ClaimedNumber(Construct):
    """A number of ``number``'s type claimed to the instance and answered by ``flow``."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        number: PhoneNumberConfig,
        description: str,
        instance_arn: str,
        instance_id: str,
        flow: connect.CfnContactFlow,
        associator: FlowAssociator,
    ) -> None:
        super().__init__(scope, id)
        self.phone_number = connect.CfnPhoneNumber(
            self,
            "Number",
            target_arn=instance_arn,
            country_code=number.country,
            type=number.type,
            prefix=number.prefix,
            description=description,
        )
        self.flow_id = flow_id(flow.attr_contact_flow_arn)
        call = cr.AwsSdkCall(
            service="Connect",
            action="associatePhoneNumberContactFlow",
            parameters={
                "PhoneNumberId": self.phone_number.attr_phone_number_arn,
                "InstanceId": instance_id,
                "ContactFlowId": self.flow_id,
            },
            physical_resource_id=cr.PhysicalResourceId.of(self.phone_number.attr_phone_number_arn),
        )
        self.association = cr.AwsCustomResource(
            self,
            "FlowAssociation",
            on_create=call,
            on_update=call,
            on_delete=cr.AwsSdkCall(
                service="Connect",
                action="disassociatePhoneNumberContactFlow",
                parameters={
                    "PhoneNumberId": self.phone_number.attr_phone_number_arn,
                    "InstanceId": instance_id,
                },
            ),
            policy=cr.AwsCustomResourcePolicy.from_statements(
                [
                    iam.PolicyStatement(
                        actions=[
                            "connect:AssociatePhoneNumberContactFlow",
                            "connect:DisassociatePhoneNumberContactFlow",
                        ],
                        resources=[self.phone_number.attr_phone_number_arn, flow.attr_contact_flow_arn],
                    )
                ]
            ),
            role=associator.role,
            log_group=associator.log_group,
            memory_size=256,
            install_latest_aws_sdk=False,
        )
        acknowledge(
            self.association.node.find_child("CustomResourcePolicy"),
            "NIST.800.53.R5-IAMNoInlinePolicy",
            INLINE_POLICY,
        )
