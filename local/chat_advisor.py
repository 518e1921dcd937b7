"""``/chat/advisor`` in make run: the other side of a webchat, for trying both sides on one machine.

Lists the chats waiting in a queue (the priority queue's first, then the longest waiting) with the
queue and topic they came with; an advisor picks one up, exchanges messages with the resident and
ends it. Plain server-rendered GOV.UK pages (POST/redirect/GET, no JavaScript needed), every POST
CSRF-checked through the site's form sessions. Never deployed: in AWS, advisors use Connect's
agent workspace.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver, Response
from jinja2 import ChoiceLoader, Environment, FileSystemLoader

from frontdoor.observability import function_logger
from local.chat_api import message_problem
from local.chat_service import (
    ENDED,
    JOINED,
    LEFT,
    ChatEnded,
    ChatNotWaiting,
    ChatState,
    LocalChat,
    local_connect,
)
from web import forms
from web.forms import FormSession
from web.render import environment
from web.responses import PRIVATE, FieldErrors, handle_errors, html, not_found_page, redirect
from web.settings import site_settings

TEMPLATES = Path(__file__).resolve().with_name("templates")
ADVISOR_NAME = "Alex"  # make run's one advisor, as the resident sees them
TYPING_SHOWN_FOR = timedelta(seconds=10)
_CONTACT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

app = APIGatewayRestResolver()
handle_errors(app, function_logger("chat_advisor"))


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)


# --- pages ------------------------------------------------------------------------------------------
@app.get("/chat/advisor")
def queue_page() -> Response[str]:
    return _queue_page(forms.begin(app.current_event))


@app.post("/chat/advisor/<contact_id>/accept")
def accept(contact_id: str) -> Response[str]:
    session, _ = forms.submitted(app.current_event)
    try:
        local_connect().chats.accept(contact_id, ADVISOR_NAME)
    except ChatNotWaiting:
        return _queue_page(
            session, status=409, notice="That chat is no longer waiting: it was picked up or ended."
        )
    return redirect(f"/chat/advisor/{contact_id}", session=session)


@app.get("/chat/advisor/<contact_id>")
def chat_page(contact_id: str) -> Response[str]:
    chat = _chat(contact_id)
    if chat is None:
        return not_found_page()
    return _chat_page(forms.begin(app.current_event), chat)


@app.post("/chat/advisor/<contact_id>/message")
def send(contact_id: str) -> Response[str]:
    session, form = forms.submitted(app.current_event)
    chat = _chat(contact_id)
    if chat is None:
        return not_found_page()
    text = forms.first(form, "message").strip()
    errors = FieldErrors()
    if chat.state != ChatState.CONNECTED:
        errors.add("message", "This chat has ended: your message was not sent")
    elif not text:
        errors.add("message", "Enter a message")
    elif message_problem("text/plain", text):
        errors.add("message", "Your message must be 1,024 characters or fewer")
    if not errors:
        try:
            local_connect().chats.message(chat, "AGENT", text)
        except ChatEnded:
            errors.add("message", "This chat has ended: your message was not sent")
    if errors:
        return _chat_page(session, chat, status=400, errors=errors, message=text)
    return redirect(f"/chat/advisor/{contact_id}#message", session=session)


@app.post("/chat/advisor/<contact_id>/end")
def end(contact_id: str) -> Response[str]:
    session, _ = forms.submitted(app.current_event)
    chat = _chat(contact_id)
    if chat is None:
        return not_found_page()
    if chat.state == ChatState.CONNECTED:
        local_connect().chats.end(chat, by="AGENT")
    return redirect(f"/chat/advisor/{contact_id}", session=session)


# --- rendering --------------------------------------------------------------------------------------
def _queue_page(session: FormSession, status: int = 200, notice: str | None = None) -> Response[str]:
    chats = local_connect().chats
    now = datetime.now(UTC)
    return _render(
        "chat_advisor.html",
        session,
        title="Webchat: advisor",
        status=status,
        notice=notice,
        advisor=ADVISOR_NAME,
        waiting=[_summary(chat, now) for chat in chats.waiting()],
        answering=[_summary(chat, now) for chat in chats.in_state(ChatState.CONNECTED)],
    )


def _chat_page(
    session: FormSession,
    chat: LocalChat,
    status: int = 200,
    errors: FieldErrors | None = None,
    message: str = "",
) -> Response[str]:
    chats = local_connect().chats
    typing_at = chat.last_typing("CUSTOMER")
    return _render(
        "chat_advisor_chat.html",
        session,
        title=f"Chat with {chat.display_name}",
        status=status,
        errors=errors,
        chat=_summary(chat, datetime.now(UTC)),
        transcript=[entry for item in chats.transcript(chat) if (entry := _entry(chat, item))],
        typing=typing_at is not None and datetime.now(UTC) - typing_at < TYPING_SHOWN_FOR,
        message=message,
    )


def _summary(chat: LocalChat, now: datetime) -> dict[str, Any]:
    return {
        "id": chat.contact_id,
        "name": chat.display_name,
        "topic": _topic_label(chat.topic),
        "queue": chat.queue_name or "Not in a queue",
        "waiting": _waited(now - chat.queued_at) if chat.queued_at else "",
        "priority": chat.priority,
        "known": chat.findings.get("caller_known") == "true",
        "case_reference": chat.findings.get("case_reference"),
        "state": chat.state.value,
    }


def _entry(chat: LocalChat, item: Any) -> dict[str, str] | None:
    """How a transcript item reads to the advisor; None for typing (shown apart, while it lasts)."""
    if item.type == "MESSAGE":
        who = {"CUSTOMER": chat.display_name, "AGENT": "You"}.get(item.role, "Chat flow")
        return {"kind": "message", "role": item.role.lower(), "who": who, "text": item.content or ""}
    notes = {
        JOINED: f"{item.display_name} joined the chat.",
        LEFT: f"{'You' if item.role == 'AGENT' else item.display_name} left the chat.",
        ENDED: "The chat ended.",
    }
    if item.content_type in notes:
        return {"kind": "note", "text": notes[item.content_type]}
    return None


def _topic_label(team: str | None) -> str:
    from web.site.chat import chat_topics

    labels = {topic.team: topic.label for topic in chat_topics()}
    return labels.get(team or "", "None chosen")


def _waited(waited: timedelta) -> str:
    minutes = int(waited.total_seconds() // 60)
    if minutes < 1:
        return "Less than a minute"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _chat(contact_id: str) -> LocalChat | None:
    return local_connect().chats.get(contact_id) if _CONTACT_ID.match(contact_id) else None


def _render(
    template: str,
    session: FormSession,
    *,
    title: str,
    status: int = 200,
    errors: FieldErrors | None = None,
    **context: Any,
) -> Response[str]:
    body = (
        _environment()
        .get_template(template)
        .render(
            title=title,
            errors=errors or FieldErrors(),
            council_name=site_settings().council_name,
            csrf_token=session.csrf_token,
            **context,
        )
    )
    return html(body, status=status, cache=PRIVATE, cookies=[forms.session_cookie(session)])


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The site's environment, with make run's own templates in front of the site's."""
    site = environment()
    return site.overlay(loader=ChoiceLoader([FileSystemLoader(TEMPLATES), site.loader]))  # type: ignore[list-item]
