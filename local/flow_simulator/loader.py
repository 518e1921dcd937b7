"""Reading Amazon Connect flow language (Version 2019-10-30) into typed, checked objects.

Three shapes are accepted, from a file path, a JSON string or an already-parsed mapping:

- a plain flow ``{Version, StartAction, Metadata?, Actions: [...]}``;
- the wrapped export ``{Name, Type, Content}`` where Content is the flow as a JSON string;
- DescribeContactFlow (or DescribeContactFlowModule) output ``{ContactFlow: {Arn, Id, Name, Type, Content}}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local.flow_simulator.errors import FlowLoadError


@dataclass(frozen=True)
class Condition:
    operator: str
    operands: tuple[Any, ...]
    next_action: str


@dataclass(frozen=True)
class Transitions:
    next_action: str | None = None
    conditions: tuple[Condition, ...] = ()
    errors: tuple[tuple[str, str], ...] = ()  # (ErrorType, NextAction), in the flow's order

    def error_target(self, error_type: str) -> str | None:
        return next((target for kind, target in self.errors if kind == error_type), None)


@dataclass(frozen=True)
class Action:
    identifier: str
    type: str
    parameters: Mapping[str, Any]
    transitions: Transitions


@dataclass(frozen=True)
class Flow:
    name: str
    type: str | None
    start_action: str
    actions: Mapping[str, Action]
    arn: str | None = None
    id: str | None = None
    source: str = "<flow>"
    prompt_names: Mapping[str, str] = field(default_factory=dict)

    def action(self, identifier: str) -> Action | None:
        return self.actions.get(identifier)

    def keys(self) -> Iterator[str]:
        """Every name this flow answers to in a library: its name, ARN, id and file stem."""
        for key in (self.name, self.arn, self.id):
            if key:
                yield key
        if self.source.endswith(".json"):
            yield Path(self.source).stem


def load_flow(source: str | Path | Mapping[str, Any], *, name: str | None = None) -> Flow:
    """A flow from a file path, a JSON string or a mapping, in any of the three shapes."""
    if isinstance(source, Mapping):
        return parse_flow(source, source_name=name or "<flow>", name=name)
    text = str(source)
    if isinstance(source, str) and text.lstrip().startswith("{"):
        return parse_flow(_parse_json(text, "<flow text>"), source_name="<flow text>", name=name)
    path = Path(text)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FlowLoadError(f"cannot read flow {text}: {error.strerror or error}") from None
    return parse_flow(_parse_json(raw, text), source_name=text, name=name, default_name=path.stem)


def parse_flow(
    document: Mapping[str, Any],
    *,
    source_name: str = "<flow>",
    name: str | None = None,
    default_name: str | None = None,
) -> Flow:
    """Unwrap an exported or described flow, then check and index its actions.

    Its name is ``name`` if given, else the export's Name, else Metadata.name, else ``default_name``.
    """
    if not isinstance(document, Mapping):
        raise FlowLoadError(f"{source_name}: a flow is a JSON object, not {type(document).__name__}")
    arn = flow_id = flow_type = None
    for envelope in ("ContactFlow", "ContactFlowModule"):
        if envelope in document:
            document = document[envelope]
            if not isinstance(document, Mapping):
                raise FlowLoadError(f"{source_name}: {envelope} must be an object")
            arn, flow_id = _optional_str(document, "Arn"), _optional_str(document, "Id")
            break
    if "Content" in document:
        flow_type = _optional_str(document, "Type")
        name = name or _optional_str(document, "Name")
        content = document["Content"]
        if isinstance(content, str):
            content = _parse_json(content, f"{source_name} (Content)")
        if not isinstance(content, Mapping):
            raise FlowLoadError(f"{source_name}: Content must be the flow as a JSON string or object")
        document = content
    metadata = document.get("Metadata")
    if not isinstance(metadata, Mapping):
        metadata = {}
    name = name or _optional_str(metadata, "name") or default_name or source_name
    flow_type = flow_type or _optional_str(metadata, "type")
    return _checked_flow(
        document, name=name, flow_type=flow_type, arn=arn, flow_id=flow_id, source=source_name
    )


def _checked_flow(
    document: Mapping[str, Any],
    *,
    name: str,
    flow_type: str | None,
    arn: str | None,
    flow_id: str | None,
    source: str,
) -> Flow:
    actions_raw = document.get("Actions")
    if not isinstance(actions_raw, list) or not actions_raw:
        raise FlowLoadError(f"{source}: a flow needs a non-empty Actions list (is this flow language?)")
    start = document.get("StartAction")
    if not isinstance(start, str) or not start:
        raise FlowLoadError(f"{source}: StartAction is missing")
    actions: dict[str, Action] = {}
    for index, raw in enumerate(actions_raw):
        action = _parse_action(raw, f"{source}: action #{index + 1}")
        if action.identifier in actions:
            raise FlowLoadError(f"{source}: two actions share the Identifier {action.identifier!r}")
        actions[action.identifier] = action
    if start not in actions:
        raise FlowLoadError(f"{source}: StartAction {start!r} is not one of the flow's actions")
    return Flow(
        name=name,
        type=flow_type,
        start_action=start,
        actions=actions,
        arn=arn,
        id=flow_id,
        source=source,
        prompt_names=_prompt_names(document.get("Metadata")),
    )


def _parse_action(raw: Any, where: str) -> Action:
    if not isinstance(raw, Mapping):
        raise FlowLoadError(f"{where} is not an object")
    identifier, action_type = raw.get("Identifier"), raw.get("Type")
    if not isinstance(identifier, str) or not identifier:
        raise FlowLoadError(f"{where} has no Identifier")
    if not isinstance(action_type, str) or not action_type:
        raise FlowLoadError(f"{where} ({identifier!r}) has no Type")
    parameters = raw.get("Parameters") or {}
    if not isinstance(parameters, Mapping):
        raise FlowLoadError(f"{action_type} action {identifier!r}: Parameters must be an object")
    return Action(identifier, action_type, parameters, _parse_transitions(raw.get("Transitions"), identifier))


def _parse_transitions(raw: Any, identifier: str) -> Transitions:
    if raw is None:
        return Transitions()
    if not isinstance(raw, Mapping):
        raise FlowLoadError(f"action {identifier!r}: Transitions must be an object")
    next_action = raw.get("NextAction")
    if next_action is not None and not isinstance(next_action, str):
        raise FlowLoadError(f"action {identifier!r}: NextAction must be a string")
    conditions = []
    for item in raw.get("Conditions") or []:
        condition = item.get("Condition") if isinstance(item, Mapping) else None
        target = item.get("NextAction") if isinstance(item, Mapping) else None
        if not isinstance(condition, Mapping) or not isinstance(target, str):
            raise FlowLoadError(f"action {identifier!r}: each Condition needs NextAction and Condition")
        operands = condition.get("Operands") or []
        if not isinstance(operands, list):
            raise FlowLoadError(f"action {identifier!r}: Condition Operands must be a list")
        # Some exports leave Operator out of Loop conditions; Equals is what they mean.
        operator = condition.get("Operator") or "Equals"
        conditions.append(Condition(str(operator), tuple(operands), target))
    errors = []
    for item in raw.get("Errors") or []:
        if not isinstance(item, Mapping) or not isinstance(item.get("ErrorType"), str):
            raise FlowLoadError(f"action {identifier!r}: each Error needs an ErrorType")
        if not isinstance(item.get("NextAction"), str):
            raise FlowLoadError(f"action {identifier!r}: error {item['ErrorType']} has no NextAction")
        errors.append((item["ErrorType"], item["NextAction"]))
    return Transitions(next_action or None, tuple(conditions), tuple(errors))


def _prompt_names(metadata: Any) -> dict[str, str]:
    """Prompt ids to the file names the flow designer shows (Metadata.ActionMetadata.*.audio)."""
    names: dict[str, str] = {}
    action_metadata = metadata.get("ActionMetadata") if isinstance(metadata, Mapping) else None
    if not isinstance(action_metadata, Mapping):
        return names
    for entry in action_metadata.values():
        audio = entry.get("audio") if isinstance(entry, Mapping) else None
        for item in audio if isinstance(audio, list) else []:
            if (
                isinstance(item, Mapping)
                and isinstance(item.get("id"), str)
                and isinstance(item.get("text"), str)
            ):
                names[item["id"]] = item["text"]
    return names


def _parse_json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FlowLoadError(
            f"{where} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None


def _optional_str(mapping: Mapping[str, Any], key: str) -> str | None:
    value = mapping.get(key)
    return value if isinstance(value, str) and value else None


class FlowLibrary:
    """Flows other flows can reach (TransferToFlow, InvokeFlowModule, customer queue hooks).

    Looked up by ARN, id, name or file stem; an ARN also matches its last segment, so a flow
    registered under its id is found from the full ARN.
    """

    def __init__(self, flows: Iterable[Flow] = ()) -> None:
        self._by_key: dict[str, Flow] = {}
        for flow in flows:
            self.add(flow)

    def add(self, flow: Flow, *keys: str) -> None:
        for key in (*keys, *flow.keys()):
            self._by_key.setdefault(key, flow)

    def get(self, reference: str | None) -> Flow | None:
        if not reference:
            return None
        found = self._by_key.get(reference)
        if found is None and "/" in reference:
            found = self._by_key.get(reference.rstrip("/").rsplit("/", 1)[-1])
        return found

    def __len__(self) -> int:
        return len({id(flow) for flow in self._by_key.values()})

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> FlowLibrary:
        """Every ``*.json`` flow in the given files and directories."""
        library = cls()
        for path in map(Path, paths):
            if path.is_dir():
                files = sorted(path.glob("*.json"))
            elif path.exists():
                files = [path]
            else:
                raise FlowLoadError(f"library: {path} does not exist")
            for file in files:
                library.add(load_flow(file))
        return library

    @classmethod
    def from_documents(cls, documents: Mapping[str, Mapping[str, Any] | Flow]) -> FlowLibrary:
        """Flows keyed by ARN or name, e.g. what a flow builder returns."""
        library = cls()
        for key, document in documents.items():
            flow = document if isinstance(document, Flow) else parse_flow(document, source_name=key, name=key)
            library.add(flow, key)
        return library
