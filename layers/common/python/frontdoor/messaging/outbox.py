"""The local outbox: messages that ``make run`` would have sent, one JSON line each, for a person to read.

Only the local runtime sets the outbox path; in AWS texts go through End User Messaging SMS and
emails through Amazon SES.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

_WRITING = threading.Lock()  # the local gateway serves requests on threads


class LocalOutbox:
    """Appends each message to a JSON Lines file (created with its folder on the first message)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def send(self, to: str, body: str) -> str:
        """A text message, as ``TextMessages`` sends it."""
        return self.record("sms", to, body)

    def send_email(self, to: str, subject: str, body: str, unsubscribe_url: str | None = None) -> str:
        """An email, as ``EmailMessages`` sends it (the body already carries the opt-out link)."""
        return self.record("email", to, body, subject)

    def record(self, channel: str, to: str, body: str, subject: str | None = None) -> str:
        """Any message: returns the id written with it."""
        message_id = uuid.uuid4().hex
        line = {
            "id": message_id,
            "at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "channel": channel,
            "to": to,
            **({"subject": subject} if subject is not None else {}),
            "body": body,
        }
        with _WRITING:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as outbox:
                outbox.write(json.dumps(line, ensure_ascii=False) + "\n")
        return message_id

    def messages(self) -> list[dict[str, str]]:
        """Everything in the outbox, oldest first (for people and tests)."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line]
