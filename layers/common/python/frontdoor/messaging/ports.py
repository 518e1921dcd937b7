"""Sending a text message, as the domain sees it. sms.py sends it; outbox.py writes it to a file."""

from __future__ import annotations

from typing import Protocol


class TextNotSent(Exception):
    """The text was not accepted for delivery. ``code`` names why (the provider's error code), and is
    safe to log: it never holds the number or the message."""

    def __init__(self, code: str) -> None:
        super().__init__(f"text not sent: {code}")
        self.code = code


class TextMessages(Protocol):
    def send(self, to: str, body: str) -> str:
        """Send ``body`` to ``to`` (E.164); returns the message id. Raises TextNotSent."""
