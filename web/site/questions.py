"""A service's questions (its Open311 attributes) as web form fields: read what a resident sent, say
in GOV.UK's words what is wrong with it, and show an answer back on "check your answers".

Each datatype has one field: ``string`` a text input, ``text`` a textarea with a character count,
``number`` a numeric input, ``datetime`` a GOV.UK date input (day, month, year), ``singlevaluelist``
radios and ``multivaluelist`` checkboxes. Answers are kept as Open311 sends them (code -> list of
strings; a date as ISO 8601), so the catalogue's own ``validate_answers`` has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frontdoor.catalogue import Attribute, InvalidAnswer, Service
from frontdoor.catalogue.answers import MAX_LENGTH, clean_answers
from web.forms import Form

DATE_PARTS = ("day", "month", "year")
EARLIEST_YEAR = 1900
_MONTHS = ("January February March April May June July August September October November December").split()


@dataclass
class Reading:
    """What a question's field sent: the answer as Open311 values, what to show back in the field if
    the page is shown again, and the problem with it (field id -> message), if any."""

    values: list[str]
    shown: dict[str, str] = field(default_factory=dict)  # field id -> text typed (date parts)
    error: tuple[str, str] | None = None


def variable_questions(service: Service) -> list[Attribute]:
    """The questions that take an answer, in the order the service asks them."""
    return [a for a in sorted(service.attributes, key=lambda a: a.order) if a.variable]


def notes_for(service: Service, question: Attribute) -> list[str]:
    """Information-only attributes (``variable: false``) shown with a question: each goes with the
    question it follows (or, before any question, with the first)."""
    ordered = sorted(service.attributes, key=lambda a: a.order)
    notes: dict[str, list[str]] = {}
    current: str | None = None
    pending: list[str] = []
    for attribute in ordered:
        if attribute.variable:
            current = attribute.code
            notes.setdefault(current, []).extend(pending)
            pending = []
        elif current is None:
            pending.append(attribute.description)
        else:
            notes[current].append(attribute.description)
    return notes.get(question.code, [])


def field_id(question: Attribute) -> str:
    """The id the error summary links to: the field, or a date's first box."""
    return f"{question.code}-day" if question.datatype == "datetime" else question.code


def read(question: Attribute, form: Form) -> Reading:
    """The answer to ``question`` in a POSTed form, checked as the catalogue checks it."""
    if question.datatype == "datetime":
        return _read_date(question, form)
    values = [value.strip() for value in form.get(question.code, []) if value.strip()]
    if question.datatype != "multivaluelist":
        values = values[:1] if values else []
    shown = {question.code: values[0] if values else ""}
    if not values:
        if question.required:
            return Reading([], shown, (question.code, _missing(question)))
        return Reading([], shown)
    try:
        clean_answers([question], {question.code: values})
    except InvalidAnswer:
        return Reading(values, shown, (question.code, _wrong(question)))
    return Reading(values, shown)


def _missing(question: Attribute) -> str:
    return {
        "singlevaluelist": "Select an answer",
        "multivaluelist": "Select at least one answer",
        "number": "Enter a number",
    }.get(question.datatype, "Enter an answer")


def _wrong(question: Attribute) -> str:
    if question.datatype == "number":
        return "Enter a number, like 2 or 1.5"
    if question.is_list:
        return "Select from the answers listed"
    return f"Your answer must be {MAX_LENGTH[question.datatype]:,} characters or fewer"


def _read_date(question: Attribute, form: Form) -> Reading:
    code = question.code
    typed = {part: (form.get(f"{code}-{part}") or [""])[0].strip() for part in DATE_PARTS}
    shown = {f"{code}-{part}": value for part, value in typed.items()}
    missing = [part for part in DATE_PARTS if not typed[part]]
    if len(missing) == len(DATE_PARTS):
        if question.required:
            return Reading([], shown, (f"{code}-day", "Enter a date"))
        return Reading([], shown)
    if missing:
        return Reading(
            [], shown, (f"{code}-{missing[0]}", f"The date must include a {' and a '.join(missing)}")
        )
    day = _whole_number(typed["day"])
    month = _whole_number(typed["month"]) or _month_by_name(typed["month"])
    year = _whole_number(typed["year"])
    if year is None or year < EARLIEST_YEAR or len(typed["year"]) != 4:
        return Reading([], shown, (f"{code}-year", "The year must be 4 numbers, like 2026"))
    try:
        answer = date(year, month or 0, day or 0)
    except ValueError:
        return Reading([], shown, (f"{code}-day", "The date must be a real date, like 27 3 2026"))
    return Reading([answer.isoformat()], shown)


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


def _month_by_name(text: str) -> int | None:
    """'March' or 'mar', as the GOV.UK date pattern allows."""
    name = text.casefold()
    for number, month in enumerate(_MONTHS, start=1):
        if len(name) >= 3 and month.casefold().startswith(name):
            return number
    return None


def shown_from_answer(question: Attribute, values: list[str]) -> dict[str, str]:
    """What the field shows for an answer already given (coming back to change it)."""
    if question.datatype == "datetime":
        parts = values[0].split("T")[0].split("-") if values else []
        if len(parts) == 3:
            year, month, day = parts
            return {
                f"{question.code}-day": str(int(day)),
                f"{question.code}-month": str(int(month)),
                f"{question.code}-year": year,
            }
        return {}
    return {question.code: values[0] if values else ""}


def answer_words(question: Attribute, values: list[str]) -> list[str]:
    """An answer as the resident chose it: the names of list answers, dates in words."""
    if not values:
        return []
    if question.is_list:
        names = {value.key: value.name for value in question.values}
        return [names.get(value, value) for value in values]
    if question.datatype == "datetime":
        return [date_in_words(values[0])]
    return values


def date_in_words(iso: str) -> str:
    try:
        day = date.fromisoformat(iso.split("T")[0])
    except ValueError:
        return iso
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def field_context(question: Attribute, selected: list[str], shown: dict[str, str]) -> dict[str, Any]:
    """What question.html needs for one question: its kind, words, choices and what to show."""
    return {
        "code": question.code,
        "datatype": question.datatype,
        "label": question.description,
        "hint": question.datatype_description,
        "required": question.required,
        "max_length": MAX_LENGTH.get(question.datatype),
        "items": [
            {"value": value.key, "text": value.name, "checked": value.key in selected}
            for value in question.values
        ],
        "value": shown.get(question.code, ""),
        "date": {part: shown.get(f"{question.code}-{part}", "") for part in DATE_PARTS},
    }
