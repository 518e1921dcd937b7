"""The residents' site's static assets (GOV.UK Frontend's CSS, JavaScript, fonts and images, and
``web/static``), built by ``make static`` into ``build/static``: a private bucket that only the
stage's distribution reads (origin access control), filled on every deploy.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from aws_cdk import Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_assets as s3_assets
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from infra.acknowledge import acknowledge, nag_resource
from infra.config import StageConfig
from infra.constructs.common import ASSET_EXCLUDES, ROOT, encrypted_log_group, removal_policy
from web.render import ASSET_PATH

STATIC_DIR = ROOT / "build" / "static"
# Where the site's pages link their CSS, JS, fonts and images (GOV.UK Frontend's assetPath); the
# bucket keeps them under the same prefix, since CloudFront passes the path on as it is.
ASSETS_PATH = ASSET_PATH
# Edge caches keep assets a year (each deploy invalidates them); browsers a day, because GOV.UK
# Frontend's file names carry no version, so an upgrade reaches every browser within a day.
ASSETS_CACHE_CONTROL = "public, max-age=86400, s-maxage=31536000"


class StaticAssetsMissing(RuntimeError):
    """build/static has not been built."""


class SiteAssets(Construct):
    """The assets bucket; ``deploy_through(distribution)`` fills it once the distribution exists."""

    def __init__(
        self, scope: Construct, id: str, *, config: StageConfig, key: kms.IKey, static_dir: Path = STATIC_DIR
    ) -> None:
        super().__init__(scope, id)
        if not static_dir.is_dir():
            raise StaticAssetsMissing(
                f"{static_dir} does not exist: run `make static` to build the site's assets "
                "(GOV.UK Frontend and web/static) before synthesizing"
            )
        self._config = config
        self._key = key
        self._static_dir = static_dir
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            removal_policy=removal_policy(config),
        )
        self._acknowledge_bucket()

    def deploy_through(self, distribution: cloudfront.Distribution) -> s3deploy.BucketDeployment:
        """``build/static`` into ``assets/`` of the bucket, replacing the previous set, then an
        invalidation of ``/assets/*`` on ``distribution``.

        The deployment function gets a role of our own with exactly these grants: CDK's would add
        AWS's managed execution policy and an invalidation right on every distribution.
        """
        files = s3_assets.Asset(self, "Files", path=str(self._static_dir), exclude=ASSET_EXCLUDES)
        log_group = encrypted_log_group(self, "DeploymentLogs", config=self._config, key=self._key)
        self.deployment_role = iam.Role(
            self,
            "DeploymentRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Front Door {self._config.stage}: copies the site's assets into their bucket",
        )
        files.grant_read(self.deployment_role)
        self.bucket.grant_read_write(self.deployment_role)
        distribution.grant_create_invalidation(self.deployment_role)
        distribution.grant(self.deployment_role, "cloudfront:GetInvalidation")
        log_group.grant_write(self.deployment_role)
        self.deployment = s3deploy.BucketDeployment(
            self,
            "Deployment",
            sources=[s3deploy.Source.bucket(files.bucket, files.s3_object_key)],
            destination_bucket=self.bucket,
            destination_key_prefix=ASSETS_PATH.strip("/") + "/",
            prune=True,
            retain_on_delete=self._config.is_prod,
            cache_control=[s3deploy.CacheControl.from_string(ASSETS_CACHE_CONTROL)],
            distribution=distribution,
            distribution_paths=[f"{ASSETS_PATH}/*"],
            memory_limit=512,
            role=self.deployment_role.without_policy_updates(),
            log_group=log_group,
        )
        self._acknowledge_deployment(files)
        return self.deployment

    # --- the gates ---------------------------------------------------------------------------------

    def _acknowledge_bucket(self) -> None:
        bucket = self.bucket
        acknowledge(
            bucket,
            "NIST.800.53.R5-S3DefaultEncryptionKMS",
            "The bucket holds only public static files (GOV.UK Frontend's CSS, JavaScript, fonts and "
            "images) that any visitor downloads; SSE-S3 encrypts them at rest, and a KMS key would "
            "guard nothing confidential while adding a KMS call to every edge cache miss.",
        )
        acknowledge(
            bucket,
            "NIST.800.53.R5-S3BucketVersioningEnabled",
            "The assets are built from the repository on every deploy and the deployment replaces "
            "the whole set; old versions would be files no page links to, and they would keep the "
            "dev stack from deleting its bucket.",
        )
        acknowledge(
            bucket,
            "NIST.800.53.R5-S3BucketReplicationEnabled",
            "The assets are rebuilt from the repository on every deploy, so a replica elsewhere "
            "would be a second copy of public files with nothing to recover.",
        )
        unlogged = (
            "Only CloudFront reads the bucket (origin access control, this distribution only), and "
            "CloudFront's access logs record every request for an asset; writes come only from the "
            "deployment, which CloudTrail records."
        )
        for rule in ("AwsSolutions-S1", "NIST.800.53.R5-S3BucketLoggingEnabled"):
            acknowledge(bucket, rule, unlogged)
        cast(s3.CfnBucket, bucket.node.default_child).add_metadata(
            "checkov",
            {
                "skip": [
                    {"id": "CKV_AWS_18", "comment": "reads come from CloudFront only, which logs them"},
                    {"id": "CKV_AWS_21", "comment": "public files rebuilt from the repository each deploy"},
                ]
            },
        )

    def _acknowledge_deployment(self, files: s3_assets.Asset) -> None:
        policy = self.deployment_role.node.find_child("DefaultPolicy")
        acknowledge(
            policy,
            "NIST.800.53.R5-IAMNoInlinePolicy",
            "The role's policy is CDK's per-role policy built only from least-privilege grants on "
            "this stack's assets bucket, asset archive and distribution, for this one role.",
        )
        wildcards = (
            "CDK's bucket grants: the deployment lists, reads, writes and deletes any file under the "
            "assets bucket (the set changes with each build) and reads its one source archive."
        )
        for action in ("s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:Abort*"):
            acknowledge(policy, f"AwsSolutions-IAM5[Action::{action}]", wildcards)
        for objects in (self.bucket.arn_for_objects("*"), files.bucket.arn_for_objects("*")):
            acknowledge(policy, f"AwsSolutions-IAM5[Resource::{nag_resource(self, objects)}]", wildcards)
        # CDK's singleton deployment function sits at the stack's root, named after its settings.
        for child in Stack.of(self).node.children:
            if child.node.id.startswith("Custom::CDKBucketDeployment"):
                _acknowledge_deployment_function(cast(lambda_.Function, child))


def _acknowledge_deployment_function(function: lambda_.Function) -> None:
    at_deploy = (
        "CDK's bucket-deployment function runs only while CloudFormation deploys, to copy the "
        "site's assets into their bucket"
    )
    no_dlq = (
        f"{at_deploy}; it reports every error to CloudFormation, which rolls the deployment back, "
        "so a dead-letter queue would stay empty."
    )
    pinned = f"{at_deploy}; CDK pins its runtime to the one its bundled AWS CLI layer is built for."
    reasons = {
        "Serverless-LambdaDLQ": no_dlq,
        "NIST.800.53.R5-LambdaDLQ": no_dlq,
        "Serverless-LambdaTracing": f"{at_deploy}; CloudTrail records its S3 and CloudFront calls, "
        "so tracing would add nothing.",
        "NIST.800.53.R5-LambdaConcurrency": f"{at_deploy}, once per deployment and never under load; "
        "reserving concurrency would only take it from the other functions.",
        "NIST.800.53.R5-LambdaInsideVPC": f"{at_deploy}; it reaches only the S3 and CloudFront APIs' "
        "IAM-authenticated public endpoints, so a VPC would add cost without reducing exposure.",
        "AwsSolutions-L1": pinned,
        "Serverless-LambdaLatestVersion": pinned,
    }
    for rule, reason in reasons.items():
        acknowledge(function, rule, reason)
    # cfn-lint (serverless rules): WS1000 tracing, as above; WS1004 only recognises log groups named
    # /aws/lambda/<name>, but the function logs to the explicit group above; W3005: CDK adds a
    # DependsOn on the role beside the GetAtt. checkov CKV_AWS_173: the function's one environment
    # variable, set by CDK, is the path of the public CA bundle, no secret to encrypt.
    cfn = cast(lambda_.CfnFunction, function.node.default_child)
    cfn.add_metadata("cfn-lint", {"config": {"ignore_checks": ["WS1000", "WS1004", "W3005"]}})
    cfn.add_metadata(
        "checkov", {"skip": [{"id": "CKV_AWS_173", "comment": "CDK's one variable: the CA bundle path"}]}
    )
