"""Small hand-written flows for tests: ``flow(act(...), act(...))`` with the first action as start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from local.flow_simulator import Flow, parse_flow

REPO = Path(__file__).resolve().parents[2]
SHARED_FLOWS = Path(__file__).with_name("exported")  # flows from other Connect projects (see README)


def act(
    identifier: str,
    action_type: str,
    parameters: dict[str, Any] | None = None,
    *,
    next: str | None = None,
    errors: dict[str, str] | None = None,
    conditions: list[tuple[str, str, list[str]]] | None = None,
) -> dict[str, Any]:
    """One action; conditions are (operator, next action, operands)."""
    transitions: dict[str, Any] = {}
    if next:
        transitions["NextAction"] = next
    if errors:
        transitions["Errors"] = [{"ErrorType": kind, "NextAction": target} for kind, target in errors.items()]
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": target, "Condition": {"Operator": operator, "Operands": operands}}
            for operator, target, operands in conditions
        ]
    return {
        "Identifier": identifier,
        "Type": action_type,
        "Parameters": parameters or {},
        "Transitions": transitions,
    }


def flow(*actions: dict[str, Any], name: str = "test flow", start: str | None = None) -> Flow:
    document = {
        "Version": "2019-10-30",
        "StartAction": start or actions[0]["Identifier"],
        "Actions": list(actions),
    }
    return parse_flow(document, name=name)


def say(identifier: str, text: str, next: str) -> dict[str, Any]:
    return act(identifier, "MessageParticipant", {"Text": text}, next=next, errors={"NoMatchingError": next})


def hang_up(identifier: str = "bye") -> dict[str, Any]:
    return act(identifier, "DisconnectParticipant")
