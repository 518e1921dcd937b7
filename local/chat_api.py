"""make run's webchat over HTTP: what the local gateway routes for chats (``chat_routes``).

- ``/_aws/connect/contact/chat`` plays Amazon Connect's StartChatContact API (REST-JSON, as
  botocore sends it): make run points the Connect client there (``AWS_ENDPOINT_URL_CONNECT``), so
  the real start-chat function runs unchanged and starts a local chat.
- ``/chat/start`` is that real function, with one addition to its answer: ``"Transport": "local"``,
  which tells the panel (web/static/chat.js) to talk to this service instead of Amazon Connect.
- ``/chat/local/...`` is the resident's side, in the spirit of Connect's participant service:
  the participant token in ``X-Amz-Bearer``; ``GET transcript?after=<Id>``, ``POST message``
  (``{"ContentType", "Content"}``), ``POST event`` (typing) and ``POST disconnect``.
- ``/chat/advisor`` is the advisor's page (``local/chat_advisor.py``).

Every answer is JSON and ``no-store``; bad requests get 4xx with a message, never a 500.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from local.gateway import Route

LOCAL_CONNECT_PATH = "/_aws/connect"
# botocore's endpoint for one service (beats AWS_ENDPOINT_URL, which points at moto).
CONNECT_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_CONNECT"
PARTICIPANT_PATH = "/chat/local"
TOKEN_HEADER = "x-amz-bearer"
_AFTER = re.compile(r"^\d{1,9}$")
_MAX_BODY = 64 * 1024


def chat_routes() -> list[Route]:
    """The gateway's routes for webchat under make run."""
    return [
        Route(
            prefix="/chat/start",
            resource="/chat/start",
            handler="local.chat_api.start_chat",
            function_name="frontdoor-local-start-chat",
        ),
        Route(
            prefix=f"{PARTICIPANT_PATH}/",
            resource=f"{PARTICIPANT_PATH}/{{proxy+}}",
            handler="local.chat_api.participant_api",
            function_name="frontdoor-local-chat-participant",
        ),
        Route(
            prefix="/chat/advisor/",
            resource="/chat/advisor/{proxy+}",
            root_resource="/chat/advisor",
            handler="local.chat_advisor.lambda_handler",
            function_name="frontdoor-local-chat-advisor",
        ),
        Route(
            prefix=f"{LOCAL_CONNECT_PATH}/",
            resource=f"{LOCAL_CONNECT_PATH}/{{proxy+}}",
            handler="local.chat_api.connect_api",
            function_name="frontdoor-local-connect",
        ),
    ]


