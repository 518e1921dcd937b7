"""What happened on a simulated contact: events in order, and how the contact ended.

Event kinds: ``flow`` (a flow starts), ``prompt``, ``input``, ``attribute``, ``setting``,
``lambda``, ``hours``, ``metric``, ``lex``, ``branch``, ``transfer``, ``callback``, ``wait``,
``note`` and ``outcome``. Each carries the flow and action it came from and its own data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

# queue | transfer_to_number | transfer_to_flow | disconnect | end | agent_answered | hangup | error
OutcomeKind = str


@dataclass
class Outcome:
    kind: OutcomeKind
    detail: str = ""
    queue: str | None = None  # ARN (or id) of the queue
    queue_name: str | None = None
    number: str | None = None
    flow: str | None = None  # ARN, id or name of the flow transferred to
    flow_name: str | None = None
    queue_flow: Outcome | None = None  # how the customer queue flow ended, after a queue transfer
    callbacks: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = {key: value for key, value in asdict(self).items() if value not in (None, "", [])}
        if self.queue_flow is not None:
            data["queue_flow"] = self.queue_flow.to_dict()
        return data

    def describe(self) -> str:
        match self.kind:
            case "queue":
                text = f"queued for {self.queue_name or self.queue}"
            case "transfer_to_number":
                text = f"transferred to {self.number}"
            case "transfer_to_flow":
                text = f"transferred to flow {self.flow_name or self.flow}"
            case "disconnect":
                text = "disconnected"
            case "end":
                text = "flow ended"
            case "agent_answered":
                text = "an advisor answers"
            case "hangup":
                text = "the caller hung up"
            case _:
                text = self.kind
        if self.detail:
            text += f" ({self.detail})"
        if self.callbacks:
            text += f"; callback to {', '.join(str(c.get('number')) for c in self.callbacks)}"
        if self.queue_flow is not None:
            text += f"; then in the queue flow: {self.queue_flow.describe()}"
        return text


RESERVED_KEYS = frozenset({"step", "kind", "flow", "action", "type"})


@dataclass
class Event:
    step: int
    kind: str
    flow: str
    action: str
    action_type: str
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        clash = RESERVED_KEYS & self.data.keys()
        if clash:  # a programming error: data must not shadow the event's own fields in to_dict
            raise ValueError(f"event data may not use {sorted(clash)}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "kind": self.kind,
            "flow": self.flow,
            "action": self.action,
            "type": self.action_type,
            **self.data,
        }

    def render(self) -> str:
        """One readable line; the JSON form carries every detail."""
        return f"[{self.flow}] {_RENDER.get(self.kind, _render_other)(self.data)}"


def _quote(text: Any) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def _render_prompt(data: dict[str, Any]) -> str:
    verb = "says" if data.get("channel") != "CHAT" else "writes"
    return f"{verb}: {_quote(data.get('text', ''))}"


def _render_input(data: dict[str, Any]) -> str:
    if data.get("timeout"):
        return "caller: (silence: no input before the time limit)"
    what = "types" if data.get("channel") == "CHAT" else "keys"
    return f"caller {what}: {data.get('value')}"


def _render_lambda(data: dict[str, Any]) -> str:
    name = data.get("function_name") or data.get("function")
    parameters = _compact(data.get("parameters", {}))
    head = f"lambda {name}({parameters}) [{data.get('source')}, {data.get('duration_ms', 0):.0f} ms]"
    if data.get("error"):
        return f"{head} -> error: {data['error']}"
    return f"{head} -> {_compact(data.get('result'))}"


def _compact(value: Any, nested: bool = False) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{key}={_compact(item, True)}" for key, item in value.items())
        return f"{{{inner}}}" if nested else inner
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else _quote(value)


def _render_lex(data: dict[str, Any]) -> str:
    if data.get("outcome", "ok") != "ok":
        return f"lex bot -> {data['outcome']}"
    slots = f" with {_compact(data['slots'])}" if data.get("slots") else ""
    return f"lex bot -> intent {data.get('intent')!r}{slots}"


def _render_other(data: dict[str, Any]) -> str:
    return data.get("text") or _compact(data)


_RENDER: dict[str, Callable[[dict[str, Any]], str]] = {
    "flow": lambda d: f"flow {d['name']!r} starts" + (f" ({d['reason']})" if d.get("reason") else ""),
    "prompt": _render_prompt,
    "input": _render_input,
    "attribute": lambda d: f"set {d['scope']} {d['name']} = {_quote(d['value'])}",
    "setting": lambda d: f"{d['setting']}: {_compact(d['value'])}",
    "lambda": _render_lambda,
    "hours": lambda d: (
        f"hours {d['name']!r} at {d['at']}: {'open' if d['open'] else 'closed'}"
        + (" (script override)" if d.get("override") else "")
    ),
    "metric": lambda d: (
        f"metric {d['metric']} of {d.get('queue_name') or d.get('queue') or 'the queue'} = {d['value']}"
    ),
    "lex": _render_lex,
    "branch": lambda d: f"-> {d['why']} -> {d['to']}",
    "transfer": lambda d: d["text"],
    "callback": lambda d: (
        f"callback contact created for {d.get('number')} in {d.get('queue_name') or d.get('queue')}"
    ),
    "wait": lambda d: f"waits {d['seconds']} s -> {d['result']}",
    "note": lambda d: f"note: {d['text']}",
    "outcome": lambda d: f"OUTCOME: {d['text']}",
}


@dataclass
class SimulationResult:
    flow_name: str
    contact: dict[str, Any]
    events: list[Event]
    outcome: Outcome
    attributes: dict[str, str]
    steps: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "flow": self.flow_name,
            "contact": self.contact,
            "outcome": self.outcome.to_dict(),
            "attributes": self.attributes,
            "steps": self.steps,
            "events": [event.to_dict() for event in self.events],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)

    def to_text(self) -> str:
        return "\n".join(event.render() for event in self.events)

    def of_kind(self, kind: str) -> list[Event]:
        return [event for event in self.events if event.kind == kind]

    def prompts(self) -> list[str]:
        return [event.data["text"] for event in self.of_kind("prompt")]
