"""The local outbox: what make run would have sent, one JSON line each, readable by a person."""

from __future__ import annotations

import json
from pathlib import Path

from frontdoor.messaging.outbox import LocalOutbox


def test_each_text_is_one_json_line_appended_to_the_file(tmp_path: Path) -> None:
    outbox = LocalOutbox(tmp_path / "outbox" / "messages.jsonl")  # the folder is made on the first message

    first = outbox.send("+447700900456", "Example Council: pay securely here: https://pay.example/1")
    second = outbox.send("+447700900123", "Example Council: Report a pothole online at https://x/report")

    lines = (tmp_path / "outbox" / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [first, second]
    assert json.loads(lines[0]) | {"at": "-"} == {
        "id": first,
        "at": "-",
        "channel": "sms",
        "to": "+447700900456",
        "body": "Example Council: pay securely here: https://pay.example/1",
    }


def test_other_channels_such_as_email_have_a_subject(tmp_path: Path) -> None:
    outbox = LocalOutbox(tmp_path / "messages.jsonl")

    outbox.record("email", "resident@example.com", "Your case 482019371", subject="Case update")

    [message] = outbox.messages()
    assert (message["channel"], message["subject"]) == ("email", "Case update")


def test_an_empty_outbox_has_no_messages(tmp_path: Path) -> None:
    assert LocalOutbox(tmp_path / "none.jsonl").messages() == []
