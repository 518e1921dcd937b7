"""What the simulator knows of the instance around a flow: queues, hours of operation, flow names.

Flows refer to queues, hours and other flows by ARN; the directory turns those into readable names
for transcripts, knows each queue's hours (for CheckHoursOfOperation without an explicit hours id)
and holds the weekly hours themselves. Every entry is found by its key, its ARN's last segment or
its name. A file (JSON or YAML) looks like::

    timezone: Europe/London          # for hours that do not name one
    queues:
      arn:aws:connect:...:queue/q-1: {name: Waste, hours: advisors}
      arn:aws:connect:...:queue/q-2: Priority          # a name alone
    hours:
      advisors: {name: Advisors, slots: [{days: [MONDAY, FRIDAY], open: "09:00", close: "17:00"}]}
    flows:
      arn:aws:connect:...:contact-flow/f-1: Customer queue
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from local.flow_simulator.errors import DirectoryError
from local.flow_simulator.hours import HoursOfOperation, parse_hours


@dataclass(frozen=True)
class QueueInfo:
    name: str
    hours: str | None = None  # a key, ARN or name of hours in the directory


def _aliases(key: str, name: str | None) -> Iterable[str]:
    yield key
    if "/" in key:
        yield key.rstrip("/").rsplit("/", 1)[-1]
    if name:
        yield name


@dataclass
class Directory:
    queues: dict[str, QueueInfo] = field(default_factory=dict)
    hours: dict[str, HoursOfOperation] = field(default_factory=dict)
    flows: dict[str, str] = field(default_factory=dict)  # ARN or id -> name

    def __post_init__(self) -> None:
        self._queue_index = {
            alias: info for key, info in self.queues.items() for alias in _aliases(key, info.name)
        }
        self._queue_keys = {
            alias: key for key, info in self.queues.items() for alias in _aliases(key, info.name)
        }
        self._hours_index = {
            alias: hours for key, hours in self.hours.items() for alias in _aliases(key, hours.name)
        }
        self._flow_index = {alias: name for key, name in self.flows.items() for alias in _aliases(key, None)}

    def queue(self, reference: str | None) -> QueueInfo | None:
        return self._find(self._queue_index, reference)

    def queue_arn(self, reference: str | None) -> str | None:
        """The key a queue was registered under (its ARN, where the directory was given ARNs)."""
        return self._find(self._queue_keys, reference)

    def queue_name(self, reference: str | None) -> str | None:
        info = self.queue(reference)
        return info.name if info else None

    def find_hours(self, reference: str | None) -> HoursOfOperation | None:
        return self._find(self._hours_index, reference)

    def hours_of_queue(self, reference: str | None) -> HoursOfOperation | None:
        info = self.queue(reference)
        return self.find_hours(info.hours) if info and info.hours else None

    def flow_name(self, reference: str | None) -> str | None:
        return self._find(self._flow_index, reference)

    @staticmethod
    def _find(index: Mapping[str, Any], reference: str | None) -> Any:
        if not reference:
            return None
        found = index.get(reference)
        if found is None and "/" in reference:
            found = index.get(reference.rstrip("/").rsplit("/", 1)[-1])
        return found


def parse_directory(document: Any, *, source: str = "<directory>") -> Directory:
    if document is None:
        return Directory()
    if not isinstance(document, Mapping):
        raise DirectoryError(f"{source}: a directory is an object with queues, hours and flows")
    unknown = set(document) - {"timezone", "queues", "hours", "flows"}
    if unknown:
        raise DirectoryError(
            f"{source}: unknown keys {sorted(unknown)} (expected timezone, queues, hours, flows)"
        )
    timezone = str(document.get("timezone") or "UTC")
    queues = {
        str(key): _queue(str(key), value) for key, value in _mapping(source, document, "queues").items()
    }
    hours = {
        str(key): parse_hours(str(key), value, timezone)
        for key, value in _mapping(source, document, "hours").items()
    }
    flows = {str(key): str(value) for key, value in _mapping(source, document, "flows").items()}
    return Directory(queues=queues, hours=hours, flows=flows)


def load_directory(path: str | Path) -> Directory:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise DirectoryError(f"cannot read directory {path}: {error.strerror or error}") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DirectoryError(f"{path} is not valid YAML or JSON: {error}") from None
    return parse_directory(document, source=str(path))


def _mapping(source: str, document: Mapping[str, Any], key: str) -> Mapping[Any, Any]:
    value = document.get(key) or {}
    if not isinstance(value, Mapping):
        raise DirectoryError(f"{source}: {key} must be a mapping")
    return value


def _queue(key: str, value: Any) -> QueueInfo:
    if isinstance(value, str):
        return QueueInfo(value)
    if isinstance(value, Mapping) and isinstance(value.get("name"), str):
        hours = value.get("hours")
        return QueueInfo(value["name"], str(hours) if hours else None)
    raise DirectoryError(f"queue {key!r}: give a name, or {{name, hours}}")
