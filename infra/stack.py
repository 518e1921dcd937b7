"""The Front Door stack of one stage: it only composes the capability constructs."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from frontdoor.cases.tables import CasesTable, IdempotencyTable
from infra.config import StageConfig
from infra.constructs.api import Open311Api
from infra.constructs.data import Data
from infra.constructs.layers import SharedLayers


class FrontDoorStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: StageConfig, **kwargs: Any) -> None:
        super().__init__(
            scope, id, description=f"Front Door ({config.council_name}, {config.stage})", **kwargs
        )
        self.data = Data(self, "Data", config=config)
        self.layers = SharedLayers(self, "Layers", config=config)
        self.open311 = Open311Api(
            self,
            "Open311",
            config=config,
            layers=self.layers.all,
            key=self.data.key,
            cases_table=self.data.tables[CasesTable.__name__],
            idempotency_table=self.data.tables[IdempotencyTable.__name__],
        )
