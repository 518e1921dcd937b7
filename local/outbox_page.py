"""``/outbox`` in make run: every email and text that would have been sent, newest first.

A page for the person running Front Door locally, never deployed: it reads the local outbox
(``local/outbox/messages.jsonl``) and renders it with the residents' site's layout, so links in
the messages (track a request, stop updates) can be followed on the spot. Answers like a Lambda
proxy integration, so the local gateway routes to it as to any function.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup, escape

from frontdoor.messaging.outbox import LocalOutbox
from frontdoor.settings import settings
from web.render import environment
from web.responses import HTML, PRIVATE, FieldErrors
from web.security import SECURITY_HEADERS

TEMPLATES = Path(__file__).resolve().with_name("templates")
_URL = re.compile(r"https?://[^\s<>\"']+")
CHANNELS = {"email": "Email", "sms": "Text message"}


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    config = settings()
    messages = LocalOutbox(config.outbox_path).messages() if config.outbox_path else []
    body = (
        _environment()
        .get_template("outbox.html")
        .render(
            title="Outbox",
            council_name=config.council_name,
            errors=FieldErrors(),
            messages=[_shown(message) for message in reversed(messages)],
            outbox_path=config.outbox_path,
        )
    )
    return {
        "statusCode": 200,
        "headers": {**SECURITY_HEADERS, "Content-Type": HTML, "Cache-Control": PRIVATE},
        "body": body,
    }


def _shown(message: dict[str, str]) -> dict[str, Any]:
    return {
        **message,
        "channel_name": CHANNELS.get(message.get("channel", ""), message.get("channel", "")),
        "paragraphs": paragraphs(message.get("body", "")),
    }


def paragraphs(text: str) -> list[Markup]:
    """The message as it would read: paragraphs, line breaks and links that can be followed."""
    return [_linked_lines(part) for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


def _linked_lines(text: str) -> Markup:
    lines = []
    for line in text.split("\n"):
        pieces, position = [], 0
        for url in _URL.finditer(line):
            pieces.append(escape(line[position : url.start()]))
            pieces.append(Markup('<a class="govuk-link" href="{0}">{0}</a>').format(url.group()))
            position = url.end()
        pieces.append(escape(line[position:]))
        lines.append(Markup("").join(pieces))
    return Markup("<br>").join(lines)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The site's environment, with this folder's templates in front of the site's."""
    site = environment()
    return site.overlay(loader=ChoiceLoader([FileSystemLoader(TEMPLATES), site.loader]))  # type: ignore[list-item]
