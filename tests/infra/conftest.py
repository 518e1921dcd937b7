"""One synthesis of the Front Door app (dev stage, with the cdk-nag packs) for every infra test."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk import App  # noqa: E402

from infra.app import build  # noqa: E402
from infra.config import load_stage  # noqa: E402
from infra.stack import FrontDoorStack  # noqa: E402


@dataclass(frozen=True)
class Synth:
    """The synthesized app: its cloud assembly directory, the stack object and its template."""

    outdir: Path
    stack: FrontDoorStack
    template: dict[str, Any]

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
    stack = build(app, load_stage("dev"))
    assembly = app.synth()
    template = json.loads((outdir / assembly.get_stack_by_name(stack.stack_name).template_file).read_text())
    return Synth(outdir=outdir, stack=stack, template=template)
