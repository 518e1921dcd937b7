"""A service's Open311 questions as form fields: what each datatype reads, and the words it uses
when something is wrong."""

from __future__ import annotations

import pytest

from frontdoor.catalogue import Attribute, AttributeValue, default_catalogue
from web.site import questions


def question(datatype: str, required: bool = True, **extra: object) -> Attribute:
    values = extra.pop("values", None)
    if values is None and datatype in ("singlevaluelist", "multivaluelist"):
        values = [AttributeValue(key="a", name="Answer A"), AttributeValue(key="b", name="Answer B")]
    return Attribute(
        code="q",
        datatype=datatype,
        required=required,
        order=1,
        description="A question?",
        values=values or [],
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("datatype", "form", "values", "error"),
    [
        ("singlevaluelist", {"q": ["a"]}, ["a"], None),
        ("singlevaluelist", {}, [], "Select an answer"),
        ("singlevaluelist", {"q": ["z"]}, ["z"], "Select from the answers listed"),
        ("multivaluelist", {"q": ["a", "b"]}, ["a", "b"], None),
        ("multivaluelist", {"q": [" "]}, [], "Select at least one answer"),
        ("number", {"q": ["1.5"]}, ["1.5"], None),
        ("number", {"q": ["1e3"]}, ["1e3"], "Enter a number, like 2 or 1.5"),
        ("number", {"q": [""]}, [], "Enter a number"),
        ("string", {"q": ["  SL1234 "]}, ["SL1234"], None),
        ("string", {"q": ["x" * 256]}, ["x" * 256], "Your answer must be 255 characters or fewer"),
        ("text", {"q": ["x" * 4001]}, ["x" * 4001], "Your answer must be 4,000 characters or fewer"),
        ("text", {}, [], "Enter an answer"),
    ],
)
def test_each_datatype_reads_its_answer_or_says_what_is_wrong(
    datatype: str, form: dict[str, list[str]], values: list[str], error: str | None
):
    reading = questions.read(question(datatype), form)
    assert reading.values == values
    assert reading.error == (("q", error) if error else None)


def test_an_optional_question_left_blank_has_no_answer_and_no_error():
    for datatype in ("string", "text", "number", "singlevaluelist", "multivaluelist"):
        assert questions.read(question(datatype, required=False), {}).values == []
    dates = {"q-day": [""], "q-month": [""], "q-year": [""]}
    assert questions.read(question("datetime", required=False), dates).error is None


@pytest.mark.parametrize(
    ("day", "month", "year", "answer", "error"),
    [
        ("27", "3", "2026", "2026-03-27", None),
        ("1", "March", "2026", "2026-03-01", None),
        ("1", "sep", "2026", "2026-09-01", None),
        ("29", "2", "2027", None, ("q-day", "The date must be a real date, like 27 3 2026")),
        ("", "3", "", None, ("q-day", "The date must include a day and a year")),
        ("1", "13", "2026", None, ("q-day", "The date must be a real date, like 27 3 2026")),
        ("1", "1", "26", None, ("q-year", "The year must be 4 numbers, like 2026")),
        ("", "", "", None, ("q-day", "Enter a date")),
    ],
)
def test_a_date_comes_as_day_month_and_year_and_is_answered_in_iso_8601(
    day: str, month: str, year: str, answer: str | None, error: tuple[str, str] | None
):
    reading = questions.read(question("datetime"), {"q-day": [day], "q-month": [month], "q-year": [year]})
    assert reading.values == ([answer] if answer else [])
    assert reading.error == error
    assert reading.shown == {"q-day": day, "q-month": month, "q-year": year}


def test_a_date_given_before_is_shown_back_in_its_parts_and_in_words():
    date_question = question("datetime")
    assert questions.shown_from_answer(date_question, ["2026-03-07"]) == {
        "q-day": "7",
        "q-month": "3",
        "q-year": "2026",
    }
    assert questions.answer_words(date_question, ["2026-03-07"]) == ["7 March 2026"]


def test_list_answers_are_shown_by_their_names():
    assert questions.answer_words(question("multivaluelist"), ["b", "a"]) == ["Answer B", "Answer A"]


def test_an_information_only_attribute_goes_with_the_question_before_it():
    street_light = default_catalogue().get("street_light_fault")
    assert street_light is not None
    column, fault = questions.variable_questions(street_light)
    assert questions.notes_for(street_light, column) == []
    assert questions.notes_for(street_light, fault) == [
        "If wires are showing or a column has been knocked down, please phone us now."
    ]
