"""The stage's two small stacks in us-east-1, where CloudFront keeps its web ACLs and delivers its
logs from, whatever the stage's region.

- ``EdgeStack`` (``FrontDoor-<stage>-Edge``), deployed before the stage's stack: the CLOUDFRONT web
  ACL that the distribution uses.
- ``EdgeLogsStack`` (``FrontDoor-<stage>-EdgeLogs``), deployed after it: the distribution's access
  logs, which need the distribution's ARN.

Values cross regions by CDK cross-region references: the producing stack writes them as SSM
parameters in the consuming stack's region and the consumer reads them at deploy time.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.common import stack_key
from infra.constructs.edge_logs import EdgeAccessLogs
from infra.constructs.waf import EdgeFirewall


class EdgeStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: StageConfig, **kwargs: Any) -> None:
        super().__init__(
            scope,
            id,
            description=f"Front Door ({config.council_name}, {config.stage}): CloudFront's web ACL",
            cross_region_references=True,
            **kwargs,
        )
        self.key = stack_key(
            self, "Key", config=config, description=f"Front Door {config.stage}: edge WAF logs"
        )
        self.firewall = EdgeFirewall(self, "Firewall", config=config, key=self.key)


class EdgeLogsStack(Stack):
    def __init__(
        self, scope: Construct, id: str, *, config: StageConfig, distribution_arn: str, **kwargs: Any
    ) -> None:
        super().__init__(
            scope,
            id,
            description=f"Front Door ({config.council_name}, {config.stage}): CloudFront's access logs",
            cross_region_references=True,
            **kwargs,
        )
        self.key = stack_key(
            self, "Key", config=config, description=f"Front Door {config.stage}: CloudFront access logs"
        )
        self.access_logs = EdgeAccessLogs(
            self, "AccessLogs", config=config, key=self.key, distribution_arn=distribution_arn
        )
