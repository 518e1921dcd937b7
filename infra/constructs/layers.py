"""The Lambda layers, built once per stack: two every function uses, one for the web functions.

- ``common``: ``layers/common`` (``python/frontdoor``: the domain and its adapters).
- ``deps``: third-party runtime deps for arm64 / CPython 3.14, built by ``make layer`` into
  ``build/deps-layer`` without Docker (pip with ``--platform``).
- ``web``: the ``web`` package (pages, forms, templates), copied by ``make web-layer`` into
  ``build/web-layer/python/web``, so the site function's own asset stays only its handler.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.config import StageConfig
from infra.constructs.common import ASSET_EXCLUDES, COMMON_LAYER, DEPS_LAYER, ROOT, removal_policy

WEB_LAYER = ROOT / "build" / "web-layer"
RUNTIME = lambda_.Runtime.PYTHON_3_14
ARCHITECTURE = lambda_.Architecture.ARM_64


class DepsLayerMissing(RuntimeError):
    """build/deps-layer has not been built."""


class WebLayerMissing(RuntimeError):
    """build/web-layer has not been built."""


class SharedLayers(Construct):
    """The common (domain) and deps (third-party) layers, shared by every function of the stack,
    and the web layer of the functions that render pages."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: StageConfig,
        deps_dir: Path = DEPS_LAYER,
        web_dir: Path = WEB_LAYER,
    ) -> None:
        super().__init__(scope, id)
        if not (deps_dir / "python").is_dir():
            raise DepsLayerMissing(
                f"{deps_dir / 'python'} does not exist: run `make layer` to build the arm64 "
                "third-party dependency layer before synthesizing"
            )
        if not (web_dir / "python" / "web").is_dir():
            raise WebLayerMissing(
                f"{web_dir / 'python' / 'web'} does not exist: run `make web-layer` to build the web "
                "layer (the site's pages and templates) before synthesizing"
            )
        self._config = config
        self.common = self._layer("Common", COMMON_LAYER, "Front Door domain package (frontdoor)")
        self.deps = self._layer("Deps", deps_dir, "Front Door third-party runtime dependencies (arm64)")
        self.web = self._layer("Web", web_dir, "Front Door web package: pages, forms and templates (web)")

    def _layer(self, id: str, path: Path, description: str) -> lambda_.LayerVersion:
        return lambda_.LayerVersion(
            self,
            id,
            code=lambda_.Code.from_asset(
                str(path), exclude=[*ASSET_EXCLUDES, "requirements.txt", ".installed"]
            ),
            compatible_architectures=[ARCHITECTURE],
            compatible_runtimes=[RUNTIME],
            description=description,
            removal_policy=removal_policy(self._config),
        )

    @property
    def all(self) -> list[lambda_.ILayerVersion]:
        """What every function needs: the domain and the third-party dependencies."""
        return [self.common, self.deps]

    @property
    def for_web(self) -> list[lambda_.ILayerVersion]:
        """What a function that renders pages needs: the above and the web package."""
        return [*self.all, self.web]
