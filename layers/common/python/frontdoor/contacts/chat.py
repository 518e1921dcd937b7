"""Starting a webchat: the web widget's request, checked, and Amazon Connect's StartChatContact.

The chat flow identifies and routes a chat as a call: the resident's phone number, if they gave
one, goes to the contact's attributes, where the flow passes it to identify_caller.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ..plain_text import NOT_PLAIN_TEXT
from .phone import normalise_number

MAX_DISPLAY_NAME = 100
CHAT_DURATION_MINUTES = 120  # Connect allows 60 to 10080; a council chat is over well within two hours
CONTENT_TYPES = ["text/plain", "text/markdown"]  # text/plain is required; markdown lets agents format
_FIELDS = ("displayName", "phone", "email", "topic")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_TOPIC = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_NOT_IN_A_NAME = re.compile(r"[<>\r\n\t]")  # one line, and nothing an agent's screen could take for markup


class InvalidChatRequest(Exception):
    """The widget's request is not acceptable. The message names the field, never its value."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ChatUnavailable(Exception):
    """Amazon Connect did not start the chat. ``code`` is its error code (safe to log)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"chat not started: {code}")
        self.code = code


@dataclass(frozen=True)
class ChatStart:
    display_name: str
    phone: str | None = None  # E.164
    email: str | None = None
    topic: str | None = None


def parse_chat_start(body: str | bytes | None) -> ChatStart:
    """The widget's JSON body: `displayName` (required), optional `phone`, `email` and `topic`."""
    try:
        raw = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise InvalidChatRequest("The body must be a JSON object.") from None
    if not isinstance(raw, dict):
        raise InvalidChatRequest("The body must be a JSON object.")
    unknown = sorted(name for name in raw if name not in _FIELDS)
    if unknown:
        raise InvalidChatRequest(f"Unknown field: {str(unknown[0])[:40]!r}.", str(unknown[0])[:40])
    return ChatStart(
        display_name=_display_name(raw.get("displayName")),
        phone=_optional(
            raw, "phone", lambda text: normalise_number(text), "a phone number, like 07700 900123"
        ),
        email=_optional(raw, "email", lambda text: text if _EMAIL.match(text) else None, "an email address"),
        topic=_optional(raw, "topic", lambda text: text if _TOPIC.match(text) else None, "a service code"),
    )


def _display_name(value: Any) -> str:
    name = value.strip() if isinstance(value, str) else ""
    if not name:
        raise InvalidChatRequest("displayName is required: the name the advisor will see.", "displayName")
    if len(name) > MAX_DISPLAY_NAME or NOT_PLAIN_TEXT.search(name) or _NOT_IN_A_NAME.search(name):
        raise InvalidChatRequest(
            f"displayName must be plain text of at most {MAX_DISPLAY_NAME} characters.", "displayName"
        )
    return name


def _optional(raw: dict[str, Any], field: str, check: Callable[[str], str | None], what: str) -> str | None:
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    checked = check(value.strip()) if isinstance(value, str) and len(value) <= 254 else None
    if checked is None:
        raise InvalidChatRequest(f"{field} must be {what}.", field)
    return checked


def start_chat_contact_request(
    start: ChatStart, instance_id: str, flow_id: str, client_token: str
) -> dict[str, Any]:
    """StartChatContact's parameters for this chat."""
    # Named as the chat flow reads them: $.Attributes.caller_phone (identification), $.Attributes.topic.
    attributes = {"caller_phone": start.phone, "email": start.email, "topic": start.topic}
    return {
        "InstanceId": instance_id,
        "ContactFlowId": flow_id,
        "ParticipantDetails": {"DisplayName": start.display_name},
        "Attributes": {name: value for name, value in attributes.items() if value},
        "ClientToken": client_token,
        "ChatDurationInMinutes": CHAT_DURATION_MINUTES,
        "SupportedMessagingContentTypes": CONTENT_TYPES,
    }


class ConnectChat:
    """Starts chats on the council's Amazon Connect instance, with its chat flow."""

    def __init__(self, client: Callable[[], Any], instance_id: str, flow_id: str) -> None:
        self._client = client
        self._instance_id = instance_id
        self._flow_id = flow_id

    def start(self, start: ChatStart, client_token: str) -> dict[str, str]:
        """The widget's credentials: ContactId, ParticipantId and ParticipantToken.

        A retried request with the same client_token starts no second chat.
        """
        request = start_chat_contact_request(start, self._instance_id, self._flow_id, client_token)
        try:
            started = self._client().start_chat_contact(**request)
        except ClientError as error:
            raise ChatUnavailable(str(error.response.get("Error", {}).get("Code", "ClientError"))) from error
        except BotoCoreError as error:
            raise ChatUnavailable(type(error).__name__) from error
        return {name: str(started[name]) for name in ("ContactId", "ParticipantId", "ParticipantToken")}
