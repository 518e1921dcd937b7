"""Sending texts and emails, as the domain sees it.

sms.py sends texts and ses.py emails (Amazon SES); outbox.py writes either to a file for make run.
"""

from __future__ import annotations

from typing import Protocol


class MessageNotSent(Exception):
    """The message was not accepted for delivery. ``code`` names why (the provider's error code), and
    is safe to log: it never holds the address, the number or the message."""

    kind = "message"

    def __init__(self, code: str) -> None:
        super().__init__(f"{self.kind} not sent: {code}")
        self.code = code


class TextNotSent(MessageNotSent):
    kind = "text"


class EmailNotSent(MessageNotSent):
    kind = "email"


class TextMessages(Protocol):
    def send(self, to: str, body: str) -> str:
        """Send ``body`` to ``to`` (E.164); returns the message id. Raises TextNotSent."""


class EmailMessages(Protocol):
    def send_email(self, to: str, subject: str, body: str, unsubscribe_url: str | None = None) -> str:
        """Send a plain-text email to ``to``; returns the message id. Raises EmailNotSent.

        With ``unsubscribe_url``, mail programs offer the resident a one-click way to stop them
        (RFC 8058: the URL takes a POST with ``List-Unsubscribe=One-Click``)."""
