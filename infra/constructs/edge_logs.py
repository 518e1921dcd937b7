"""The distribution's access logs: CloudFront standard logging (v2) into an encrypted log group.

CloudFront delivers them from us-east-1 only, so this lives in the stage's small us-east-1 logs
stack, deployed after the distribution. Only the fields below are kept: no viewer IP address or
port, no X-Forwarded-For, User-Agent, Referer, cookie or query string (Open311's ``api_key`` may be
one), so residents' personal data never reaches these logs, as with every other log of Front Door.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.common import encrypted_log_group

RECORD_FIELDS = (
    "date",
    "time",
    "x-edge-location",
    "x-edge-request-id",
    "x-host-header",
    "cs-method",
    "cs-protocol",
    "cs-protocol-version",
    "cs-uri-stem",
    "cs-bytes",
    "sc-status",
    "sc-bytes",
    "sc-content-type",
    "sc-content-len",
    "time-taken",
    "time-to-first-byte",
    "x-edge-result-type",
    "x-edge-response-result-type",
    "x-edge-detailed-result-type",
    "ssl-protocol",
    "ssl-cipher",
)


class EdgeAccessLogs(Construct):
    """Access logs of the distribution ``distribution_arn`` (its stack must be in us-east-1)."""

    def __init__(
        self, scope: Construct, id: str, *, config: StageConfig, key: kms.IKey, distribution_arn: str
    ) -> None:
        super().__init__(scope, id)
        self.log_group = encrypted_log_group(self, "AccessLogs", config=config, key=key)
        name = f"{config.service_name}-cloudfront"
        self.destination = logs.CfnDeliveryDestination(
            self,
            "Destination",
            name=name,
            output_format="json",
            destination_resource_arn=Stack.of(self).format_arn(
                service="logs",
                resource="log-group",
                resource_name=self.log_group.log_group_name,
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            ),
        )
        self.source = logs.CfnDeliverySource(
            self, "Source", name=name, log_type="ACCESS_LOGS", resource_arn=distribution_arn
        )
        self.delivery = logs.CfnDelivery(
            self,
            "Delivery",
            delivery_source_name=self.source.ref,
            delivery_destination_arn=self.destination.attr_arn,
            record_fields=list(RECORD_FIELDS),
        )
