"""The stage's edge in the synthesized dev app: the CloudFront distribution (behaviours, origins,
policies, headers), the private assets bucket behind origin access control and its deployment, the
CLOUDFRONT web ACL in the us-east-1 stack and the reference that brings it across regions, the
API stage's origin firewall, and the access logs in the us-east-1 logs stack. Then a stage with a
custom domain, the config's rules and a missing build/static."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_kms as kms
from pydantic import ValidationError

from infra.app import build
from infra.config import StageConfig, load_stage
from infra.constructs.edge import (
    API_PATHS,
    CONSOLE_PATHS,
    CONTENT_SECURITY_POLICY,
    ORIGIN_VERIFY_HEADER,
    Edge,
)
from infra.constructs.edge_logs import RECORD_FIELDS
from infra.constructs.site_assets import ASSETS_CACHE_CONTROL, StaticAssetsMissing
from infra.constructs.waf import MANAGED_RULE_GROUPS
from web.forms import SESSION_COOKIE
from web.security import SECURITY_HEADERS

DEV = load_stage("dev")
# CloudFront's managed policies, by their fixed IDs.
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]
CERTIFICATE_ARN = "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
TWO_YEARS = 2 * 365 * 24 * 3600


# --- reading the templates ------------------------------------------------------------------------


def _resources(template: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def _only(template: dict[str, Any], type_: str, under: str = "") -> tuple[str, dict[str, Any]]:
    """The one resource of ``type_`` (whose logical id starts with ``under``: the staff API has
    a web ACL of its own in the main stack)."""
    ((logical_id, resource),) = [
        (k, v) for k, v in _resources(template, type_).items() if k.startswith(under)
    ]
    return logical_id, resource["Properties"]


def _logical(stack: Stack, construct: Any) -> str:
    while not hasattr(construct, "logical_id"):
        construct = construct.node.default_child
    return str(stack.resolve(construct.logical_id))


@pytest.fixture(scope="module")
def edge(synth):
    return synth.stack.edge


@pytest.fixture(scope="module")
def distribution(synth, edge) -> dict[str, Any]:
    return synth.resource_of(edge.distribution)["Properties"]["DistributionConfig"]


@pytest.fixture(scope="module")
def behaviours(distribution) -> dict[str, dict[str, Any]]:
    """Every cache behaviour by path pattern, the default one as ``*``."""
    return {"*": distribution["DefaultCacheBehavior"]} | {
        b["PathPattern"]: b for b in distribution["CacheBehaviors"]
    }


@pytest.fixture(scope="module")
def origins(distribution) -> dict[str, dict[str, Any]]:
    return {o["Id"]: o for o in distribution["Origins"]}


def _policy(synth, behaviour: dict[str, Any], key: str) -> dict[str, Any]:
    return synth.template["Resources"][behaviour[key]["Ref"]]["Properties"]


# --- behaviours -----------------------------------------------------------------------------------


def test_the_distribution_has_the_site_the_api_and_the_assets_and_nothing_else(behaviours):
    assert set(behaviours) == {"*", *API_PATHS, *CONSOLE_PATHS, "/assets/*"}
    assert set(behaviours) == {"*", "/open311/*", "/chat/*", "/console", "/console/*", "/assets/*"}
    for behaviour in behaviours.values():
        assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
        assert behaviour["Compress"] is True


def test_the_site_gets_query_strings_and_the_form_session_cookie_only_and_travels_compressed(
    synth, behaviours
):
    site = behaviours["*"]
    assert site["AllowedMethods"] == ALL_METHODS  # forms POST
    request = _policy(synth, site, "OriginRequestPolicyId")["OriginRequestPolicyConfig"]
    assert request["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert request["CookiesConfig"] == {"CookieBehavior": "whitelist", "Cookies": [SESSION_COOKIE]}
    assert SESSION_COOKIE == "fd_session"
    assert request["HeadersConfig"] == {"HeaderBehavior": "none"}
    # CloudFront compresses only under a cache policy that may cache: a second at most, and only a
    # page that says public itself (a page that says nothing, or no-store, is never kept).
    cache = _policy(synth, site, "CachePolicyId")["CachePolicyConfig"]
    assert (cache["MinTTL"], cache["DefaultTTL"], cache["MaxTTL"]) == (0, 0, 1)
    key = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["EnableAcceptEncodingGzip"] is key["EnableAcceptEncodingBrotli"] is True
    assert key["CookiesConfig"] == {"CookieBehavior": "whitelist", "Cookies": [SESSION_COOKIE]}
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "all"}
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"}


def test_every_api_answer_is_gzipped_for_clients_that_accept_it(synth):
    from web.delivery import COMPRESS_FROM_BYTES

    apis = [
        resource["Properties"]
        for stack in (synth.template,)
        for resource in stack["Resources"].values()
        if resource["Type"] == "AWS::ApiGateway::RestApi"
    ]
    assert len(apis) == 2  # the residents' (site, console, Open311, chat) and the staff API
    assert all(api["MinimumCompressionSize"] == COMPRESS_FROM_BYTES == 1024 for api in apis)


@pytest.mark.parametrize("path", API_PATHS)
def test_the_api_paths_are_never_cached_and_pass_everything_but_the_host(behaviours, path):
    api = behaviours[path]
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert api["AllowedMethods"] == ALL_METHODS
    assert api["TargetOriginId"] == behaviours["*"]["TargetOriginId"]


def test_assets_are_cached_a_year_at_the_edge_compressed_and_varied_by_version_only(synth, behaviours):
    assets = behaviours["/assets/*"]
    assert assets["AllowedMethods"] == ["GET", "HEAD"]
    cache = _policy(synth, assets, "CachePolicyId")["CachePolicyConfig"]
    assert cache["DefaultTTL"] == cache["MaxTTL"] == 365 * 24 * 3600
    assert cache["MinTTL"] == 24 * 3600
    key = cache["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["EnableAcceptEncodingGzip"] is True and key["EnableAcceptEncodingBrotli"] is True
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "whitelist", "QueryStrings": ["v"]}
    assert key["CookiesConfig"] == {"CookieBehavior": "none"}
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"}
    assert "OriginRequestPolicyId" not in assets


def test_every_behaviour_sends_the_security_headers(synth, behaviours):
    policies = {b["ResponseHeadersPolicyId"]["Ref"] for b in behaviours.values()}
    assert len(policies) == 1


def test_security_headers_are_hsts_for_two_years_csp_nosniff_deny_and_the_referrer_policy(synth, behaviours):
    policy = _policy(synth, behaviours["*"], "ResponseHeadersPolicyId")["ResponseHeadersPolicyConfig"]
    headers = policy["SecurityHeadersConfig"]
    assert headers["StrictTransportSecurity"] == {
        "AccessControlMaxAgeSec": TWO_YEARS,
        "IncludeSubdomains": True,
        "Preload": True,
        "Override": True,
    }
    # The site's own policy (with the hash of GOV.UK's inline script) wins where it sends one; the
    # same policy covers what the origin sends without one (assets, the API's answers).
    assert headers["ContentSecurityPolicy"] == {
        "ContentSecurityPolicy": SECURITY_HEADERS["Content-Security-Policy"],
        "Override": False,
    }
    assert CONTENT_SECURITY_POLICY == SECURITY_HEADERS["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "connect-src 'self' https://*.amazonaws.com wss://*.amazonaws.com" in CONTENT_SECURITY_POLICY
    assert headers["ContentTypeOptions"] == {"Override": True}
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"  # what ContentTypeOptions sends
    assert headers["FrameOptions"] == {"FrameOption": SECURITY_HEADERS["X-Frame-Options"], "Override": True}
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"] == {
        "ReferrerPolicy": SECURITY_HEADERS["Referrer-Policy"],
        "Override": True,
    }
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"


# --- origins --------------------------------------------------------------------------------------


def _api_origin(origins, behaviours) -> dict[str, Any]:
    return origins[behaviours["*"]["TargetOriginId"]]


def test_the_api_origin_is_the_stage_over_tls_with_the_secret_header(synth, origins, behaviours):
    api = _api_origin(origins, behaviours)
    rest_api = synth.logical_id(synth.stack.open311.rest_api)
    assert rest_api in str(api["DomainName"]) and ".execute-api." in str(api["DomainName"])
    stage = synth.logical_id(synth.stack.open311.rest_api.deployment_stage)
    assert stage in str(api["OriginPath"])
    assert api["CustomOriginConfig"] == {
        "OriginProtocolPolicy": "https-only",
        "OriginSSLProtocols": ["TLSv1.2"],
    }
    ((header,),) = [api["OriginCustomHeaders"]]
    assert header["HeaderName"] == ORIGIN_VERIFY_HEADER
    assert header["HeaderValue"] == _secret_reference(synth)


def _secret_reference(synth) -> dict[str, Any]:
    """A CloudFormation dynamic reference to the origin secret: resolved at deploy time only."""
    secret = synth.logical_id(synth.stack.edge.origin_secret)
    return {"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": secret}, ":SecretString:::}}"]]}


def test_the_assets_origin_is_the_private_bucket_through_origin_access_control(
    synth, edge, origins, behaviours
):
    assets = origins[behaviours["/assets/*"]["TargetOriginId"]]
    bucket = _logical(synth.stack, edge.assets.bucket)
    assert assets["DomainName"] == {"Fn::GetAtt": [bucket, "RegionalDomainName"]}
    assert assets["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy OAI
    oac_id, oac = _only(synth.template, "AWS::CloudFront::OriginAccessControl")
    assert assets["OriginAccessControlId"] == {"Fn::GetAtt": [oac_id, "Id"]}
    assert oac["OriginAccessControlConfig"] | {"Name": None} == {
        "Name": None,
        "OriginAccessControlOriginType": "s3",
        "SigningBehavior": "always",
        "SigningProtocol": "sigv4",
    }


def test_the_assets_bucket_is_private_and_readable_by_this_distribution_only(synth, edge):
    bucket_id = _logical(synth.stack, edge.assets.bucket)
    bucket = synth.template["Resources"][bucket_id]["Properties"]
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    (policy,) = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in _resources(synth.template, "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    allows = [s for s in policy if s["Effect"] == "Allow"]
    assert allows == [
        {
            "Action": "s3:GetObject",
            "Condition": {"StringEquals": {"AWS:SourceArn": _distribution_arn(synth)}},
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, "/*"]]},
        }
    ]
    denied = [s["Condition"] for s in policy if s["Effect"] == "Deny"]
    assert {"Bool": {"aws:SecureTransport": "false"}} in denied
    assert {"NumericLessThan": {"s3:TlsVersion": 1.2}} in denied


def _distribution_arn(synth) -> dict[str, Any]:
    distribution = synth.logical_id(synth.stack.edge.distribution)
    parts = ["arn:", {"Ref": "AWS::Partition"}, ":cloudfront::", {"Ref": "AWS::AccountId"}, ":distribution/"]
    return {"Fn::Join": ["", [*parts, {"Ref": distribution}]]}


# --- the distribution -----------------------------------------------------------------------------


def test_the_distribution_speaks_http2_and_3_over_ipv6_from_european_and_american_edges(distribution):
    assert distribution["Enabled"] is True
    assert distribution["HttpVersion"] == "http2and3"
    assert distribution["IPV6Enabled"] is True
    assert distribution["PriceClass"] == DEV.edge.price_class == "PriceClass_100"


def test_without_a_custom_domain_the_distribution_uses_cloudfronts_name(distribution):
    assert "Aliases" not in distribution
    assert "ViewerCertificate" not in distribution  # CloudFront's own *.cloudfront.net certificate


def test_no_legacy_logging_the_access_logs_go_through_standard_logging_v2(distribution):
    assert "Logging" not in distribution  # see the logs stack below


def test_the_distributions_domain_is_an_output(synth, edge):
    outputs = synth.template["Outputs"]
    (domain,) = [o for name, o in outputs.items() if name.startswith("EdgeDomainName")]
    assert domain["Value"] == {"Fn::GetAtt": [synth.logical_id(edge.distribution), "DomainName"]}


# --- the edge web ACL, in us-east-1, and the reference across regions ------------------------------


def test_the_edge_stack_is_in_us_east_1_and_the_stage_in_its_own_region(synth):
    assert synth.edge.region == synth.edge_logs.region == "us-east-1"
    assert synth.stack.region == DEV.region == "eu-west-2"
    assert synth.edge.stack_name == "FrontDoor-dev-Edge"
    assert synth.edge_logs.stack_name == "FrontDoor-dev-EdgeLogs"


def test_the_edge_web_acl_is_cloudfront_scope_with_managed_rules_and_a_rate_limit(synth):
    template = synth.template_of(synth.edge)
    _, acl = _only(template, "AWS::WAFv2::WebACL")
    assert acl["Scope"] == "CLOUDFRONT"
    assert acl["DefaultAction"] == {"Allow": {}}
    rules = {r["Name"]: r for r in acl["Rules"]}
    assert list(rules) == [*MANAGED_RULE_GROUPS, "RatePerIp"]
    assert set(MANAGED_RULE_GROUPS) == {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    }
    for group in MANAGED_RULE_GROUPS:
        statement = rules[group]["Statement"]["ManagedRuleGroupStatement"]
        assert (statement["VendorName"], statement["Name"]) == ("AWS", group)
        assert rules[group]["OverrideAction"] == {"None": {}}
    assert rules["RatePerIp"]["Action"] == {"Block": {}}
    assert rules["RatePerIp"]["Statement"]["RateBasedStatement"] == {
        "AggregateKeyType": "IP",
        "EvaluationWindowSec": 300,
        "Limit": DEV.edge.waf_rate_limit_per_5min,
    }


def test_the_edge_web_acl_lets_the_functions_judge_body_size_themselves(synth):
    _, acl = _only(synth.template_of(synth.edge), "AWS::WAFv2::WebACL")
    common = next(r for r in acl["Rules"] if r["Name"] == "AWSManagedRulesCommonRuleSet")
    overrides = common["Statement"]["ManagedRuleGroupStatement"]["RuleActionOverrides"]
    assert overrides == [{"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]


def test_the_edge_web_acl_crosses_to_the_distribution_by_a_cross_region_reference(synth, distribution):
    edge = synth.template_of(synth.edge)
    acl_id, _ = _only(edge, "AWS::WAFv2::WebACL")
    _, writer = _only(edge, "Custom::CrossRegionExportWriter")
    assert writer["WriterProps"]["region"] == "eu-west-2"
    ((parameter, value),) = writer["WriterProps"]["exports"].items()
    assert parameter.startswith("/cdk/exports/FrontDoor-dev/")
    assert value == {"Fn::GetAtt": [acl_id, "Arn"]}

    reader_id, reader = _only(synth.template, "Custom::CrossRegionExportReader")
    assert reader["ReaderProps"]["imports"][parameter] == f"{{{{resolve:ssm:{parameter}}}}}"
    assert distribution["WebACLId"] == {"Fn::GetAtt": [reader_id, parameter]}
    assert synth.edge in synth.stack.dependencies


def test_edge_waf_logs_keep_blocked_requests_only_without_query_strings_or_cookies(synth):
    edge = synth.template_of(synth.edge)
    acl_id, _ = _only(edge, "AWS::WAFv2::WebACL")
    _, logging = _only(edge, "AWS::WAFv2::LoggingConfiguration")
    assert logging["ResourceArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    assert logging["RedactedFields"] == [{"QueryString": {}}, {"SingleHeader": {"Name": "cookie"}}]
    assert logging["LoggingFilter"]["DefaultBehavior"] == "DROP"
    assert logging["LoggingFilter"]["Filters"][0]["Conditions"] == [{"ActionCondition": {"Action": "BLOCK"}}]
    log_group_id, log_group = _only(edge, "AWS::Logs::LogGroup")
    assert log_group["LogGroupName"].startswith("aws-waf-logs-")
    assert log_group["RetentionInDays"] == DEV.log_retention_days
    key_id, _ = _only(edge, "AWS::KMS::Key")
    assert log_group["KmsKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}


# --- the stage's origin firewall ------------------------------------------------------------------


def test_the_api_stage_answers_only_requests_carrying_cloudfronts_secret_header(synth, edge):
    acl_id, acl = _only(synth.template, "AWS::WAFv2::WebACL", under="Edge")
    assert acl["Scope"] == "REGIONAL"
    assert acl["DefaultAction"] == {"Block": {}}
    (rule,) = acl["Rules"]
    assert rule["Action"] == {"Allow": {}}
    assert rule["Statement"] == {
        "ByteMatchStatement": {
            "FieldToMatch": {"SingleHeader": {"Name": ORIGIN_VERIFY_HEADER}},
            "PositionalConstraint": "EXACTLY",
            "SearchString": _secret_reference(synth),
            "TextTransformations": [{"Priority": 0, "Type": "NONE"}],
        }
    }
    _, association = _only(synth.template, "AWS::WAFv2::WebACLAssociation", under="Edge")
    assert association["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    stage = synth.logical_id(synth.stack.open311.rest_api.deployment_stage)
    assert stage in str(association["ResourceArn"])
    secret = synth.resource_of(edge.origin_secret)["Properties"]
    assert secret["GenerateSecretString"]["PasswordLength"] >= 32
    assert secret["KmsKeyId"] == {"Fn::GetAtt": [synth.logical_id(synth.stack.data.key), "Arn"]}


def test_origin_waf_logs_never_hold_the_secret_header(synth):
    _, logging = _only(synth.template, "AWS::WAFv2::LoggingConfiguration", under="Edge")
    assert {"SingleHeader": {"Name": ORIGIN_VERIFY_HEADER}} in logging["RedactedFields"]
    assert {"QueryString": {}} in logging["RedactedFields"]


# --- the assets deployment ------------------------------------------------------------------------


def test_assets_deploy_under_assets_and_invalidate_the_edge_caches(synth, edge):
    _, deployment = _only(synth.template, "Custom::CDKBucketDeployment")
    assert deployment["DestinationBucketName"] == {"Ref": _logical(synth.stack, edge.assets.bucket)}
    assert deployment["DestinationBucketKeyPrefix"] == "assets/"
    assert deployment["Prune"] is True
    assert deployment["SystemMetadata"] == {"cache-control": ASSETS_CACHE_CONTROL}
    assert deployment["DistributionId"] == {"Ref": synth.logical_id(edge.distribution)}
    assert deployment["DistributionPaths"] == ["/assets/*"]


def test_the_deployment_role_may_invalidate_this_distribution_only(synth, edge):
    role = synth.resource_of(edge.assets.deployment_role)["Properties"]
    assert "ManagedPolicyArns" not in role
    policy = synth.template["Resources"][
        _logical(synth.stack, edge.assets.deployment_role.node.find_child("DefaultPolicy"))
    ]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    cloudfront = [s for s in statements if any(str(a).startswith("cloudfront:") for a in _list(s["Action"]))]
    assert {a for s in cloudfront for a in _list(s["Action"])} == {
        "cloudfront:CreateInvalidation",
        "cloudfront:GetInvalidation",
    }
    assert all(s["Resource"] == _distribution_arn(synth) for s in cloudfront)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- access logs, in the us-east-1 logs stack ----------------------------------------------------


def test_access_logs_are_delivered_from_the_distribution_to_an_encrypted_log_group(synth):
    logs = synth.template_of(synth.edge_logs)
    _, source = _only(logs, "AWS::Logs::DeliverySource")
    assert source["LogType"] == "ACCESS_LOGS"
    reader_id, reader = _only(logs, "Custom::CrossRegionExportReader")
    ((parameter, _),) = reader["ReaderProps"]["imports"].items()
    arn_parts = source["ResourceArn"]["Fn::Join"][1]
    assert arn_parts[:-1] == [
        "arn:",
        {"Ref": "AWS::Partition"},
        ":cloudfront::",
        {"Ref": "AWS::AccountId"},
        ":distribution/",
    ]
    assert arn_parts[-1] == {"Fn::GetAtt": [reader_id, parameter]}
    _, writer = _only(synth.template, "Custom::CrossRegionExportWriter")
    assert writer["WriterProps"]["exports"][parameter] == {
        "Ref": synth.logical_id(synth.stack.edge.distribution)
    }
    assert synth.stack in synth.edge_logs.dependencies

    destination_id, destination = _only(logs, "AWS::Logs::DeliveryDestination")
    log_group_id, log_group = _only(logs, "AWS::Logs::LogGroup")
    assert {"Ref": log_group_id} in destination["DestinationResourceArn"]["Fn::Join"][1]
    assert destination["OutputFormat"] == "json"
    key_id, _ = _only(logs, "AWS::KMS::Key")
    assert log_group["KmsKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}
    assert log_group["RetentionInDays"] == DEV.log_retention_days

    _, delivery = _only(logs, "AWS::Logs::Delivery")
    assert delivery["DeliveryDestinationArn"] == {"Fn::GetAtt": [destination_id, "Arn"]}
    assert delivery["DeliverySourceName"] == {"Ref": _only(logs, "AWS::Logs::DeliverySource")[0]}


def test_access_logs_hold_no_ip_address_user_agent_referer_cookie_or_query_string(synth):
    _, delivery = _only(synth.template_of(synth.edge_logs), "AWS::Logs::Delivery")
    fields = set(delivery["RecordFields"])
    assert fields == set(RECORD_FIELDS)
    personal = {
        "c-ip",
        "c-port",
        "x-forwarded-for",
        "cs(User-Agent)",
        "cs(Referer)",
        "cs(Cookie)",
        "cs-uri-query",
    }
    assert not fields & personal
    assert {"date", "time", "sc-status", "cs-uri-stem", "time-taken", "x-edge-result-type"} <= fields


# --- a stage with the council's own domain --------------------------------------------------------


def _with_edge(**edge: Any) -> StageConfig:
    return StageConfig.model_validate({**DEV.model_dump(), "edge": {**DEV.edge.model_dump(), **edge}})


@pytest.fixture(scope="module")
def custom_domain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The whole dev app again, with a domain and its certificate and a second origin secret: the
    gates run on it too."""
    config = _with_edge(
        domain_name="report.example.gov.uk", certificate_arn=CERTIFICATE_ARN, origin_secret_generation=2
    )
    app = App(outdir=str(tmp_path_factory.mktemp("custom-domain")))
    stacks = build(app, config)
    return dict(app.synth().get_stack_by_name(stacks.main.stack_name).template)


