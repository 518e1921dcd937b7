"""The two web ACLs of a stage and what they share.

- ``EdgeFirewall`` (scope CLOUDFRONT, so in us-east-1): judges every request residents and Open311
  clients make, at CloudFront: AWS managed rule groups and a rate limit per IP address.
- ``OriginFirewall`` (scope REGIONAL, on the API stage): lets through only requests CloudFront
  forwarded, recognised by a secret header CloudFront adds; everything else is blocked. Behind
  CloudFront every request comes from CloudFront's own addresses, so a rate limit per IP address
  or an IP reputation list here would judge CloudFront, not the resident: the edge does that.

Both log blocked requests only, with query strings (``api_key``) and cookies (the form session)
redacted: residents' ordinary requests, and their IP addresses, never reach these logs.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import ArnFormat, Names, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.common import encrypted_log_group

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
)
# The common rule set blocks bodies over 8 KB; a report of 4,000 non-ASCII characters is larger
# once urlencoded, and the functions refuse oversized bodies themselves, in their own formats.
RULE_OVERRIDES = {
    "AWSManagedRulesCommonRuleSet": [
        wafv2.CfnWebACL.RuleActionOverrideProperty(
            name="SizeRestrictions_BODY", action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
        )
    ]
}
RATE_WINDOW_SECONDS = 300
# Never in a WAF log line: api_key may arrive in a query string; the form-session cookie.
ALWAYS_REDACTED = (
    wafv2.CfnLoggingConfiguration.FieldToMatchProperty(query_string={}),
    wafv2.CfnLoggingConfiguration.FieldToMatchProperty(single_header={"Name": "cookie"}),
)


def protective_rules(metric: str, rate_limit_per_5min: int) -> list[wafv2.CfnWebACL.RuleProperty]:
    """AWS's managed rule groups, then a rate limit per IP address: every public door's ACL."""
    rules = [
        wafv2.CfnWebACL.RuleProperty(
            name=group,
            priority=priority,
            override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name=group, rule_action_overrides=RULE_OVERRIDES.get(group)
                )
            ),
            visibility_config=visibility(f"{metric}-{group}"),
        )
        for priority, group in enumerate(MANAGED_RULE_GROUPS)
    ]
    rules.append(
        wafv2.CfnWebACL.RuleProperty(
            name="RatePerIp",
            priority=len(rules),
            action=wafv2.CfnWebACL.RuleActionProperty(block={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                    aggregate_key_type="IP",
                    evaluation_window_sec=RATE_WINDOW_SECONDS,
                    limit=rate_limit_per_5min,
                )
            ),
            visibility_config=visibility(f"{metric}-RatePerIp"),
        )
    )
    return rules


class EdgeFirewall(Construct):
    """The CLOUDFRONT-scope web ACL (its stack must be in us-east-1); ``acl.attr_arn`` goes into the
    distribution's ``web_acl_id``."""

    def __init__(self, scope: Construct, id: str, *, config: StageConfig, key: kms.IKey) -> None:
        super().__init__(scope, id)
        metric = _metric_prefix(self)
        rules = protective_rules(metric, config.edge.waf_rate_limit_per_5min)
        self.acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=rules,
            visibility_config=visibility(metric),
            description=f"Front Door {config.stage}: every request to the site, the API and the assets",
        )
        self.logs = log_blocked_requests(self, self.acl, config=config, key=key)


class OriginFirewall(Construct):
    """A REGIONAL web ACL on ``stage_arn`` that allows only requests carrying ``header`` with
    ``secret`` (added by CloudFront on its way to the origin) and blocks the rest."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: StageConfig,
        key: kms.IKey,
        stage_arn: str,
        header: str,
        secret: str,
    ) -> None:
        super().__init__(scope, id)
        metric = _metric_prefix(self)
        through_cloudfront = wafv2.CfnWebACL.RuleProperty(
            name="ThroughCloudFront",
            priority=0,
            action=wafv2.CfnWebACL.RuleActionProperty(allow={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                    field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(single_header={"Name": header}),
                    positional_constraint="EXACTLY",
                    search_string=secret,
                    text_transformations=[
                        wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")
                    ],
                )
            ),
            visibility_config=visibility(f"{metric}-ThroughCloudFront"),
        )
        self.acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(block={}),
            rules=[through_cloudfront],
            visibility_config=visibility(metric),
            description=f"Front Door {config.stage}: the API answers CloudFront only",
        )
        # checkov CKV_AWS_192 looks for the Log4j rules (AWSManagedRulesKnownBadInputsRuleSet) here:
        # they run at the edge, on every request, before CloudFront forwards any to this ACL.
        self.acl.add_metadata(
            "checkov",
            {"skip": [{"id": "CKV_AWS_192", "comment": "the edge ACL runs the Log4j rules first"}]},
        )
        self.association = wafv2.CfnWebACLAssociation(
            self, "WebAclAssociation", resource_arn=stage_arn, web_acl_arn=self.acl.attr_arn
        )
        # A request carrying a wrong guess of the header is logged, never the guess itself.
        self.logs = log_blocked_requests(self, self.acl, config=config, key=key, redacted_headers=[header])


def log_blocked_requests(
    scope: Construct,
    acl: wafv2.CfnWebACL,
    *,
    config: StageConfig,
    key: kms.IKey,
    redacted_headers: Sequence[str] = (),
) -> logs.LogGroup:
    """Blocked requests of ``acl`` into an encrypted log group of the ACL's region.

    WAF logs only to log groups named ``aws-waf-logs-*``; the rest of the name comes from the
    construct's path, so stages never collide.
    """
    log_group = encrypted_log_group(
        scope,
        "WafLogs",
        config=config,
        key=key,
        name=f"aws-waf-logs-{Names.unique_resource_name(scope, max_length=400, separator='-')}",
    )
    wafv2.CfnLoggingConfiguration(
        scope,
        "WafLogging",
        resource_arn=acl.attr_arn,
        log_destination_configs=[
            Stack.of(scope).format_arn(
                service="logs",
                resource="log-group",
                resource_name=log_group.log_group_name,
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            )
        ],
        redacted_fields=[
            *ALWAYS_REDACTED,
            *(
                wafv2.CfnLoggingConfiguration.FieldToMatchProperty(single_header={"Name": name})
                for name in redacted_headers
            ),
        ],
        logging_filter={
            "DefaultBehavior": "DROP",
            "Filters": [
                {
                    "Behavior": "KEEP",
                    "Requirement": "MEETS_ANY",
                    "Conditions": [{"ActionCondition": {"Action": "BLOCK"}}],
                }
            ],
        },
    )
    return log_group


def visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=True
    )


def _metric_prefix(scope: Construct) -> str:
    """CloudWatch metric names of an ACL and its rules: unique per construct, within WAF's 255."""
    return Names.unique_id(scope)[-200:]
