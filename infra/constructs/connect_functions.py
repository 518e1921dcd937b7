"""The functions Amazon Connect invokes from the contact flows, one per ``CONNECT_FUNCTIONS`` key.

Each is a ``FrontDoorFunction`` sized for a 3 s budget, associated with the Connect instance
(``AWS::Connect::IntegrationAssociation``, so flows may call it) and invocable by Connect on behalf
of that instance only (a resource policy scoped to the instance's ARN and the stack's account).
What each may touch is one table, ``GRANTS``: adjust it there and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aws_cdk import Duration, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from frontdoor.flows import CONNECT_FUNCTIONS
from infra.config import StageConfig
from infra.constructs.function import FrontDoorFunction

# Connect waits 3 s for a function (the flows' InvocationTimeLimitSeconds); each function answers
# within ~2.5 s, falling back to "advisor" itself, so Lambda never cuts one off mid-reply.
TIMEOUT = Duration.seconds(4)
# Memory buys CPU: 1 GB keeps the cold start (imports, first DynamoDB call) well inside the budget.
MEMORY_MB = 1024

# Filing: a transaction of conditional puts, then the service's demand counter (an UpdateItem ADD).
FILE_CASES = (
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:UpdateItem",
)
IDEMPOTENCY = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")


@dataclass(frozen=True)
class Grant:
    """What one Connect function may do: item actions on the two tables (never Scan), and whether
    it texts residents (SendTextMessage from the stage's SMS origination identity)."""

    cases: tuple[str, ...] = ()
    idempotency: tuple[str, ...] = ()
    texts: bool = False


# The one table of what each Connect-invoked function may do.
GRANTS: dict[str, Grant] = {
    # The caller's profile and case links (one Query), then their cases (one BatchGetItem).
    "identify_caller": Grant(cases=("dynamodb:Query", "dynamodb:BatchGetItem")),
    "case_status": Grant(cases=("dynamodb:GetItem",)),
    # Files the renewal as a case (a transaction of conditional puts), once per contact.
    "garden_waste_renewal": Grant(cases=FILE_CASES, idempotency=IDEMPOTENCY, texts=True),
    "record_survey": Grant(cases=("dynamodb:PutItem",)),
    "send_link": Grant(texts=True),
}


class ConnectFunctions(Construct):
    """The Connect-invoked functions; ``functions`` maps a ``CONNECT_FUNCTIONS`` key to its function."""

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
        environment: Mapping[str, str],
        instance_arn: str,
        sms_arns: list[str],
    ) -> None:
        super().__init__(scope, id)
        if set(GRANTS) != set(CONNECT_FUNCTIONS):
            raise ValueError(
                f"GRANTS must name every Connect function exactly: {sorted(GRANTS)} "
                f"against CONNECT_FUNCTIONS {sorted(CONNECT_FUNCTIONS)}"
            )
        account = Stack.of(self).account
        self.functions: dict[str, FrontDoorFunction] = {}
        self.associations: dict[str, connect.CfnIntegrationAssociation] = {}
        for name, entry in CONNECT_FUNCTIONS.items():
            construct_id = pascal(name)
            fn = FrontDoorFunction(
                self,
                construct_id,
                entry=entry,
                config=config,
                layers=layers,
                key=key,
                timeout=TIMEOUT,
                memory=MEMORY_MB,
                environment=environment,
                trigger="an Amazon Connect contact flow",
            )
            grant = GRANTS[name]
            if grant.cases:
                fn.grant_items(cases_table, *grant.cases)
            if grant.idempotency:
                fn.grant_items(idempotency_table, *grant.idempotency)
            if grant.texts and sms_arns:
                fn.function.add_to_role_policy(
                    iam.PolicyStatement(actions=["sms-voice:SendTextMessage"], resources=sms_arns)
                )
            fn.function.add_permission(
                "InvokedByConnect",
                principal=iam.ServicePrincipal("connect.amazonaws.com"),
                source_arn=instance_arn,
                source_account=account,
            )
            self.associations[name] = connect.CfnIntegrationAssociation(
                self,
                f"{construct_id}Association",
                instance_id=instance_arn,
                integration_type="LAMBDA_FUNCTION",
                integration_arn=fn.function.function_arn,
            )
            self.functions[name] = fn

    @property
    def arns(self) -> dict[str, str]:
        """Function key -> function ARN (a token), what the flows invoke."""
        return {name: fn.function.function_arn for name, fn in self.functions.items()}


def pascal(key: str) -> str:
    """'identify_caller' -> 'IdentifyCaller': construct ids from keys, so logical ids stay readable."""
    return "".join(part.capitalize() for part in key.split("_"))
