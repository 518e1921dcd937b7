"""Loading the service catalogue from YAML.

This runs at Lambda cold start (a phone call waits on it), so it reads a JSON snapshot of the
validated catalogue when there is one made from this very YAML (its SHA-256 says so): msgspec
decodes and validates that in well under a millisecond, where importing PyYAML and parsing take
tens. A missing, stale or broken snapshot is ignored and the YAML is read; ``python -m
frontdoor.catalogue`` writes the snapshot again, and a test fails while it is stale.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any

import msgspec

from frontdoor.catalogue.errors import CatalogueError
from frontdoor.catalogue.model import Catalogue

DEFAULT_PATH = Path(__file__).with_name("services.yaml")


class Snapshot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The catalogue as validated, with the SHA-256 of the YAML text it was read from."""

    source_sha256: str
    catalogue: Catalogue


def snapshot_path(path: Path) -> Path:
    return path.with_suffix(".snapshot.json")


def source_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_snapshot(path: Path | None = None) -> Path:
    """Validate the YAML and write its snapshot beside it; returns the snapshot's path."""
    path = path or DEFAULT_PATH
    text = _read(path)
    snapshot = Snapshot(source_sha256=source_sha256(text), catalogue=_from_yaml(path, text))
    target = snapshot_path(path)
    target.write_bytes(msgspec.json.format(msgspec.json.encode(snapshot), indent=1) + b"\n")
    return target


# How to name an entry of each list in an error message, by the key that identifies it.
_ENTRY_NAMES = {"services": ("service", "service_code"), "teams": ("team", "id")}
_NESTED_ENTRY_NAMES = {"attributes": ("attribute", "code"), "values": ("value", "key")}


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate a catalogue; by default the one packaged next to this module.

    Raises ``CatalogueError`` with one readable message naming the broken entries.
    """
    path = path or DEFAULT_PATH
    text = _read(path)
    return _from_snapshot(path, text) or _from_yaml(path, text)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(f"cannot read the service catalogue {path}: {exc.strerror}") from exc


def _from_snapshot(path: Path, text: str) -> Catalogue | None:
    """The snapshot's catalogue if it was made from exactly this text (and still validates)."""
    try:
        snapshot = msgspec.json.decode(snapshot_path(path).read_bytes(), type=Snapshot)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return snapshot.catalogue if snapshot.source_sha256 == source_sha256(text) else None


def _from_yaml(path: Path, text: str) -> Catalogue:
    import yaml  # deferred: only needed when there is no current snapshot

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is much faster when present
    try:
        raw = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path.name} must be a mapping with version, teams and services")

    try:
        return msgspec.convert(raw, Catalogue)
    except msgspec.ValidationError as exc:
        raise CatalogueError(
            f"{path.name} is not a valid service catalogue: {describe_errors(exc, raw)}"
        ) from exc


@functools.lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The packaged catalogue, loaded once per process."""
    return load_catalogue()


_AT = re.compile(r"^(?P<msg>.*) - at `\$(?P<path>[^`]*)`$", re.DOTALL)
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")


def describe_errors(error: msgspec.ValidationError, raw: Any) -> str:
    """msgspec's error as one message, naming the entry by its code instead of by its index."""
    found = _AT.match(str(error))
    if not found:
        return str(error)
    loc = tuple(name or int(index) for name, index in _STEP.findall(found["path"]))
    return _describe(loc, found["msg"], raw)


def _describe(loc: tuple[int | str, ...], msg: str, raw: Any) -> str:
    where = _where(loc, raw)
    # Our own validators already name their entry ("service 'pothole': ..."); avoid saying it twice.
    if not where or msg.startswith(where):
        return msg
    return f"{where}: {msg}"


def _where(loc: tuple[int | str, ...], raw: Any) -> str:
    parts: list[str] = []
    node = raw
    names = _ENTRY_NAMES
    for index, step in enumerate(loc):
        list_key = loc[index - 1] if index else None
        if isinstance(step, int) and isinstance(list_key, str) and list_key in names:
            label, id_key = names[list_key]
            parts[-1:] = [_entry_label(label, id_key, node, step)]
            names = _NESTED_ENTRY_NAMES
        else:
            parts.append(str(step))
        node = _child(node, step)
    return ": ".join(parts)


def _entry_label(label: str, id_key: str, node: Any, index: int) -> str:
    entry = _child(node, index)
    identifier = entry.get(id_key) if isinstance(entry, dict) else None
    if isinstance(identifier, str) and identifier:
        return f"{label} {identifier!r}"
    return f"{label} #{index + 1}"


def _child(node: Any, step: int | str) -> Any:
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None
