"""Render Open311 payloads as JSON or XML, the two formats every endpoint speaks.

A payload is a list (JSON array; XML root element with one child per item) or a dict (JSON
object; XML root element with one child per field). Nested lists take their singular as the
child element name, as the spec's examples do (attributes/attribute, values/value...).
"""

from __future__ import annotations

import json
from typing import Any, Literal
from xml.etree.ElementTree import Element, SubElement, tostring

from ..plain_text import NOT_PLAIN_TEXT

Format = Literal["json", "xml"]
CONTENT_TYPES: dict[Format, str] = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}

_SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def render(fmt: Format, root: str, payload: list[dict[str, Any]] | dict[str, Any]) -> str:
    if fmt == "json":
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    element = Element(root)
    if isinstance(payload, list):
        for item in payload:
            _fill(SubElement(element, _SINGULAR[root]), item)
    else:
        _fill(element, payload)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(element, encoding="unicode")


def _fill(element: Element, value: Any) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(SubElement(element, name), child)
    elif isinstance(value, list):
        for child in value:
            _fill(SubElement(element, _SINGULAR.get(element.tag, "item")), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = NOT_PLAIN_TEXT.sub("", str(value))  # stored text never breaks XML
