"""Cleaning a resident's answers to a service's Open311 attributes.

Answers arrive as a form would send them: each attribute code maps to a list of strings
(``attribute[code]=v``, or ``attribute[code][]=v`` repeated for a multivaluelist). Error
messages name the attribute code but never the value, which may be personal data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from frontdoor.catalogue.errors import InvalidAnswer

if TYPE_CHECKING:  # model imports this module, so only import it for type checking
    from frontdoor.catalogue.model import Attribute

MAX_LENGTH = {"string": 255, "text": 4000}
# Plain decimal notation only: no exponents, NaN, infinities, underscores or non-ASCII digits.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_MAX_NUMBER_LENGTH = 40
_MAX_CODE_SHOWN = 64


def clean_answers(
    attributes: Sequence[Attribute], raw: Mapping[str, Sequence[str]]
) -> dict[str, str | list[str]]:
    """Return the answers in attribute order: singles as ``str``, multivaluelists as ``list[str]``.

    Blank answers count as missing; unanswered optional attributes are left out. Raises
    ``InvalidAnswer`` for the first problem found.
    """
    by_code = {attribute.code: attribute for attribute in attributes}
    for code in raw:
        attribute = by_code.get(code)
        if attribute is None:
            raise InvalidAnswer(code, f"{_shown(code)!r} is not a question for this service.")
        if not attribute.variable:
            raise InvalidAnswer(code, f"{code!r} is information only and does not take an answer.")

    cleaned: dict[str, str | list[str]] = {}
    for attribute in sorted(attributes, key=lambda a: a.order):
        if not attribute.variable:
            continue
        given = _non_blank(raw.get(attribute.code, ()))
        if not given:
            if attribute.required:
                raise InvalidAnswer(attribute.code, f"{attribute.code!r} is required.")
            continue
        cleaned[attribute.code] = _clean(attribute, given)
    return cleaned


def _shown(code: str) -> str:
    # The unknown code came from the client: name it, but not at any length.
    return code if len(code) <= _MAX_CODE_SHOWN else code[:_MAX_CODE_SHOWN] + "..."


def _non_blank(values: Sequence[str] | str) -> list[str]:
    if isinstance(values, str):  # tolerate a bare string where a one-item list was meant
        values = [values]
    return [value.strip() for value in values if isinstance(value, str) and value.strip()]


def _clean(attribute: Attribute, given: list[str]) -> str | list[str]:
    code = attribute.code
    if attribute.datatype == "multivaluelist":
        return [_checked_key(attribute, value) for value in dict.fromkeys(given)]
    if len(given) > 1:
        raise InvalidAnswer(code, f"{code!r} takes a single answer.")
    value = given[0]
    if attribute.datatype == "singlevaluelist":
        return _checked_key(attribute, value)
    if attribute.datatype == "number":
        if len(value) > _MAX_NUMBER_LENGTH or not _DECIMAL.fullmatch(value):
            raise InvalidAnswer(code, f"{code!r} must be a number, such as 2 or 1.5.")
        return value
    if attribute.datatype == "datetime":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise InvalidAnswer(
                code, f"{code!r} must be a date and time in ISO 8601 form, such as 2025-01-31T14:30:00Z."
            ) from None
        return value
    limit = MAX_LENGTH[attribute.datatype]
    if len(value) > limit:
        raise InvalidAnswer(code, f"{code!r} must be {limit} characters or fewer.")
    return value


def _checked_key(attribute: Attribute, value: str) -> str:
    if value not in {v.key for v in attribute.values}:
        raise InvalidAnswer(attribute.code, f"{attribute.code!r} must be one of the listed options.")
    return value
