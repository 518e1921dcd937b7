"""The stage's front door on the internet: one CloudFront distribution in front of the REST API
(the residents' site, Open311 and the start-chat endpoint) and a private bucket of static assets.

Behaviours (nothing dynamic is cached past a second; every response gets the security headers):

- default ``/*``: the site function through the API stage; all methods, query strings and only the
  form-session cookie forwarded; kept at the edge for a second at most, and only when the page says
  ``public`` itself, so that pages travel compressed (CloudFront compresses only under a cache
  policy that may cache);
- ``/open311/*`` and ``/chat/*``: the API as is (every viewer header but Host, every cookie and
  query string), all methods;
- ``/console`` and ``/console/*``: the staff console through the API stage, as the site is, with
  the console's session cookie only;
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

from aws_cdk import CfnOutput, Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.acknowledge import acknowledge
from infra.config import StageConfig
from infra.constructs.common import removal_policy
from infra.constructs.site_assets import ASSETS_PATH, STATIC_DIR, SiteAssets
from infra.constructs.waf import OriginFirewall
from web import security as web_security
from web.console.sessions import COOKIE as CONSOLE_COOKIE
from web.forms import SESSION_COOKIE

# Set by CloudFront on every request to the API; the stage's web ACL blocks requests without it.
ORIGIN_VERIFY_HEADER = "x-origin-verify"
API_PATHS = ("/open311/*", "/chat/*")
CONSOLE_PATHS = ("/console", "/console/*")
# Pages stay at the edge no longer than this, and only when they say public themselves.
PAGES_KEPT_AT_MOST_S = 1
# The site's own policy (web/security.py) comes with every page it renders, with the hash of GOV.UK's
# inline script; CloudFront sends the same where the origin sends none (assets, the API's answers).
CONTENT_SECURITY_POLICY = web_security.CONTENT_SECURITY_POLICY
HSTS_MAX_AGE = Duration.days(730)
# Only ?v= (a version the site may append) varies an asset; other query strings cannot bust the cache.
ASSETS_VERSION_QUERY = "v"
PRICE_CLASSES = {
    "PriceClass_100": cloudfront.PriceClass.PRICE_CLASS_100,
    "PriceClass_200": cloudfront.PriceClass.PRICE_CLASS_200,
    "PriceClass_All": cloudfront.PriceClass.PRICE_CLASS_ALL,
}


class Edge(Construct):
    """The distribution, its origins and policies, the site's assets, and the API stage's origin
    firewall. ``distribution`` is what the access logs (us-east-1) watch."""

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
        self._config = config
        self.assets = SiteAssets(self, "Assets", config=config, key=key, static_dir=static_dir)
        self.origin_secret = secretsmanager.Secret(
            self,
            f"OriginSecret{config.edge.origin_secret_generation}",
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
        self.security_headers = self._security_headers()
        self.distribution = self._distribution(rest_api, secret, web_acl_arn)
        self.assets.deploy_through(self.distribution)
        CfnOutput(
            self,
            "DomainName",
            value=self.distribution.distribution_domain_name,
            description="Point the council's DNS name at this (CNAME or Route 53 alias)",
        )
        self._acknowledge()

    # --- origins and behaviours -------------------------------------------------------------------

    def _pages(
        self, api: origins.RestApiOrigin, id: str, what: str, cookie: str
    ) -> cloudfront.BehaviorOptions:
        """Server-rendered pages: the query string and one session cookie go through.

        CloudFront compresses, and sends the browser's Accept-Encoding on, only under a cache policy
        that may cache; so this one may, for at most a second and only a page that says so itself
        (``public, max-age``: the standards, say). A page with a session says ``no-store``, and a
        page that says nothing is not kept (default TTL 0)."""
        return cloudfront.BehaviorOptions(
            origin=api,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy(
                self,
                f"{id}Cache",
                comment=f"{what}: a second at most, keyed on its session cookie and query; compressed",
                min_ttl=Duration.seconds(0),
                default_ttl=Duration.seconds(0),
                max_ttl=Duration.seconds(PAGES_KEPT_AT_MOST_S),
                query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
                cookie_behavior=cloudfront.CacheCookieBehavior.allow_list(cookie),
                header_behavior=cloudfront.CacheHeaderBehavior.none(),
                enable_accept_encoding_gzip=True,
                enable_accept_encoding_brotli=True,
            ),
            origin_request_policy=cloudfront.OriginRequestPolicy(
                self,
                id,
                comment=f"{what}: query strings and its session cookie only",
                query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.all(),
                cookie_behavior=cloudfront.OriginRequestCookieBehavior.allow_list(cookie),
                header_behavior=cloudfront.OriginRequestHeaderBehavior.none(),
            ),
            response_headers_policy=self.security_headers,
            compress=True,
        )

    def _distribution(
        self, rest_api: apigw.RestApi, secret: str, web_acl_arn: str
    ) -> cloudfront.Distribution:
        edge = self._config.edge
        api = origins.RestApiOrigin(rest_api, custom_headers={ORIGIN_VERIFY_HEADER: secret})
        site = self._pages(api, "SiteRequests", "The residents' site", SESSION_COOKIE)
        console = self._pages(api, "ConsoleRequests", "The staff console", CONSOLE_COOKIE)
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
            origin=origins.S3BucketOrigin.with_origin_access_control(self.assets.bucket),
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
                **dict.fromkeys(CONSOLE_PATHS, console),
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

        manual_rotation = (
            "The value only tells CloudFront's requests from direct ones and guards no data (the API "
            "authenticates its clients itself). A new value must reach CloudFront and the origin web "
            "ACL together, which a deploy does: raising edge.origin_secret_generation replaces it."
        )
        for rule in ("AwsSolutions-SMG4", "NIST.800.53.R5-SecretsManagerRotationEnabled"):
            acknowledge(self.origin_secret, rule, manual_rotation)
