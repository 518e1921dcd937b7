"""The deps layer's requirements: pyproject's runtime deps and theirs, pinned, minus the runtime's own."""

from __future__ import annotations

from importlib.metadata import version

from infra.layer_requirements import RUNTIME_PROVIDED, canonical, direct_requirements, resolve


def test_layer_pins_runtime_deps_and_their_dependencies_to_installed_versions():
    pinned = resolve(direct_requirements())
    for requirement in direct_requirements():
        assert pinned[canonical(requirement.name)] == version(requirement.name)
    assert "typing-extensions" in pinned  # transitive (of powertools)


def test_layer_leaves_out_what_the_lambda_runtime_ships():
    assert not RUNTIME_PROVIDED & resolve(direct_requirements()).keys()
