"""One synthesis of the Front Door app (dev stage, with the cdk-nag packs) for every infra test.

``synth.stack`` and ``synth.template`` are the stage's main stack (its region); ``synth.edge`` and
``synth.edge_logs`` its two small us-east-1 stacks (``synth.template_of(stack)`` for theirs)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk import App, Stack  # noqa: E402

from infra.app import build  # noqa: E402
from infra.config import load_stage  # noqa: E402
from infra.edge_stack import EdgeLogsStack, EdgeStack  # noqa: E402
from infra.stack import FrontDoorStack  # noqa: E402


@dataclass(frozen=True)
class Synth:
    """The synthesized app: its cloud assembly directory, the stack objects and their templates."""

    outdir: Path
    stack: FrontDoorStack
    template: dict[str, Any]
    edge: EdgeStack
    edge_logs: EdgeLogsStack
    templates: dict[str, dict[str, Any]]

    def template_of(self, stack: Stack) -> dict[str, Any]:
        return self.templates[stack.stack_name]

    def resources(self, type_: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.template["Resources"].items() if v["Type"] == type_}

    def logical_id(self, construct: Any) -> str:
        return str(self.stack.resolve(construct.node.default_child.logical_id))

    def resource_of(self, construct: Any) -> dict[str, Any]:
        return self.template["Resources"][self.logical_id(construct)]


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    """Synthesize once; a cdk-nag finding that is not acknowledged makes this fixture fail."""
    outdir = tmp_path_factory.mktemp("cdk.out")
    app = App(outdir=str(outdir))
    stacks = build(app, load_stage("dev"))
    assembly = app.synth()
    templates = {
        stack.stack_name: json.loads((outdir / stack.template_file).read_text()) for stack in assembly.stacks
    }
    return Synth(
        outdir=outdir,
        stack=stacks.main,
        template=templates[stacks.main.stack_name],
        edge=stacks.edge,
        edge_logs=stacks.edge_logs,
        templates=templates,
    )
