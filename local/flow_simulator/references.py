"""JSONPath-like references (``$.Attributes.x``, ``$.External.a.b``, ``$.Lex.SessionAttributes['k']``).

Connect lets a parameter be static, a single reference, or text with references inside it (prompts).
A whole-value reference keeps the referenced value's type (a nested ``$.External`` object stays an
object); references inside text are replaced by their string form, and by nothing when unset.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from html import unescape
from typing import Any

_NAME = r"[A-Za-z_][\w-]*"
_BRACKET = r"\[\s*'[^']*'\s*\]|\[\s*\"[^\"]*\"\s*\]"
# A dot must be followed by a name or a bracket, so "Hello $.External.name." keeps its full stop.
REFERENCE = re.compile(rf"\$(?:\.(?:{_NAME}|{_BRACKET})|{_BRACKET})(?:\.(?:{_NAME}|{_BRACKET})|{_BRACKET})*")
_SEGMENT = re.compile(rf"({_NAME})|\[\s*['\"]([^'\"]*)['\"]\s*\]")

_MISSING = object()


def path_segments(reference: str) -> list[str]:
    """``$.Lex.SessionAttributes.['k']`` -> ``['Lex', 'SessionAttributes', 'k']``."""
    return [name or quoted for name, quoted in _SEGMENT.findall(reference[1:])]


def lookup(data: Mapping[str, Any], reference: str) -> Any:
    """The value a reference points at in the flow data, or None when any step is missing."""
    value: Any = data
    for segment in path_segments(reference):
        value = value.get(segment, _MISSING) if isinstance(value, Mapping) else _MISSING
        if value is _MISSING:
            return None
    return value


def is_reference(value: Any) -> bool:
    return isinstance(value, str) and REFERENCE.fullmatch(value.strip()) is not None


def as_text(value: Any) -> str:
    """How Connect renders a value into text or a contact attribute."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def interpolate(text: str, data: Mapping[str, Any]) -> str:
    return REFERENCE.sub(lambda match: as_text(lookup(data, match.group(0))), text)


def resolve(value: Any, data: Mapping[str, Any]) -> Any:
    """A parameter value with its references resolved: whole references keep their type."""
    if isinstance(value, str):
        if is_reference(value):
            return lookup(data, value.strip())
        return interpolate(value, data) if "$" in value else value
    if isinstance(value, Mapping):
        return {resolve(key, data): resolve(item, data) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, data) for item in value]
    return value


def roots(value: Any) -> set[str]:
    """The first segment of every reference in a value: for spotting references nothing defines."""
    found: set[str] = set()
    if isinstance(value, str):
        for match in REFERENCE.finditer(value):
            segments = path_segments(match.group(0))
            if segments:
                found.add(segments[0])
    elif isinstance(value, Mapping):
        for key, item in value.items():
            found |= roots(key) | roots(item)
    elif isinstance(value, list):
        for item in value:
            found |= roots(item)
    return found


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def spoken_text(ssml: str) -> str:
    """What a person hears from SSML, roughly: the text without its tags."""
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", ssml))).strip()
