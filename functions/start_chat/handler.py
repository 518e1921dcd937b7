"""POST /chat/start (API Gateway REST proxy): the web widget starts a webchat on Amazon Connect.

JSON body: `displayName` (required), optional `phone`, `email`, `topic`. Answers 200 with
`{ContactId, ParticipantId, ParticipantToken}`, 400 for a bad request and 503 when Connect does
not start the chat; always JSON, never a 500. An `Idempotency-Key` header makes a retry start no
second chat. Nothing the resident sent, nor the participant token, reaches a log line.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.contacts.chat import ChatStart, ChatUnavailable, InvalidChatRequest, parse_chat_start
from frontdoor.observability import function_logger
from frontdoor.wiring import connect_chat

logger = function_logger("start_chat")
_CLIENT_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
UNAVAILABLE = "Webchat is not available just now. Please try again later, or phone us."


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("httpMethod") != "POST":
        return _json(405, {"message": "Use POST to start a chat."}, {"Allow": "POST"})
    try:
        start = parse_chat_start(_body(event))
        session = connect_chat().start(start, _client_token(event, start))
    except InvalidChatRequest as error:
        return _json(400, {"message": error.message, "field": error.field})
    except ChatUnavailable as error:
        logger.warning("chat not started", extra={"code": error.code})
        return _json(503, {"message": UNAVAILABLE})
    except Exception as error:  # a missing setting, say: still JSON, and nothing personal logged
        logger.error("chat not started", extra={"error": type(error).__name__})
        return _json(503, {"message": UNAVAILABLE})
    logger.info("chat started", extra={"contact_id": session["ContactId"]})
    return _json(200, session)


def _body(event: dict[str, Any]) -> bytes:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        return base64.b64decode(body)
    return body.encode("utf-8") if isinstance(body, str) else b""


def _client_token(event: dict[str, Any], start: ChatStart) -> str:
    """With the widget's Idempotency-Key, a retry of the same request joins the same chat; the request
    is part of the token, so the key alone never joins anyone else's. Without a key, a fresh token."""
    headers = {str(name).lower(): value for name, value in (event.get("headers") or {}).items()}
    key = headers.get("idempotency-key")
    if not (isinstance(key, str) and _CLIENT_TOKEN.match(key)):
        return uuid.uuid4().hex
    request = json.dumps([key, start.display_name, start.phone, start.email, start.topic])
    return hashlib.sha256(request.encode()).hexdigest()


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "statusCode": status,
        # The participant token lets its holder speak in the chat: no cache may keep it.
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store", **(headers or {})},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }
