"""A scripted caller: who rings, when, what they key or type, and what the world around answers.

A script is a JSON or YAML file or a mapping; every key is optional::

    channel: VOICE                     # or CHAT
    caller: "+447700900123"            # the customer's number (voice)
    dialled: "+441632960000"           # the number they rang
    at: "2025-03-03T10:15:00+00:00"    # time of the call; naive times are in `timezone`; default now
    timezone: Europe/London
    attributes: {language: en}         # contact attributes before the flow starts
    inputs: ["2", "1234#"]             # keys (or chat text) for each input, in order; then silence
    lex: [{intent: CheckCase, slots: {reference: "1234"}, session_attributes: {}}]
    metrics: {contacts_in_queue: 4, oldest_contact_age: 420}      # for every queue
    queue_metrics: {Waste: {agents_available: 0}}                 # per queue (name or ARN)
    hours: {Advisors: false}           # hours (name or ARN) forced open or closed
    rolls: [42]                        # DistributeByPercentage draws (1..100); then seeded random
    seed: 7
    lambdas: {identify-caller: {outcome: ok}}   # stubs, see invoker.StubbedLambdas
    full_queues: [Waste]               # TransferContactToQueue takes QueueAtCapacity
    third_party: connected             # connected | returned | failed | timeout
    agent_answers_after_seconds: 0     # how long an advisor takes, in the customer queue flow
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
import yaml

from local.flow_simulator.errors import ScriptError
from local.flow_simulator.metrics import METRICS, metric_for

Channel = Literal["VOICE", "CHAT"]
ThirdParty = Literal["connected", "returned", "failed", "timeout"]


class LexTurn(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """What a Lex bot concluded, or how it failed (``outcome``: ok, timeout or error)."""

    intent: str = ""
    slots: dict[str, str] = {}
    session_attributes: dict[str, str] = {}
    outcome: Literal["ok", "timeout", "error"] = "ok"


class CallerScript(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    channel: Channel = "VOICE"
    caller: str = "+447700900123"
    dialled: str = "+441632960000"
    at: datetime | None = None
    timezone: str = "Europe/London"
    attributes: dict[str, str] = {}
    inputs: list[str] = []
    lex: list[LexTurn] = []
    metrics: dict[str, float] = {}
    queue_metrics: dict[str, dict[str, float]] = {}
    hours: dict[str, bool] = {}
    rolls: list[int] = []
    seed: int = 0
    lambdas: dict[str, Any] = {}
    full_queues: list[str] = []
    third_party: ThirdParty = "connected"
    agent_answers_after_seconds: float = 0
    contact_id: str | None = None
    instance_arn: str = "arn:aws:connect:eu-west-2:000000000000:instance/00000000-0000-4000-8000-000000000000"

    def start_time(self) -> datetime:
        zone = ZoneInfo(self.timezone)
        if self.at is None:
            return datetime.now(zone)
        return self.at if self.at.tzinfo else self.at.replace(tzinfo=zone)


_TEXT_LISTS = ("inputs",)
_TEXT_MAPS = ("attributes",)


def _normalise(document: Mapping[str, Any]) -> dict[str, Any]:
    """YAML reads ``inputs: [2, 1234]`` as numbers; a caller keys text, so numbers become text."""
    values = dict(document)
    for key in _TEXT_LISTS:
        if isinstance(values.get(key), list):
            values[key] = [_text(item) for item in values[key]]
    for key in _TEXT_MAPS:
        if isinstance(values.get(key), Mapping):
            values[key] = {str(name): _text(item) for name, item in values[key].items()}
    if isinstance(values.get("caller"), int):
        values["caller"] = f"+{values['caller']}"
    if isinstance(values.get("channel"), str):
        values["channel"] = values["channel"].upper()
    if isinstance(values.get("at"), str):
        # ISO 8601 as people write it ("2025-03-03T10:15"), not only RFC 3339 with seconds.
        try:
            values["at"] = datetime.fromisoformat(values["at"])
        except ValueError:
            pass  # msgspec reports it, naming the field
    return values


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (int, float)) else value


def parse_script(document: Any, *, source: str = "<script>") -> CallerScript:
    if document is None:
        return CallerScript()
    if isinstance(document, CallerScript):
        return document
    if not isinstance(document, Mapping):
        raise ScriptError(f"{source}: a caller script is an object (mapping), not {type(document).__name__}")
    try:
        script = msgspec.convert(_normalise(document), CallerScript, strict=False)
    except msgspec.ValidationError as error:
        raise ScriptError(f"{source}: {error}") from None
    try:
        ZoneInfo(script.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScriptError(f"{source}: unknown time zone {script.timezone!r}") from None
    for name in [*script.metrics, *(key for values in script.queue_metrics.values() for key in values)]:
        if metric_for(name) is None:
            raise ScriptError(
                f"{source}: unknown metric {name!r} (known: {', '.join(m.key for m in METRICS)})"
            )
    bad_rolls = [roll for roll in script.rolls if not 1 <= roll <= 100]
    if bad_rolls:
        raise ScriptError(f"{source}: rolls are 1..100, not {bad_rolls}")
    return script


def load_script(source: str | Path | Mapping[str, Any] | CallerScript | None) -> CallerScript:
    if source is None or isinstance(source, (Mapping, CallerScript)):
        return parse_script(source)
    return parse_script(read_document(source, ScriptError), source=str(source))


def read_document(path: str | Path, error_type: type[Exception]) -> Any:
    """A JSON or YAML file's content (JSON is YAML), or ``error_type`` with a one-line reason."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise error_type(f"cannot read {path}: {error.strerror or error}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise error_type(f"{path} is not valid JSON or YAML{at}") from None
