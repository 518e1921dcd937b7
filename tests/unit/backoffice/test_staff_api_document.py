"""docs/staff-api-openapi.yaml describes exactly the routes the staff function answers, and the role
matrix it prints is the one the code enforces."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from frontdoor.backoffice.roles import ROLE_MATRIX, ROLES

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "staff-api-openapi.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}


def test_every_documented_route_is_answered_and_every_answered_route_documented() -> None:
    from functions.staff_api.handler import app

    spec = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    documented = {
        (method.upper(), re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/staff/v1")))
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }
    answered = {(route.method, route.path) for route in app._static_routes + app._dynamic_routes}
    assert documented == answered


def test_the_documented_role_matrix_is_the_enforced_one() -> None:
    text = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))["info"]["description"]
    rows = [line for line in text.splitlines() if re.match(r"\| [a-z_]+ \(", line)]
    assert len(rows) == len(ROLE_MATRIX)
    for row in rows:
        action, *marks = (cell.strip() for cell in row.strip("|").split("|"))
        allowed = {role for role, mark in zip(ROLES, marks, strict=True) if mark == "✓"}
        assert allowed == ROLE_MATRIX[action.split(" ")[0]], action  # type: ignore[index]