def test_a_custom_domain_gets_its_certificate_and_tls_1_2_at_least(custom_domain):
    _, distribution = _only(custom_domain, "AWS::CloudFront::Distribution")
    config = distribution["DistributionConfig"]
    assert config["Aliases"] == ["report.example.gov.uk"]
    assert config["ViewerCertificate"] == {
        "AcmCertificateArn": CERTIFICATE_ARN,
        "MinimumProtocolVersion": "TLSv1.2_2021",
        "SslSupportMethod": "sni-only",
    }


def test_a_new_secret_generation_reaches_cloudfront_and_the_origin_web_acl_together(custom_domain):
    secrets = _resources(custom_domain, "AWS::SecretsManager::Secret")
    (secret,) = [name for name in secrets if name.startswith("EdgeOriginSecret")]
    assert secret.startswith("EdgeOriginSecret2")
    reference = {"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": secret}, ":SecretString:::}}"]]}
    _, distribution = _only(custom_domain, "AWS::CloudFront::Distribution")
    origins = distribution["DistributionConfig"]["Origins"]
    headers = [header for origin in origins for header in origin.get("OriginCustomHeaders", [])]
    assert headers == [{"HeaderName": ORIGIN_VERIFY_HEADER, "HeaderValue": reference}]
    _, acl = _only(custom_domain, "AWS::WAFv2::WebACL", under="Edge")
    assert acl["Rules"][0]["Statement"]["ByteMatchStatement"]["SearchString"] == reference


