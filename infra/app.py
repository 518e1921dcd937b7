"""The Front Door CDK app: ``python -m infra.app`` (or ``cdk synth -c stage=prod``).

The stage comes from ``-c stage=<name>`` context, else the ``STAGE`` environment variable, else
``dev``. Synth is offline: no AWS call (environment from config, region only) and no git call.
Every resource gets the contract, cost-centre, stage and project tags, and the three cdk-nag packs
run as validation plugins: any unacknowledged finding (error or warning) fails synth.
"""

from __future__ import annotations

import os

from aws_cdk import App, Environment, Tags, Validations
from cdk_nag import AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks

from frontdoor.catalogue import load_catalogue
from frontdoor.geo.wards import DEFAULT_PATH as WARDS_PATH
from frontdoor.geo.wards import WardMap
from infra.config import StageConfig, load_stage
from infra.stack import FrontDoorStack


def check_council_data() -> None:
    """The service catalogue and ward boundaries ship inside the layer: a broken one fails synth,
    naming the entry, rather than the first resident's report."""
    load_catalogue()
    WardMap.from_geojson(WARDS_PATH)


def build(app: App, config: StageConfig) -> FrontDoorStack:
    """Add stage ``config``'s stack, tags and security gates to ``app``."""
    check_council_data()
    stack = FrontDoorStack(
        app,
        f"FrontDoor-{config.stage}",
        config=config,
        env=Environment(account=config.account, region=config.region),
    )
    for key, value in config.tags.items():
        Tags.of(app).add(key, value)
    Validations.of(app).add_plugins(
        AwsSolutionsChecks(app, verbose=True),
        ServerlessChecks(app, verbose=True),
        NIST80053R5Checks(app, verbose=True),
    )
    return stack


def stage_name(app: App) -> str:
    return str(app.node.try_get_context("stage") or os.environ.get("STAGE") or "dev")


def main() -> App:
    app = App(outdir=os.environ.get("CDK_OUTDIR"))
    build(app, load_stage(stage_name(app)))
    app.synth()
    return app


if __name__ == "__main__":
    main()
