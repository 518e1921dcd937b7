"""The Front Door CDK app: ``python -m infra.app`` (or ``cdk synth -c stage=prod``).

The stage comes from ``-c stage=<name>`` context, else the ``STAGE`` environment variable, else
``dev``. Synth is offline: no AWS call (environment from config, region only) and no git call.
Every resource gets the contract, cost-centre, stage and project tags, and the three cdk-nag packs
run as validation plugins: any unacknowledged finding (error or warning) fails synth.

A stage is three stacks, deployed in this order (their references decide it):

- ``FrontDoor-<stage>-Edge`` in us-east-1: CloudFront's web ACL (CloudFront takes it from there);
- ``FrontDoor-<stage>`` in the stage's region: everything else, the distribution included;
- ``FrontDoor-<stage>-EdgeLogs`` in us-east-1: the distribution's access logs (delivered from there).

Values cross regions by CDK cross-region references. These need no account at synth: a stage
config without ``account`` synthesizes for whatever account the deploying credentials belong to,
and every stack of the stage then goes to that one account (a value can only cross regions within
an account).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from aws_cdk import App, Environment, Tags, Validations
from cdk_nag import AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks

from frontdoor.catalogue import load_catalogue
from frontdoor.geo.wards import DEFAULT_PATH as WARDS_PATH
from frontdoor.geo.wards import WardMap
from infra.config import EDGE_REGION, StageConfig, load_stage
from infra.constructs.cross_region import annotate_cross_region_providers
from infra.edge_stack import EdgeLogsStack, EdgeStack
from infra.stack import FrontDoorStack


@dataclass(frozen=True)
class StageStacks:
    """The three stacks of a stage, in deployment order."""

    edge: EdgeStack
    main: FrontDoorStack
    edge_logs: EdgeLogsStack


def check_council_data() -> None:
    """The service catalogue and ward boundaries ship inside the layer: a broken one fails synth,
    naming the entry, rather than the first resident's report."""
    load_catalogue()
    WardMap.from_geojson(WARDS_PATH)


def build(app: App, config: StageConfig) -> StageStacks:
    """Add stage ``config``'s stacks, tags and security gates to ``app``."""
    check_council_data()
    name = f"FrontDoor-{config.stage}"
    edge = EdgeStack(
        app, f"{name}-Edge", config=config, env=Environment(account=config.account, region=EDGE_REGION)
    )
    main = FrontDoorStack(
        app,
        name,
        config=config,
        edge_web_acl_arn=edge.firewall.acl.attr_arn,
        cross_region_references=True,
        env=Environment(account=config.account, region=config.region),
    )
    edge_logs = EdgeLogsStack(
        app,
        f"{name}-EdgeLogs",
        config=config,
        distribution_arn=main.edge.distribution.distribution_arn,
        env=Environment(account=config.account, region=EDGE_REGION),
    )
    for stack in (edge, main, edge_logs):
        annotate_cross_region_providers(stack)
    for key, value in config.tags.items():
        Tags.of(app).add(key, value)
    Validations.of(app).add_plugins(
        AwsSolutionsChecks(app, verbose=True),
        ServerlessChecks(app, verbose=True),
        NIST80053R5Checks(app, verbose=True),
    )
    return StageStacks(edge=edge, main=main, edge_logs=edge_logs)


def stage_name(app: App) -> str:
    return str(app.node.try_get_context("stage") or os.environ.get("STAGE") or "dev")


def main() -> App:
    app = App(outdir=os.environ.get("CDK_OUTDIR"))
    build(app, load_stage(stage_name(app)))
    app.synth()
    return app


if __name__ == "__main__":
    main()
