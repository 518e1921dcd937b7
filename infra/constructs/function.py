"""The one Lambda function factory of Front Door.

Every function gets the same defaults: arm64, the newest Python runtime CDK offers, the shared
layers, JSON logs into an explicit encrypted LogGroup with retention from config, X-Ray active
tracing, environment encrypted with the stack's CMK, reserved concurrency only when the stage config
sets it, and its own role with no AWS managed policy (it may write to its own log group and nothing
else until a construct grants it more).

A function invoked synchronously (API Gateway, Amazon Connect) returns every error to its caller.
Any other function must be given a dead-letter queue, which catches whatever it fails to do: its
asynchronous invocations after Lambda's retries, and the records of an event source it consumes
(``consume_stream``) after the mapping's retries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct, IConstruct

from infra.acknowledge import acknowledge, nag_resource
from infra.config import StageConfig
from infra.constructs.common import ASSET_EXCLUDES, ROOT, encrypted_log_group
from infra.constructs.layers import ARCHITECTURE, RUNTIME


class FrontDoorFunction(Construct):
    """A Lambda function with Front Door's defaults; ``entry`` is ``functions/<name>``."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        entry: str,
        config: StageConfig,
        layers: Sequence[lambda_.ILayerVersion],
        environment: Mapping[str, str],
        key: kms.IKey,
        timeout: Duration | None = None,
        memory: int = 1024,
        handler: str = "handler.lambda_handler",
        synchronous: bool = True,
        trigger: str = "API Gateway (Lambda proxy integration)",
        dead_letters: sqs.IQueue | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not synchronous and dead_letters is None:
            raise ValueError(
                f"{id}: a function invoked by {trigger} (not synchronously) needs a dead-letter queue, "
                "so what it fails to do is kept: pass dead_letters"
            )
        self.dead_letters = None if synchronous else dead_letters
        path = ROOT / entry
        if not path.is_dir():
            raise FileNotFoundError(f"function entry {entry!r} is not a folder under {ROOT}")
        name = path.name

        self.log_group = encrypted_log_group(self, "Logs", config=config, key=key)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Front Door {config.stage} {name} function",
        )
        self.log_group.grant_write(self.role)

        self.function = lambda_.Function(
            self,
            "Function",
            code=lambda_.Code.from_asset(str(path), exclude=ASSET_EXCLUDES),
            handler=handler,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            layers=list(layers),
            memory_size=memory,
            timeout=timeout or Duration.seconds(10),
            role=self.role,
            description=f"Front Door {config.stage} {name}",
            environment={
                "POWERTOOLS_SERVICE_NAME": name,
                "POWERTOOLS_METRICS_NAMESPACE": f"FrontDoor/{config.stage}",
                **environment,
            },
            environment_encryption=key,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            log_group=self.log_group,
            tracing=lambda_.Tracing.ACTIVE,
            reserved_concurrent_executions=config.reserved_concurrency,
            # Asynchronous invocations that still fail after Lambda's two retries land here.
            dead_letter_queue=self.dead_letters,
        )
        # cfn-lint false positives on this resource: WS1004 (serverless rules) only recognises log
        # groups named /aws/lambda/<name>, but this function logs to the explicit group above
        # (LoggingConfig.LogGroup, with retention); W3005: CDK's Function adds a DependsOn on its
        # role next to the GetAtt, a harmless duplicate we cannot remove through the L2.
        cfn = cast(lambda_.CfnFunction, self.function.node.default_child)
        cfn.add_metadata("cfn-lint", {"config": {"ignore_checks": ["WS1004", "W3005"]}})
        self._acknowledge(config, trigger)

    @property
    def policy(self) -> IConstruct:
        """The role's policy, where the grants land (and their acknowledgements belong)."""
        return self.role.node.find_child("DefaultPolicy")

    def grant_items(self, table: dynamodb.ITable, *actions: str) -> None:
        """Exactly these item actions on ``table`` and its indexes, through its CMK. Never Scan:
        every request path is a key or index lookup, and IAM holds the functions to that."""
        if "dynamodb:Scan" in actions:
            raise ValueError("functions read by key or index: dynamodb:Scan is never granted")
        table.grant(self.function, *actions)
        if table.encryption_key is not None:
            table.encryption_key.grant_encrypt_decrypt(self.function)
        acknowledge(
            self.policy,
            f"AwsSolutions-IAM5[Resource::{nag_resource(self, table.table_arn + '/index/*')}]",
            "Queries on the table's own GSIs (one per access pattern, defined by its pynamodb model); "
            "the wildcard covers this table's indexes only, added by CDK's table grant.",
        )
        if table.encryption_key is not None:
            for action in ("kms:GenerateDataKey*", "kms:ReEncrypt*"):
                acknowledge(
                    self.policy,
                    f"AwsSolutions-IAM5[Action::{action}]",
                    "CDK's table grant lets DynamoDB use the table's customer-managed key on the "
                    "function's behalf; the statement is limited to that one key's ARN.",
                )

    def consume_stream(
        self,
        table: dynamodb.ITable,
        *,
        filters: Sequence[Mapping[str, Any]],
        batch_size: int,
        retry_attempts: int,
        max_record_age: Duration | None = None,
    ) -> event_sources.DynamoEventSource:
        """Invoke the function with the records of ``table``'s stream that match ``filters`` (Lambda
        event filter patterns), from the newest on. A record the function reports failed (powertools
        BatchProcessor's partial batch response) is retried, a failing batch split in two to find it,
        and after ``retry_attempts`` retries (or ``max_record_age``, a day by default: the stream's
        retention) its place in the stream goes to the dead-letter queue. The stream is read through
        the table's key, which the mapping's grant covers."""
        if self.dead_letters is None:
            raise ValueError("a stream consumer is not synchronous: create the function with dead_letters")
        source = event_sources.DynamoEventSource(
            table,
            starting_position=lambda_.StartingPosition.LATEST,
            batch_size=batch_size,
            bisect_batch_on_error=True,
            retry_attempts=retry_attempts,
            max_record_age=max_record_age or Duration.days(1),
            report_batch_item_failures=True,
            parallelization_factor=1,  # one invocation per shard at a time: a case's records in order
            on_failure=event_sources.SqsDlq(self.dead_letters),
            filters=[lambda_.FilterCriteria.filter(dict(pattern)) for pattern in filters],
        )
        self.function.add_event_source(source)
        acknowledge(
            self.policy,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray PutTraceSegments/PutTelemetryRecords (added by active tracing) and "
            "dynamodb:ListStreams (added by the stream's grant, for the event source mapping) support "
            "no resource-level permissions; '*' is the only valid resource for them.",
        )
        return source

    def _acknowledge(self, config: StageConfig, trigger: str) -> None:
        if self.dead_letters is None:
            sync_only = (
                f"Invoked synchronously only, by {trigger}: the caller receives every error "
                "directly and Lambda never queues the event, so a dead-letter queue would stay empty."
            )
            for rule in ("Serverless-LambdaDLQ", "NIST.800.53.R5-LambdaDLQ"):
                acknowledge(self.function, rule, sync_only)
        acknowledge(
            self.policy,
            "NIST.800.53.R5-IAMNoInlinePolicy",
            "The role's policy is CDK's per-role policy built only from least-privilege grants to "
            "this stack's resources; a customer-managed copy attached to this one role adds no control.",
        )
        acknowledge(
            self.policy,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray PutTraceSegments/PutTelemetryRecords (added by active tracing) support no "
            "resource-level permissions; '*' is the only valid resource for them.",
        )
        acknowledge(
            self.function,
            "NIST.800.53.R5-LambdaInsideVPC",
            "The function reaches only AWS service APIs (DynamoDB, SSM, X-Ray and the like) through "
            "IAM-authenticated public endpoints and no VPC resource; a VPC would add NAT/endpoint "
            "cost and cold-start time without reducing exposure.",
        )
        if config.reserved_concurrency is None:
            acknowledge(
                self.function,
                "NIST.800.53.R5-LambdaConcurrency",
                "Reserved concurrency is off by default because new accounts have a low concurrency "
                "quota; callers bound the load upstream (API Gateway stage throttling and the WAF rate "
                "rule; Amazon Connect's concurrent-contact quota for flow-invoked functions). Set "
                "reserved_concurrency in the stage config to turn it on.",
            )