def test_a_domain_needs_its_certificate_and_the_certificate_must_be_in_us_east_1():
    with pytest.raises(ValidationError, match="go together"):
        _with_edge(domain_name="report.example.gov.uk")
    with pytest.raises(ValidationError, match="certificate_arn"):
        _with_edge(
            domain_name="report.example.gov.uk",
            certificate_arn=CERTIFICATE_ARN.replace("us-east-1", "eu-west-2"),
        )
    with pytest.raises(ValidationError, match="another account"):
        StageConfig.model_validate(
            {
                **DEV.model_dump(),
                "account": "444455556666",
                "edge": {"domain_name": "report.example.gov.uk", "certificate_arn": CERTIFICATE_ARN},
            }
        )
    with pytest.raises(ValidationError, match="price_class"):
        _with_edge(price_class="PriceClass_Cheap")


def test_synth_fails_clearly_without_the_sites_assets(tmp_path: Path):
    stack = Stack(App(), "NoAssets")
    api = apigw.RestApi(stack, "Api")
    with pytest.raises(StaticAssetsMissing, match="run `make static`"):
        Edge(
            stack,
            "Edge",
            config=DEV,
            key=kms.Key(stack, "Key"),
            rest_api=api,
            web_acl_arn="arn:aws:wafv2:us-east-1:111122223333:global/webacl/x/0",
            static_dir=tmp_path / "static",
        )
