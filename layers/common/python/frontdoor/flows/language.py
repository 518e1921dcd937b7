"""The Amazon Connect flow language (Version 2019-10-30) as a small typed builder.

A ``Flow`` is a graph of ``Action``s, each naming the actions that follow it: ``next`` on success,
``conditions`` (operator, operands -> action) and ``errors`` (error type -> action). ``to_json()``
emits exactly what Connect's CreateContactFlow (and CloudFormation's AWS::Connect::ContactFlow
Content) takes, and what the offline simulator runs. Identifiers are readable names, so a
validation error or a simulator transcript says "menu" rather than a UUID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

VERSION = "2019-10-30"
FlowType = Literal["CONTACT_FLOW", "CUSTOMER_QUEUE", "CUSTOMER_HOLD", "CUSTOMER_WHISPER", "AGENT_WHISPER"]


@dataclass(frozen=True)
class Condition:
    operator: str
    operands: tuple[str, ...]
    next: str


@dataclass(frozen=True)
class Action:
    id: str
    type: str
    parameters: dict[str, Any] = field(default_factory=dict)
    next: str | None = None
    conditions: tuple[Condition, ...] = ()
    errors: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        transitions: dict[str, Any] = {}
        if self.next is not None:
            transitions["NextAction"] = self.next
        if self.conditions:
            transitions["Conditions"] = [
                {"NextAction": c.next, "Condition": {"Operator": c.operator, "Operands": list(c.operands)}}
                for c in self.conditions
            ]
        if self.errors:
            transitions["Errors"] = [
                {"NextAction": target, "ErrorType": kind} for kind, target in self.errors
            ]
        return {
            "Identifier": self.id,
            "Type": self.type,
            "Parameters": self.parameters,
            "Transitions": transitions,
        }


class FlowBuildError(ValueError):
    """A flow was put together wrongly (two actions with one identifier, no actions)."""


@dataclass
class Flow:
    """One contact flow: its name and type, and its actions; the first action added starts it."""

    name: str
    type: FlowType
    description: str = ""
    actions: dict[str, Action] = field(default_factory=dict)

    def add(self, *actions: Action) -> Flow:
        for action in actions:
            if action.id in self.actions:
                raise FlowBuildError(f"flow {self.name!r}: two actions are called {action.id!r}")
            self.actions[action.id] = action
        return self

    def to_json(self) -> dict[str, Any]:
        if not self.actions:
            raise FlowBuildError(f"flow {self.name!r} has no actions")
        return {
            "Version": VERSION,
            "StartAction": next(iter(self.actions)),
            "Actions": [action.to_json() for action in self.actions.values()],
        }
