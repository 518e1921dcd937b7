"""Pieces every construct shares: repository paths, removal policy, stack keys, encrypted log groups."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from frontdoor import settings
from infra.config import StageConfig

ROOT = Path(__file__).resolve().parents[2]
COMMON_LAYER = ROOT / "layers" / "common"
DEPS_LAYER = ROOT / "build" / "deps-layer"

# Never packaged: caches, build metadata and editors' droppings.
ASSET_EXCLUDES = ["**/__pycache__", "**/*.pyc", "**/*.egg-info", "**/.pytest_cache", "**/.mypy_cache"]

RETENTION = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    120: logs.RetentionDays.FOUR_MONTHS,
    150: logs.RetentionDays.FIVE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
    400: logs.RetentionDays.THIRTEEN_MONTHS,
    545: logs.RetentionDays.EIGHTEEN_MONTHS,
    731: logs.RetentionDays.TWO_YEARS,
    1096: logs.RetentionDays.THREE_YEARS,
    1827: logs.RetentionDays.FIVE_YEARS,
    2192: logs.RetentionDays.SIX_YEARS,
    2557: logs.RetentionDays.SEVEN_YEARS,
    2922: logs.RetentionDays.EIGHT_YEARS,
    3288: logs.RetentionDays.NINE_YEARS,
    3653: logs.RetentionDays.TEN_YEARS,
}


def removal_policy(config: StageConfig) -> RemovalPolicy:
    """Prod keeps its data and logs when the stack goes; dev cleans up after itself."""
    return RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY


def stack_key(scope: Construct, id: str, *, config: StageConfig, description: str) -> kms.Key:
    """A rotating customer-managed key that CloudWatch Logs may also use, for this account's log
    groups in the stack's region only (every log group of a stack is encrypted with its key)."""
    key = kms.Key(
        scope,
        id,
        description=description,
        enable_key_rotation=True,
        removal_policy=removal_policy(config),
        pending_window=Duration.days(30 if config.is_prod else 7),
    )
    stack = Stack.of(scope)
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid="CloudWatchLogsEncryptsThisAccountsLogGroups",
            principals=[iam.ServicePrincipal(f"logs.{stack.region}.amazonaws.com")],
            actions=[
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncryptFrom",
                "kms:ReEncryptTo",
                "kms:GenerateDataKey",
                "kms:GenerateDataKeyWithoutPlaintext",
                "kms:DescribeKey",
            ],
            resources=["*"],  # in a key policy, "*" means this key
            conditions={
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn": stack.format_arn(
                        service="logs",
                        resource="log-group",
                        resource_name="*",
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    )
                }
            },
        )
    )
    return key


def encrypted_log_group(
    scope: Construct, id: str, *, config: StageConfig, key: kms.IKey, name: str | None = None
) -> logs.LogGroup:
    """A log group with the stage's retention, encrypted with the stack's CMK.

    ``name`` only where AWS demands a name (WAF: ``aws-waf-logs-`` prefix); otherwise CloudFormation
    names it, so stages never collide.
    """
    return logs.LogGroup(
        scope,
        id,
        log_group_name=name,
        retention=RETENTION[config.log_retention_days],
        encryption_key=key,
        removal_policy=removal_policy(config),
    )


def case_store_environment(
    config: StageConfig, cases_table: dynamodb.ITable, idempotency_table: dynamodb.ITable
) -> dict[str, str]:
    """The variables every function on the case store reads (``frontdoor.settings.Settings``)."""
    return {
        settings.CASES_TABLE: cases_table.table_name,
        settings.IDEMPOTENCY_TABLE: idempotency_table.table_name,
        settings.API_KEYS_PATH: config.api_keys_path,
        settings.JURISDICTION_ID: config.jurisdiction_id,
        settings.RETENTION_DAYS: str(config.personal_data_retention_days),
        settings.DUPLICATE_RADIUS: str(config.duplicate_radius_m),
        settings.COUNCIL_NAME: config.council_name,
        settings.CONTACT_EMAIL: config.contact_email,
    }
