"""The Open311 GeoReport v2 API: REST API Gateway (regional) in front of the open311 function.

It answers CloudFront only: infra/constructs/edge.py puts the distribution and its WAF in front
and guards the stage with a web ACL that lets through only what CloudFront forwarded.

Open311 GETs are public by the spec; POSTs carry the client's ``api_key``, which the function checks
against the SHA-256 hashes stored under ``/frontdoor/<stage>/open311/clients`` in SSM Parameter
Store (see ``infra/api_keys.py``), so keys are issued and revoked without a deploy.
"""

from __future__ import annotations

import json

from aws_cdk import Size, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.acknowledge import acknowledge, nag_resource
from infra.config import StageConfig
from infra.constructs.common import case_store_environment, encrypted_log_group
from infra.constructs.function import FrontDoorFunction
from web.delivery import COMPRESS_FROM_BYTES

# Answers API Gateway gives before the function runs, as (type, status, Open311 description).
GATEWAY_ANSWERS = (
    (
        apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
        404,
        "No such resource; see /open311/v2/discovery.xml.",
    ),
    (apigw.ResponseType.WAF_FILTERED, 403, "The request was blocked by the council's firewall."),
    (apigw.ResponseType.THROTTLED, 429, "Too many requests; please try again in a minute."),
    (apigw.ResponseType.REQUEST_TOO_LARGE, 413, "The request is too large."),
    (apigw.ResponseType.INTEGRATION_TIMEOUT, 504, "The service took too long to answer; please try again."),
    (apigw.ResponseType.DEFAULT_5_XX, 502, "Something went wrong on our side; please try again later."),
)
# What the Open311 function does: read cases by key and index, file new ones in a transaction of
# conditional puts and count each in its service's demand counter (an UpdateItem ADD); and
# powertools Idempotency's record lifecycle.
CASE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:UpdateItem",
)
IDEMPOTENCY_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")


class Open311Api(Construct):
    """``/open311/{proxy+}`` (ANY) into the open311_api function, behind throttling and a WAF."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: StageConfig,
        layers: list[lambda_.ILayerVersion],
        key: kms.IKey,
        cases_table: dynamodb.ITable,
        idempotency_table: dynamodb.ITable,
    ) -> None:
        super().__init__(scope, id)
        self.handler = FrontDoorFunction(
            self,
            "Handler",
            entry="functions/open311_api",
            config=config,
            layers=layers,
            key=key,
            memory=1024,
            environment={
                **case_store_environment(config, cases_table, idempotency_table),
            },
        )
        fn = self.handler.function
        self.handler.grant_items(cases_table, *CASE_ACTIONS)
        self.handler.grant_items(idempotency_table, *IDEMPOTENCY_ACTIONS)
        self._grant_api_key_reads(config)

        self.access_logs = encrypted_log_group(self, "AccessLogs", config=config, key=key)
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            description=f"Front Door {config.stage}: Open311 GeoReport v2",
            endpoint_configuration=apigw.EndpointConfiguration(types=[apigw.EndpointType.REGIONAL]),
            cloud_watch_role=True,
            # Pages, Open311 and JSON answers gzipped when the client accepts it (web/delivery.py).
            min_compression_size=Size.bytes(COMPRESS_FROM_BYTES),
            deploy_options=apigw.StageOptions(
                stage_name=config.stage,
                throttling_rate_limit=config.api_throttle.rate_limit,
                throttling_burst_limit=config.api_throttle.burst_limit,
                access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=False,  # a resident's IP address is personal data: never in a log line
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=False,
                ),
                logging_level=apigw.MethodLoggingLevel.INFO,
                data_trace_enabled=False,  # request bodies carry personal data: never logged
                metrics_enabled=True,
                tracing_enabled=True,
            ),
        )
        # The stage answers CloudFront only (the origin firewall), so CDK's default output of the
        # execute-api URL would point people at a 403: the edge outputs the address to use.
        self.rest_api.node.try_remove_child("Endpoint")
        self._open311_gateway_responses()
        validator = self.rest_api.add_request_validator(
            "Validator", validate_request_body=True, validate_request_parameters=True
        )
        self.validator = validator
        proxy = self.rest_api.root.add_resource("open311").add_resource("{proxy+}")
        proxy.add_method(
            "ANY",
            apigw.LambdaIntegration(fn, proxy=True),
            request_validator=validator,
            request_parameters={"method.request.path.proxy": True},
        )
        self._acknowledge()

    def add_chat_start(self, function: lambda_.IFunction) -> apigw.Method:
        """``POST /chat/start`` into ``function``: the web widget starts a webchat there."""
        method = (
            self.rest_api.root.add_resource("chat")
            .add_resource("start")
            .add_method(
                "POST", apigw.LambdaIntegration(function, proxy=True), request_validator=self.validator
            )
        )
        public = (
            "Residents start a webchat without an account, as they ring without one; the function "
            "only starts a chat in the council's chat flow, behind the stage throttling and the WAF "
            "rate rule, and the flow identifies the resident as it does a caller."
        )
        for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
            acknowledge(method, rule, public)
        return method

    def _grant_api_key_reads(self, config: StageConfig) -> None:
        """Read the hashed client keys under the stage's path, and nothing else in SSM."""
        stack = Stack.of(self)
        path = config.api_keys_path.lstrip("/")
        self.api_keys_arns = [
            stack.format_arn(service="ssm", resource="parameter", resource_name=name)
            for name in (path, f"{path}/*")
        ]
        self.handler.function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["ssm:GetParametersByPath", "ssm:GetParameter"],
                resources=self.api_keys_arns,
            )
        )

    def _open311_gateway_responses(self) -> None:
        """What API Gateway and WAF answer themselves comes in Open311's error shape too (JSON)."""
        for response_type, status, description in GATEWAY_ANSWERS:
            body = json.dumps([{"code": status, "description": description}])
            self.rest_api.add_gateway_response(
                f"Open311{response_type.response_type}",
                type=response_type,
                status_code=str(status),
                templates={"application/json": body},
            )

    def _acknowledge(self) -> None:
        method = self.rest_api.root.resource_for_path("/open311/{proxy+}").node.find_child("ANY")
        public = (
            "Open311 GeoReport v2 GETs are public by specification; POST authenticates the client's "
            "api_key (hashed, per client, revocable in SSM) inside the function, so an API Gateway "
            "authorizer would reject the public reads the spec requires."
        )
        for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
            acknowledge(method, rule, public)
        stage = self.rest_api.deployment_stage
        acknowledge(
            stage,
            "NIST.800.53.R5-APIGWCacheEnabledAndEncrypted",
            "No API cache cluster: responses are per-request case data and POSTs must never be "
            "cached; a cache cluster would also bill by the hour on idle stages.",
        )
        acknowledge(
            stage,
            "NIST.800.53.R5-APIGWSSLEnabled",
            "The only backend is a Lambda proxy integration invoked over AWS's signed internal API; "
            "backend client certificates apply to HTTP integrations only.",
        )
        acknowledge(
            self.rest_api.node.find_child("CloudWatchRole"),
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs]",
            "API Gateway execution logging needs the account-level CloudWatch role; AWS's managed "
            "push policy is the documented, service-maintained policy for exactly that role.",
        )
        acknowledge(
            self.handler.policy,
            f"AwsSolutions-IAM5[Resource::{nag_resource(self, self.api_keys_arns[1])}]",
            "Each Open311 client has one hashed api_key parameter under the stage's clients path, "
            "issued and revoked without a deploy; the wildcard covers that path and nothing else.",
        )