# --- /chat/start ------------------------------------------------------------------------------------
def start_chat(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The real start-chat function; its chats start here, so the panel is told to talk to us."""
    from functions.start_chat.handler import lambda_handler

    response: dict[str, Any] = lambda_handler(event, context)
    if response.get("statusCode") == 200:
        body = json.loads(response["body"])
        response = {**response, "body": json.dumps({**body, "Transport": "local"})}
    return response


# --- Amazon Connect's StartChatContact ----------------------------------------------------------------
def connect_api(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """``PUT /contact/chat`` as Amazon Connect answers it, for the local chat flow."""
    from frontdoor import settings
    from local.chat_service import local_connect
    from local.environment import HANDLER_DEFAULTS

    if event.get("httpMethod") != "PUT" or event.get("path") != f"{LOCAL_CONNECT_PATH}/contact/chat":
        return _connect_error(404, "ResourceNotFoundException", "Only StartChatContact is played locally.")
    if not str(_header(event, "authorization") or "").startswith("AWS4-HMAC-SHA256 "):
        return _connect_error(403, "AccessDeniedException", "The request is not signed.")
    request = _json_body(event)
    if request is None:
        return _connect_error(400, "InvalidRequestException", "The body is not a JSON object.")
    # The one instance and chat flow played here: make run's defaults for the start-chat function.
    if request.get("InstanceId") != HANDLER_DEFAULTS[settings.CONNECT_INSTANCE_ID]:
        return _connect_error(404, "ResourceNotFoundException", "No such instance.")
    if request.get("ContactFlowId") != HANDLER_DEFAULTS[settings.CONNECT_CHAT_FLOW_ID]:
        return _connect_error(404, "ResourceNotFoundException", "No such contact flow.")
    details = request.get("ParticipantDetails")
    name = details.get("DisplayName") if isinstance(details, dict) else None
    attributes = request.get("Attributes") or {}
    if not isinstance(name, str) or not 1 <= len(name) <= 256:
        return _connect_error(400, "InvalidRequestException", "ParticipantDetails.DisplayName is required.")
    if not isinstance(attributes, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in attributes.items()
    ):
        return _connect_error(400, "InvalidRequestException", "Attributes must map strings to strings.")
    client_token = request.get("ClientToken")
    started = local_connect().start_chat_contact(
        display_name=name,
        attributes=attributes,
        client_token=client_token if isinstance(client_token, str) and client_token else None,
    )
    return _json(200, started.to_connect())


def _connect_error(status: int, code: str, message: str) -> dict[str, Any]:
    """An error as Connect's REST-JSON API gives one: botocore reads the code from the header."""
    return _json(status, {"Message": message}, {"x-amzn-ErrorType": code})


# --- the resident's side ----------------------------------------------------------------------------
def participant_api(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The panel's transport under make run (see the module's docstring)."""
    from local.chat_service import ChatEnded, local_connect

    chats = local_connect().chats
    token = _header(event, TOKEN_HEADER)
    chat = chats.for_participant(token) if token else None
    if chat is None:
        return _json(403, {"Message": "This is not a chat you are in."})
    action = str(event.get("path") or "")[len(PARTICIPANT_PATH) + 1 :]
    method = event.get("httpMethod")
    if (method, action) == ("GET", "transcript"):
        after = (event.get("queryStringParameters") or {}).get("after") or "0"
        if not _AFTER.match(after):
            return _json(400, {"Message": "after must be the Id of a transcript item."})
        items = chats.transcript(chat, int(after))
        return _json(
            200, {"InitialContactId": chat.contact_id, "Transcript": [i.to_connect() for i in items]}
        )
    if method != "POST" or action not in ("message", "event", "disconnect"):
        return _json(404, {"Message": "No such action."})
    request = _json_body(event)
    if request is None:
        return _json(400, {"Message": "The body must be a JSON object."})
    try:
        if action == "disconnect":
            chats.end(chat, by="CUSTOMER")
            return _json(200, {})
        if action == "event":
            if request.get("ContentType") != "application/vnd.amazonaws.connect.event.typing":
                return _json(400, {"Message": "Only typing events are sent locally."})
            sent = chats.typing(chat, "CUSTOMER")
        else:
            problem = message_problem(request.get("ContentType"), request.get("Content"))
            if problem:
                return _json(400, {"Message": problem})
            sent = chats.message(chat, "CUSTOMER", str(request["Content"]), str(request["ContentType"]))
    except ChatEnded:
        return _json(409, {"Message": "The chat has ended."})
    item = sent.to_connect()
    return _json(200, {"Id": item["Id"], "AbsoluteTime": item["AbsoluteTime"]})


def message_problem(content_type: Any, content: Any) -> str | None:
    """What is wrong with a message, as Connect's SendMessage would refuse it (None: nothing)."""
    from local.chat_service import MAX_MESSAGE, MESSAGE_TYPES

    if content_type not in MESSAGE_TYPES:
        return f"ContentType must be one of {', '.join(MESSAGE_TYPES)}."
    if not isinstance(content, str) or not content.strip():
        return "Content is required."
    if len(content) > MAX_MESSAGE:
        return f"Content must be {MAX_MESSAGE} characters or fewer."
    return None


# --- helpers ----------------------------------------------------------------------------------------
def _header(event: dict[str, Any], name: str) -> str | None:
    for key, value in (event.get("headers") or {}).items():
        if str(key).lower() == name:
            return str(value)
    return None


def _json_body(event: dict[str, Any]) -> dict[str, Any] | None:
    raw = event.get("body") or ""
    try:
        data = base64.b64decode(raw) if event.get("isBase64Encoded") else str(raw).encode("utf-8")
        if len(data) > _MAX_BODY:
            return None
        parsed = json.loads(data or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", "Cache-Control": "no-store", **(headers or {})},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }
