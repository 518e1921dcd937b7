"""Print the pinned requirements of the third-party Lambda layer (``make layer`` reads them).

The list is the runtime dependencies in pyproject's ``[project].dependencies`` plus their transitive
dependencies, pinned to the versions installed in this venv (so the layer runs what the tests ran),
minus what the Lambda Python runtime already ships (boto3 and its dependencies). ``pip install
--no-deps`` then installs exactly this list for arm64, so botocore is never dragged in.

Usage: ``python -m infra.layer_requirements > build/deps-layer/requirements.txt``
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

# Shipped by the AWS Lambda Python runtime: never packaged into the layer.
RUNTIME_PROVIDED = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six"}
)

# Markers are evaluated for the Lambda runtime, not for the venv that runs this script.
LAMBDA_ENVIRONMENT = {
    **default_environment(),
    "python_version": "3.14",
    "python_full_version": "3.14.0",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "aarch64",
    "os_name": "posix",
}


def canonical(name: str) -> str:
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _applies(req: Requirement, extras: frozenset[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**LAMBDA_ENVIRONMENT, "extra": e}) for e in (extras or {""}))


def direct_requirements(pyproject: Path = PYPROJECT) -> list[Requirement]:
    """The runtime dependencies declared in pyproject.toml."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return [Requirement(spec) for spec in data["project"]["dependencies"]]


def resolve(roots: list[Requirement]) -> dict[str, str]:
    """Walk the installed distributions from ``roots``: canonical name -> installed version."""
    pinned: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    queue = [(r, frozenset(r.extras)) for r in roots if _applies(r, frozenset())]
    while queue:
        req, extras = queue.pop()
        name = canonical(req.name)
        if name in RUNTIME_PROVIDED or (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            dist = distribution(req.name)
        except PackageNotFoundError as exc:
            raise SystemExit(f"{req.name} is not installed in this venv: run `make setup`") from exc
        pinned[name] = dist.version
        for spec in dist.requires or ():
            child = Requirement(spec)
            if _applies(child, extras):
                queue.append((child, frozenset(child.extras)))
    return pinned


def main() -> None:
    for name, version in sorted(resolve(direct_requirements()).items()):
        sys.stdout.write(f"{name}=={version}\n")


if __name__ == "__main__":
    main()
