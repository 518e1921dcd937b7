"""make run's /outbox: every message that would have been sent, newest first, links that work."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdoor import settings
from frontdoor.messaging.outbox import LocalOutbox
from local.gateway import answer_from_proxy_response, build_proxy_event
from local.lambda_context import FakeLambdaContext
from local.outbox_page import lambda_handler, paragraphs
from tests.integration.conftest import reset_process_caches


@pytest.fixture
def outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LocalOutbox:
    path = tmp_path / "messages.jsonl"
    monkeypatch.setenv(settings.OUTBOX_PATH, str(path))
    reset_process_caches()
    yield LocalOutbox(path)
    reset_process_caches()


def outbox_page() -> tuple[int, dict[str, str], str]:
    event = build_proxy_event("GET", "/outbox", {"Host": "127.0.0.1:8080"}, b"", resource="/outbox")
    answer = answer_from_proxy_response(lambda_handler(event, FakeLambdaContext(function_name="outbox")))
    return answer.status, dict(answer.headers), answer.body.decode()


def test_an_empty_outbox_says_how_messages_get_there(outbox: LocalOutbox):
    status, headers, body = outbox_page()

    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Security-Policy" in headers
    assert "<title>Outbox - " in body
    assert "No messages yet." in body


def test_messages_are_shown_newest_first_with_channel_recipient_subject_and_body(outbox: LocalOutbox):
    outbox.send_email("ada@example.com", "We have received your request", "Hello Ada,\n\nThanks.")
    outbox.send("+447700900123", "Example Council: we have dealt with your request.")

    _, _, body = outbox_page()

    text, email = body.index("Text message to +447700900123"), body.index("Email to ada@example.com")
    assert text < email  # newest first
    assert "We have received your request" in body
    assert '<p class="govuk-body">Hello Ada,</p><p class="govuk-body">Thanks.</p>' in body


def test_what_a_message_says_is_escaped_and_its_links_can_be_followed(outbox: LocalOutbox):
    outbox.send_email(
        "ada@example.com",
        "<b>subject</b>",
        "Track it:\nhttps://127.0.0.1:8080/track/482019371\n<script>alert(1)</script>",
    )

    _, _, body = outbox_page()

    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert "&lt;b&gt;subject&lt;/b&gt;" in body
    link = '<a class="govuk-link" href="https://127.0.0.1:8080/track/482019371">'
    assert f"Track it:<br>{link}https://127.0.0.1:8080/track/482019371</a>" in body


def test_paragraphs_split_on_blank_lines_and_keep_line_breaks():
    assert [str(p) for p in paragraphs("One\ntwo\n\n  \nThree & four")] == ["One<br>two", "Three &amp; four"]
