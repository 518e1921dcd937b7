"""Condition operators of the flow language, as Compare, menus, Loop and metric checks use them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from local.flow_simulator.references import as_text


def _number(value: Any) -> float | None:
    try:
        return float(as_text(value).strip())
    except ValueError:
        return None


def _equals(value: Any, operand: Any) -> bool:
    left, right = as_text(value), as_text(operand)
    if left == right:
        return True
    # "5" and "5.0" are the same number (metrics are written either way), but "0123" is not "123".
    if "." not in left + right:
        return False
    left_number, right_number = _number(left), _number(right)
    return left_number is not None and left_number == right_number


def _numeric(test: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    def compare(value: Any, operand: Any) -> bool:
        left, right = _number(value), _number(operand)
        return left is not None and right is not None and test(left, right)

    return compare


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "Equals": _equals,
    "TextContains": lambda value, operand: as_text(operand) in as_text(value),
    "TextStartsWith": lambda value, operand: as_text(value).startswith(as_text(operand)),
    "TextEndsWith": lambda value, operand: as_text(value).endswith(as_text(operand)),
    "NumberGreaterThan": _numeric(lambda left, right: left > right),
    "NumberLessThan": _numeric(lambda left, right: left < right),
    "NumberGreaterOrEqualTo": _numeric(lambda left, right: left >= right),
    "NumberLessOrEqualTo": _numeric(lambda left, right: left <= right),
}
# Spellings found in documentation and older exports.
ALIASES = {
    "NumericLessThan": "NumberLessThan",
    "NumericGreaterThan": "NumberGreaterThan",
    "NumberGreaterThanOrEqualTo": "NumberGreaterOrEqualTo",
    "NumberLessThanOrEqualTo": "NumberLessOrEqualTo",
}


def known_operator(operator: str) -> str | None:
    name = ALIASES.get(operator, operator)
    return name if name in OPERATORS else None


def holds(operator: str, value: Any, operands: Sequence[Any]) -> bool:
    """True when the value passes the operator against any operand; an unset value never does."""
    name = known_operator(operator)
    if name is None:
        raise KeyError(operator)
    if value is None:
        return False
    return any(OPERATORS[name](value, operand) for operand in operands)
