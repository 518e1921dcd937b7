"""The stage's front door on the internet: one CloudFront distribution in front of the REST API
(the residents' site, Open311 and the start-chat endpoint) and a private bucket of static assets.

Behaviours (nothing dynamic is cached; every response gets the security headers):

- default ``/*``: the site function through the API stage; all methods, query strings and only the
  form-session cookie forwarded;
- ``/open311/*`` and ``/chat/*``: the API as is (every viewer header but Host, every cookie and
  query string), all methods;
- ``/assets/*``: the assets bucket through origin access control, compressed and cached long
  (each deploy invalidates them).

The API answers CloudFront only: CloudFront adds a secret header on its way to the API, and the
stage's own web ACL (``OriginFirewall``) blocks every request without it. The distribution's web
ACL (``EdgeFirewall``) lives in us-east-1, as CloudFront requires, and comes in by a cross-region
reference; so do its access logs (``EdgeAccessLogs``), which CloudFront delivers from us-east-1.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_assets as s3_assets
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.acknowledge import acknowledge, nag_resource
from infra.config import StageConfig
from infra.constructs.common import ASSET_EXCLUDES, ROOT, encrypted_log_group, removal_policy
from infra.constructs.waf import OriginFirewall

STATIC_DIR = ROOT / "build" / "static"
# Where the site's pages link their CSS, JS, fonts and images (web.md: GOV.UK Frontend's assetPath).
ASSETS_PATH = "/assets"
# The site's form-session cookie (web.md): the only cookie the site reads.
FORM_SESSION_COOKIE = "fd_session"
# Set by CloudFront on every request to the API; the stage's web ACL blocks requests without it.
ORIGIN_VERIFY_HEADER = "x-origin-verify"
API_PATHS = ("/open311/*", "/chat/*")

# The site's policy (web.md). The site sends its own, with the hash of GOV.UK's inline script, so
# this one only applies where the origin sends none (the assets, the API's JSON and XML).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self' https://*.amazonaws.com wss://*.amazonaws.com; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
HSTS_MAX_AGE = Duration.days(730)
# Edge caches keep assets a year (each deploy invalidates them); browsers a day, because GOV.UK
# Frontend's file names carry no version, so an upgrade reaches every browser within a day.
ASSETS_CACHE_CONTROL = "public, max-age=86400, s-maxage=31536000"
# Only ?v= (a version the site may append) varies an asset; other query strings cannot bust the cache.
ASSETS_VERSION_QUERY = "v"
PRICE_CLASSES = {
    "PriceClass_100": cloudfront.PriceClass.PRICE_CLASS_100,
    "PriceClass_200": cloudfront.PriceClass.PRICE_CLASS_200,
    "PriceClass_All": cloudfront.PriceClass.PRICE_CLASS_ALL,
}


class StaticAssetsMissing(RuntimeError):
    """build/static has not been built."""


class Edge(Construct):
    """The distribution, its origins and policies, the assets bucket and its deployment, and the
    API stage's origin firewall. ``distribution`` is what the access logs (us-east-1) watch."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: StageConfig,
        key: kms.IKey,
        rest_api: apigw.RestApi,
        web_acl_arn: str,
        static_dir: Path = STATIC_DIR,
    ) -> None:
        super().__init__(scope, id)
        if not static_dir.is_dir():
            raise StaticAssetsMissing(
                f"{static_dir} does not exist: run `make static` to build the site's assets "
                "(GOV.UK Frontend and web/static) before synthesizing"
            )
        self._config = config
        self.origin_secret = secretsmanager.Secret(
            self,
            "OriginSecret",
            description=f"Front Door {config.stage}: the header value CloudFront adds on its way to the API",
            encryption_key=key,
            generate_secret_string=secretsmanager.SecretStringGenerator(
                exclude_punctuation=True, password_length=64
            ),
            removal_policy=removal_policy(config),
        )
        # A CloudFormation dynamic reference: resolved at deploy time, never written in a template.
        secret = self.origin_secret.secret_value.unsafe_unwrap()
        self.origin_firewall = OriginFirewall(
            self,
            "OriginFirewall",
            config=config,
            key=key,
            stage_arn=rest_api.deployment_stage.stage_arn,
            header=ORIGIN_VERIFY_HEADER,
            secret=secret,
        )
        self.assets = self._assets_bucket()
        self.security_headers = self._security_headers()
        self.distribution = self._distribution(rest_api, secret, web_acl_arn)
        self.deployment = self._deploy_assets(static_dir, key)
        CfnOutput(
            self,
            "DomainName",
            value=self.distribution.distribution_domain_name,
            description="Point the council's DNS name at this (CNAME or Route 53 alias)",
        )
        self._acknowledge()

    # --- origins and behaviours -------------------------------------------------------------------

    def _distribution(
        self, rest_api: apigw.RestApi, secret: str, web_acl_arn: str
    ) -> cloudfront.Distribution:
        edge = self._config.edge
        api = origins.RestApiOrigin(rest_api, custom_headers={ORIGIN_VERIFY_HEADER: secret})
        site = cloudfront.BehaviorOptions(
            origin=api,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy(
                self,
                "SiteRequests",
                comment="The residents' site: query strings and the form-session cookie only",
                query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.all(),
                cookie_behavior=cloudfront.OriginRequestCookieBehavior.allow_list(FORM_SESSION_COOKIE),
                header_behavior=cloudfront.OriginRequestHeaderBehavior.none(),
            ),
            response_headers_policy=self.security_headers,
            compress=True,
        )
        api_behaviour = cloudfront.BehaviorOptions(
            origin=api,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            # API Gateway routes on its own Host name: everything else the client sent goes through.
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            response_headers_policy=self.security_headers,
            compress=True,
        )
        assets = cloudfront.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(self.assets),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
            cache_policy=cloudfront.CachePolicy(
                self,
                "AssetsCache",
                comment="Static assets: a year at the edge, compressed, versioned by ?v= only",
                min_ttl=Duration.days(1),
                default_ttl=Duration.days(365),
                max_ttl=Duration.days(365),
                query_string_behavior=cloudfront.CacheQueryStringBehavior.allow_list(ASSETS_VERSION_QUERY),
                header_behavior=cloudfront.CacheHeaderBehavior.none(),
                cookie_behavior=cloudfront.CacheCookieBehavior.none(),
                enable_accept_encoding_gzip=True,
                enable_accept_encoding_brotli=True,
            ),
            response_headers_policy=self.security_headers,
            compress=True,
        )
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", edge.certificate_arn)
            if edge.certificate_arn
            else None
        )
        return cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Front Door {self._config.stage}: residents' site, Open311 API and assets",
            default_behavior=site,
            additional_behaviors={
                **dict.fromkeys(API_PATHS, api_behaviour),
                f"{ASSETS_PATH}/*": assets,
            },
            domain_names=[edge.domain_name] if edge.domain_name else None,
            certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_ipv6=True,
            price_class=PRICE_CLASSES[edge.price_class],
            web_acl_id=web_acl_arn,
        )

    def _security_headers(self) -> cloudfront.ResponseHeadersPolicy:
        return cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="HSTS, CSP (unless the origin sends its own), nosniff, DENY framing, referrer",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=HSTS_MAX_AGE, include_subdomains=True, preload=True, override=True
                ),
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=CONTENT_SECURITY_POLICY, override=False
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
            ),
        )

    # --- assets ------------------------------------------------------------------------------------

    def _assets_bucket(self) -> s3.Bucket:
        return s3.Bucket(
            self,
            "Assets",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            removal_policy=removal_policy(self._config),
        )

    def _deploy_assets(self, static_dir: Path, key: kms.IKey) -> s3deploy.BucketDeployment:
        """``build/static`` into ``assets/`` of the bucket (what ``/assets/*`` maps to), replacing the
        previous set, then an invalidation of ``/assets/*``.

        The deployment function gets a role of our own with exactly these grants: CDK's would add
        AWS's managed execution policy and an invalidation right on every distribution.
        """
        files = self._files = s3_assets.Asset(
            self, "StaticFiles", path=str(static_dir), exclude=ASSET_EXCLUDES
        )
        log_group = encrypted_log_group(self, "DeploymentLogs", config=self._config, key=key)
        self.deployment_role = iam.Role(
            self,
            "DeploymentRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Front Door {self._config.stage}: copies the site's assets into their bucket",
        )
        files.grant_read(self.deployment_role)
        self.assets.grant_read_write(self.deployment_role)
        self.distribution.grant_create_invalidation(self.deployment_role)
        self.distribution.grant(self.deployment_role, "cloudfront:GetInvalidation")
        log_group.grant_write(self.deployment_role)
        deployment = s3deploy.BucketDeployment(
            self,
            "AssetsDeployment",
            sources=[s3deploy.Source.bucket(files.bucket, files.s3_object_key)],
            destination_bucket=self.assets,
            destination_key_prefix=ASSETS_PATH.strip("/") + "/",
            prune=True,
            retain_on_delete=self._config.is_prod,
            cache_control=[s3deploy.CacheControl.from_string(ASSETS_CACHE_CONTROL)],
            distribution=self.distribution,
            distribution_paths=[f"{ASSETS_PATH}/*"],
            memory_limit=512,
            role=self.deployment_role.without_policy_updates(),
            log_group=log_group,
        )
        return deployment

    # --- the gates ---------------------------------------------------------------------------------

    def _acknowledge(self) -> None:
        distribution = self.distribution
        acknowledge(
            distribution,
            "AwsSolutions-CFR1",
            "Residents use the council's services from wherever they are (abroad on holiday, family "
            "elsewhere); the edge WAF's managed rules, IP reputation list and rate limit judge "
            "requests instead of their country.",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR3",
            "Access logs are on, through CloudFront standard logging v2 (the EdgeAccessLogs "
            "construct in the us-east-1 logs stack), which selects fields so that no IP address or "
            "query string is stored; this rule only recognises the legacy S3 logging.",
        )
        if self._config.edge.certificate_arn is None:
            acknowledge(
                distribution,
                "AwsSolutions-CFR4",
                "Without a custom domain the distribution uses CloudFront's own *.cloudfront.net "
                "certificate, whose minimum protocol CloudFront fixes; with edge.certificate_arn set "
                "the distribution requires TLSv1.2_2021.",
            )
        cfn = cast(cloudfront.CfnDistribution, distribution.node.default_child)
        skips = [
            {"id": "CKV_AWS_86", "comment": "access logs: standard logging v2 in the us-east-1 logs stack"},
            {"id": "CKV_AWS_374", "comment": "no geo restriction: residents use the services from anywhere"},
            {"id": "CKV_AWS_305", "comment": "no default root object: / is the site function's home page"},
            {"id": "CKV_AWS_310", "comment": "no origin failover: both origins are regional services"},
        ]
        if self._config.edge.certificate_arn is None:
            skips.append({"id": "CKV_AWS_174", "comment": "default certificate: TLS is CloudFront's"})
        cfn.add_metadata("checkov", {"skip": skips})

        bucket = self.assets
        acknowledge(
            bucket,
            "NIST.800.53.R5-S3DefaultEncryptionKMS",
            "The bucket holds only public static files (GOV.UK Frontend's CSS, JavaScript, fonts and "
            "images) that any visitor downloads; SSE-S3 encrypts them at rest, and a KMS key would "
            "guard nothing confidential while adding a KMS call to every edge cache miss.",
        )
        not_versioned = (
            "The assets are built from the repository on every deploy and the deployment replaces "
            "the whole set; old versions would be files no page links to, and they would keep the "
            "dev stack from deleting its bucket."
        )
        for rule in ("NIST.800.53.R5-S3BucketVersioningEnabled",):
            acknowledge(bucket, rule, not_versioned)
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

        acknowledge(
            self.origin_secret,
            "AwsSolutions-SMG4",
            "The value only tells CloudFront's requests from direct ones; it guards no data (the API "
            "authenticates clients itself). Rotating it means changing CloudFront and the origin "
            "web ACL together, which a redeploy after replacing the secret does.",
        )
        acknowledge(
            self.origin_secret,
            "NIST.800.53.R5-SecretsManagerRotationEnabled",
            "The value only tells CloudFront's requests from direct ones and guards no data; "
            "rotating it means changing CloudFront and the origin web ACL together, by a redeploy.",
        )
        self._acknowledge_deployment()

    def _acknowledge_deployment(self) -> None:
        policy = self.deployment_role.node.find_child("DefaultPolicy")
        acknowledge(
            policy,
            "NIST.800.53.R5-IAMNoInlinePolicy",
            "The role's policy is CDK's per-role policy built only from least-privilege grants on "
            "this stack's assets bucket, asset object and distribution, for this one role.",
        )
        wildcards = (
            "CDK's bucket grants: the deployment lists, reads, writes and deletes any file under the "
            "assets bucket (the set changes with each build) and reads its one source archive."
        )
        for action in ("s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:Abort*"):
            acknowledge(policy, f"AwsSolutions-IAM5[Action::{action}]", wildcards)
        for objects in (self.assets.arn_for_objects("*"), self._files.bucket.arn_for_objects("*")):
            acknowledge(policy, f"AwsSolutions-IAM5[Resource::{nag_resource(self, objects)}]", wildcards)
        # CDK's singleton deployment function sits at the stack's root, named after its settings.
        for child in Stack.of(self).node.children:
            if child.node.id.startswith("Custom::CDKBucketDeployment"):
                self._acknowledge_deployment_function(cast(lambda_.Function, child))

    def _acknowledge_deployment_function(self, function: lambda_.Function) -> None:
        at_deploy = (
            "CDK's bucket-deployment function runs only while CloudFormation deploys, to copy the "
            "site's assets into their bucket"
        )
        reasons = {
            "Serverless-LambdaDLQ": f"{at_deploy}; it reports every error to CloudFormation, which "
            "rolls the deployment back, so a dead-letter queue would stay empty.",
            "NIST.800.53.R5-LambdaDLQ": f"{at_deploy}; it reports every error to CloudFormation, "
            "which rolls the deployment back, so a dead-letter queue would stay empty.",
            "Serverless-LambdaTracing": f"{at_deploy}; CloudTrail records its S3 and CloudFront calls, "
            "so tracing would add nothing.",
            "NIST.800.53.R5-LambdaConcurrency": f"{at_deploy}, once per deployment and never under "
            "load; reserving concurrency would only take it from the other functions.",
            "NIST.800.53.R5-LambdaInsideVPC": f"{at_deploy}; it reaches only the S3 and CloudFront "
            "APIs' IAM-authenticated public endpoints, so a VPC would add cost without reducing exposure.",
            "AwsSolutions-L1": f"{at_deploy}; CDK pins its runtime to the one its bundled AWS CLI "
            "layer is built for.",
            "Serverless-LambdaLatestVersion": f"{at_deploy}; CDK pins its runtime to the one its "
            "bundled AWS CLI layer is built for.",
        }
        for rule, reason in reasons.items():
            acknowledge(function, rule, reason)
        # cfn-lint (serverless rules): WS1000 tracing, as above; WS1004 only recognises log groups
        # named /aws/lambda/<name>, but the function logs to the explicit group above; W3005: CDK
        # adds a DependsOn on the role beside the GetAtt.
        cfn = cast(lambda_.CfnFunction, function.node.default_child)
        cfn.add_metadata("cfn-lint", {"config": {"ignore_checks": ["WS1000", "WS1004", "W3005"]}})
        cfn.add_metadata(
            "checkov",
            {
                "skip": [
                    {
                        "id": "CKV_AWS_173",
                        "comment": "CDK's one variable is the path of the public CA bundle, no secret",
                    }
                ]
            },
        )
