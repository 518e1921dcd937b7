"""Fuzz tests: the real Open311 handler, in-process on moto, driven by schemathesis and hypothesis."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from moto import mock_aws

from local.seed import seed_api_key
from local.tables import create_tables
from tests.fuzz.wsgi import HandlerApp
from tests.integration.conftest import API_KEY, pothole, reset_process_caches


@dataclass(frozen=True)
class Seeded:
    """What exists in the mock account for the whole module: a filed case and its token."""

    reference: str
    token: str


def count_cases_table_items() -> int:
    """Every item of the cases table (cases, updates, reporters, tokens). A Scan: in tests only."""
    import boto3

    paginator = boto3.client("dynamodb").get_paginator("scan")
    pages = paginator.paginate(TableName=os.environ["CASES_TABLE_NAME"], Select="COUNT")
    return sum(page["Count"] for page in pages)


def _file_one(app: HandlerApp) -> Seeded:
    answer = app.invoke(
        "POST",
        "/open311/v2/requests.json",
        [("Host", "127.0.0.1"), ("Content-Type", "application/x-www-form-urlencoded")],
        urlencode(pothole(description="Seeded for fuzzing")).encode(),
    )
    assert answer.status == 200, answer.body
    [filed] = json.loads(answer.body)
    return Seeded(filed["service_request_id"], filed["token"])


@contextmanager
def moto_account() -> Iterator[Seeded]:
    """A fresh moto account with the tables, the API key and one filed case."""
    with mock_aws():
        reset_process_caches()
        create_tables()
        seed_api_key(API_KEY)
        try:
            yield _file_one(HandlerApp())
        finally:
            reset_process_caches()


@pytest.fixture(scope="module")
def aws_module() -> Iterator[Seeded]:
    """One account for a whole module (schemathesis: its examples share state, as a real API's do)."""
    with moto_account() as seeded:
        yield seeded


@pytest.fixture
def aws_account() -> Iterator[Seeded]:
    """One account per test function, shared by its examples: what one property stores cannot
    make another fail."""
    with moto_account() as seeded:
        yield seeded


@pytest.fixture(scope="module")
def handler_app(aws_module: Seeded) -> HandlerApp:
    return HandlerApp()


Counter = Callable[[], int]


# --- the spec's error body ---------------------------------------------------------------------------
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ALLOWED_STATUSES = frozenset({200, 400, 403, 404, 409})


def expected_format(path: str) -> str:
    """The format an answer to ``path`` must be in: json for a .json path, else XML (the spec's default)."""
    return "json" if path.split("?", 1)[0].endswith(".json") else "xml"


def parse_xml(text: str) -> ElementTree.Element:
    """The root of an XML answer, which must start with the XML declaration and be well-formed."""
    assert text.startswith(XML_DECLARATION), text[:200]
    document = text[len(XML_DECLARATION) :]
    try:
        return ElementTree.fromstring(document)
    except ElementTree.ParseError as error:
        line, column = error.position
        where = document.splitlines()[line - 1][max(0, column - 80) : column + 40] if document else ""
        raise AssertionError(f"malformed XML ({error}), near: {where!r}") from error


def assert_format(fmt: str, content_type: str, body: bytes) -> Any:
    """The body is well-formed in ``fmt`` with the matching Content-Type; returns it parsed."""
    text = body.decode("utf-8")
    if fmt == "json":
        assert content_type.startswith("application/json"), content_type
        return json.loads(text)
    assert content_type.startswith("text/xml"), content_type
    return parse_xml(text)


def assert_error_body(fmt: str, status: int, content_type: str, body: bytes) -> None:
    """The spec's error list, in ``fmt``, each error's code the HTTP status and a description given."""
    parsed = assert_format(fmt, content_type, body)
    text = body.decode("utf-8")
    if fmt == "json":
        assert isinstance(parsed, list) and parsed, text
        for error in parsed:
            assert isinstance(error, dict) and set(error) == {"code", "description"}, text
            assert error["code"] == status, text
            assert isinstance(error["description"], str) and error["description"], text
        return
    assert parsed.tag == "errors" and len(parsed) > 0, text
    for error in parsed:
        assert error.tag == "error" and [child.tag for child in error] == ["code", "description"], text
        assert error.findtext("code") == str(status), text
        assert error.findtext("description"), text
