"""make run's webchat: the chats Amazon Connect would hold, and the project's chat flow running them.

There is no Amazon Connect on one machine, so this module plays its part for chats. A chat starts
as Connect starts one (``LocalConnect.start_chat_contact``, with StartChatContact's parameters,
which the real start-chat function sends): the project's chat flow runs in the flow simulator
with the real Connect-invoked handlers, on a thread of its own, and what it writes appears in the
chat. When it puts the chat in a queue, the chat waits there until someone picks it up on the
advisor page (``local/chat_advisor.py``); then the resident and the advisor exchange messages
until either ends it. Everything is in memory, for as long as make run runs.

Transcript items have Amazon Connect's shape (``Item.to_connect``), so the residents' panel shows
them as it shows Connect's. Never packaged into Lambda; nothing here logs what anyone wrote.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from local.flow_simulator.caller import CallerHungUp, InputRequest
from local.flow_simulator.script import LexTurn

if TYPE_CHECKING:
    from local.contact_centre import ProjectContactCentre
    from local.flow_simulator import LambdaInvoker, LambdaReply, SimulationResult

Role = Literal["CUSTOMER", "AGENT", "SYSTEM"]
_EVENT = "application/vnd.amazonaws.connect.event."
TYPING = _EVENT + "typing"
JOINED = _EVENT + "participant.joined"
LEFT = _EVENT + "participant.left"
ENDED = _EVENT + "chat.ended"
MESSAGE_TYPES = ("text/plain", "text/markdown")
SYSTEM_NAME = "SYSTEM_MESSAGE"  # the display name Connect gives what the flow writes
MAX_MESSAGE = 1024  # Amazon Connect's limit for a text/plain message
# How long the flow waits for the resident to answer a question, as a chat's Get customer input does.
INPUT_WAIT_SECONDS = 300.0
# Advisors' hours locally: "open" (default: there is always someone to try the advisor page),
# "closed" (the out-of-hours path) or "clock" (contact_centre.yaml's hours, as in AWS).
HOURS_VARIABLE = "FRONTDOOR_LOCAL_CHAT_HOURS"
HOURS_MODES = ("open", "closed", "clock")
# What the flow found out, shown to the advisor who answers (as Connect shows contact attributes).
FLOW_FINDINGS = ("caller_known", "caller_priority", "case_reference")

logger = logging.getLogger("frontdoor.local.chat")


class ChatState(StrEnum):
    FLOW = "flow"  # the chat flow is running
    WAITING = "waiting"  # in a queue, for an advisor
    CONNECTED = "connected"  # an advisor has picked it up
    ENDED = "ended"


class ChatEnded(Exception):  # noqa: N818 - a state, not a fault
    """The chat is over: nothing more can be said in it."""


class ChatNotWaiting(Exception):  # noqa: N818
    """The chat is not (or no longer) waiting for an advisor: someone else picked it up, or it ended."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Item:
    """One entry of a chat's transcript: a message or an event (joined, left, typing, ended)."""

    id: str
    type: Literal["MESSAGE", "EVENT"]
    role: Role
    display_name: str
    content_type: str
    content: str | None
    at: datetime

    @property
    def sequence(self) -> int:
        return int(self.id)

    def to_connect(self) -> dict[str, str]:
        """As Amazon Connect's participant service gives a transcript ``Item``."""
        item = {
            "Id": self.id,
            "Type": self.type,
            "ParticipantRole": self.role,
            "DisplayName": self.display_name,
            "ContentType": self.content_type,
            "AbsoluteTime": self.at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if self.content is not None:
            item["Content"] = self.content
        return item


@dataclass
class LocalChat:
    contact_id: str
    participant_id: str
    display_name: str
    attributes: dict[str, str]  # as StartChatContact received them (only the flow reads them)
    started_at: datetime
    state: ChatState = ChatState.FLOW
    items: list[Item] = field(default_factory=list)
    queue_key: str | None = None
    queue_name: str | None = None
    queued_at: datetime | None = None
    advisor: str | None = None
    findings: dict[str, str] = field(default_factory=dict)
    # The resident's messages while the flow runs: a question in the flow takes the oldest.
    inbox: deque[str] = field(default_factory=deque)

    @property
    def topic(self) -> str | None:
        return self.attributes.get("topic")

    @property
    def priority(self) -> bool:
        return self.findings.get("caller_priority") == "true"

    def last_typing(self, role: Role) -> datetime | None:
        """When ``role`` last typed, if nothing was sent since."""
        for item in reversed(self.items):
            if item.role == role and item.type == "MESSAGE":
                return None
            if item.role == role and item.content_type == TYPING:
                return item.at
        return None


@dataclass(frozen=True)
class StartedChat:
    """StartChatContact's answer."""

    contact_id: str
    participant_id: str
    participant_token: str

    def to_connect(self) -> dict[str, str]:
        return {
            "ContactId": self.contact_id,
            "ParticipantId": self.participant_id,
            "ParticipantToken": self.participant_token,
        }


class LocalChats:
    """Every chat of this run, safe to use from the gateway's threads and the flows' threads.

    Participant tokens are never kept: a token is an HMAC of the chat's client token under a
    secret of this process, so a retried start (same client token) gets the same token back, and
    a request is matched to its chat by the token's SHA-256.
    """

    def __init__(self, clock: Callable[[], datetime] = _now) -> None:
        self._clock = clock
        self._changed = threading.Condition()
        self._chats: dict[str, LocalChat] = {}
        self._by_token: dict[str, str] = {}  # sha256(token) -> contact id
        self._by_client_token: dict[str, str] = {}
        self._secret = secrets.token_bytes(32)

    # --- starting and finding ----------------------------------------------------------------
    def start(
        self, display_name: str, attributes: Mapping[str, str], client_token: str | None = None
    ) -> tuple[StartedChat, LocalChat, bool]:
        """A new chat (or, for a client token seen before, that chat again); True when it is new."""
        client_token = client_token or uuid.uuid4().hex
        token = self._participant_token(client_token)
        with self._changed:
            known = self._by_client_token.get(client_token)
            if known is not None:
                chat = self._chats[known]
                return StartedChat(chat.contact_id, chat.participant_id, token), chat, False
            chat = LocalChat(
                contact_id=str(uuid.uuid4()),
                participant_id=str(uuid.uuid4()),
                display_name=display_name,
                attributes=dict(attributes),
                started_at=self._clock(),
            )
            self._chats[chat.contact_id] = chat
            self._by_client_token[client_token] = chat.contact_id
            self._by_token[_digest(token)] = chat.contact_id
            return StartedChat(chat.contact_id, chat.participant_id, token), chat, True

    def _participant_token(self, client_token: str) -> str:
        mac = hmac.new(self._secret, client_token.encode(), hashlib.sha256).hexdigest()
        return f"local-{mac}"

    def for_participant(self, token: str) -> LocalChat | None:
        """The chat this participant token speaks in, if any."""
        with self._changed:
            contact_id = self._by_token.get(_digest(token))
            return self._chats.get(contact_id) if contact_id else None

    def get(self, contact_id: str) -> LocalChat | None:
        with self._changed:
            return self._chats.get(contact_id)

    def waiting(self) -> list[LocalChat]:
        """Chats in a queue: the priority queue's first (answered first by every advisor), then the
        longest waiting."""
        from frontdoor.flows.config import PRIORITY_QUEUE

        with self._changed:
            queued = [chat for chat in self._chats.values() if chat.state == ChatState.WAITING]
        return sorted(queued, key=lambda chat: (chat.queue_key != PRIORITY_QUEUE, chat.queued_at))

    def in_state(self, state: ChatState) -> list[LocalChat]:
        with self._changed:
            return sorted(
                (chat for chat in self._chats.values() if chat.state == state), key=lambda c: c.started_at
            )

    def count_waiting_in(self, queue_key: str) -> int:
        return sum(1 for chat in self.waiting() if chat.queue_key == queue_key)

    # --- what happens in a chat --------------------------------------------------------------
    def transcript(self, chat: LocalChat, after: int = 0) -> list[Item]:
        with self._changed:
            return [item for item in chat.items if item.sequence > after]

    def message(self, chat: LocalChat, role: Role, text: str, content_type: str = "text/plain") -> Item:
        """``role`` writes ``text``; ChatEnded once the chat is over."""
        with self._changed:
            if chat.state == ChatState.ENDED:
                raise ChatEnded
            name = {"CUSTOMER": chat.display_name, "AGENT": chat.advisor or "Advisor"}.get(role, SYSTEM_NAME)
            item = self._add(chat, "MESSAGE", role, name, content_type, text)
            if role == "CUSTOMER" and chat.state == ChatState.FLOW:
                chat.inbox.append(text)
            return item

    def typing(self, chat: LocalChat, role: Role) -> Item:
        with self._changed:
            if chat.state == ChatState.ENDED:
                raise ChatEnded
            name = chat.display_name if role == "CUSTOMER" else (chat.advisor or "Advisor")
            return self._add(chat, "EVENT", role, name, TYPING, None)

    def queued(self, chat: LocalChat, queue_key: str, queue_name: str, findings: Mapping[str, str]) -> None:
        """The flow put the chat in a queue: it waits there for an advisor (unless it has ended)."""
        with self._changed:
            chat.findings = {name: findings[name] for name in FLOW_FINDINGS if findings.get(name)}
            if chat.state != ChatState.FLOW:
                return
            chat.state, chat.queue_key, chat.queue_name = ChatState.WAITING, queue_key, queue_name
            chat.queued_at = self._clock()
            chat.inbox.clear()
            self._changed.notify_all()

    def accept(self, contact_id: str, advisor: str) -> LocalChat:
        """An advisor picks up a waiting chat; ChatNotWaiting if it is not waiting any more."""
        with self._changed:
            chat = self._chats.get(contact_id)
            if chat is None or chat.state != ChatState.WAITING:
                raise ChatNotWaiting(contact_id)
            chat.state, chat.advisor = ChatState.CONNECTED, advisor
            self._add(chat, "EVENT", "AGENT", advisor, JOINED, None)
            return chat

    def end(self, chat: LocalChat, by: Role) -> None:
        """``by`` ends the chat (SYSTEM: the flow did). Ending an ended chat changes nothing."""
        with self._changed:
            if chat.state == ChatState.ENDED:
                return
            if by == "CUSTOMER":
                self._add(chat, "EVENT", "CUSTOMER", chat.display_name, LEFT, None)
            elif by == "AGENT":
                self._add(chat, "EVENT", "AGENT", chat.advisor or "Advisor", LEFT, None)
            chat.state = ChatState.ENDED
            self._add(chat, "EVENT", "SYSTEM", SYSTEM_NAME, ENDED, None)
            self._changed.notify_all()

    def next_input(self, chat: LocalChat, wait_seconds: float) -> str | None:
        """For the flow: the resident's next message, None if none comes in time; CallerHungUp
        when the chat ends meanwhile."""
        with self._changed:
            answered = self._changed.wait_for(
                lambda: chat.inbox or chat.state == ChatState.ENDED, timeout=wait_seconds
            )
            if chat.state == ChatState.ENDED:
                raise CallerHungUp
            return chat.inbox.popleft() if answered else None

    def _add(
        self,
        chat: LocalChat,
        kind: Literal["MESSAGE", "EVENT"],
        role: Role,
        name: str,
        type: str,
        text: str | None,
    ) -> Item:
        item = Item(f"{len(chat.items) + 1:06d}", kind, role, name, type, text, self._clock())
        chat.items.append(item)
        self._changed.notify_all()
        return item


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the chat flow --------------------------------------------------------------------------------
class ResidentCaller:
    """The simulator's caller for a chat: what the resident types in the panel, when the flow asks."""

    def __init__(self, chats: LocalChats, chat: LocalChat, wait_seconds: float = INPUT_WAIT_SECONDS) -> None:
        self.chats, self.chat, self.wait_seconds = chats, chat, wait_seconds

    def keys(self, request: InputRequest) -> str | None:
        return self.chats.next_input(self.chat, self.wait_seconds)

    def lex(self, request: InputRequest) -> LexTurn | None:
        return None  # no Lex bot locally: as if the bot understood nothing


class OneAtATime:
    """Each function runs one invocation at a time, like one warm Lambda environment (as the
    gateway runs its routes): chats' flows run on threads of their own, the handlers keep state."""

    def __init__(self, inner: LambdaInvoker) -> None:
        self.inner = inner
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def knows(self, function: str) -> bool:
        return self.inner.knows(function)

    def invoke(self, function: str, event: Mapping[str, Any], timeout_seconds: float) -> LambdaReply:
        with self._guard:
            lock = self._locks.setdefault(function, threading.Lock())
        with lock:
            return self.inner.invoke(function, event, timeout_seconds)


class ChatFlows:
    """Runs the project's chat flow for a chat, with the real Connect-invoked handlers."""

    def __init__(
        self,
        chats: LocalChats,
        *,
        hours: str = "open",
        centre: ProjectContactCentre | None = None,
        invoker: LambdaInvoker | None = None,
        background: bool = True,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        if hours not in HOURS_MODES:
            raise ValueError(f"{HOURS_VARIABLE} must be one of {', '.join(HOURS_MODES)}, not {hours!r}")
        self.chats, self.hours, self.background, self.clock = chats, hours, background, clock
        self._centre = centre
        self._invoker = invoker

    @property
    def centre(self) -> ProjectContactCentre:
        if self._centre is None:
            from local.contact_centre import project_contact_centre

            self._centre = project_contact_centre()
        return self._centre

    @property
    def invoker(self) -> LambdaInvoker:
        if self._invoker is None:
            from local.flow_simulator import HandlerLambdas

            self._invoker = OneAtATime(
                HandlerLambdas(region=os.environ.get("AWS_DEFAULT_REGION", "eu-west-2"))
            )
        return self._invoker

    def start(self, chat: LocalChat) -> None:
        if not self.background:
            self.run(chat)
            return
        threading.Thread(target=self.run, args=(chat,), name="chat-flow", daemon=True).start()

    def run(self, chat: LocalChat) -> None:
        from local.flow_simulator import SimulationError, Simulator, parse_script

        centre = self.centre
        simulator = Simulator(
            script=parse_script(self.script(chat)),
            library=centre.library,
            directory=centre.directory,
            invoker=self.invoker,
            caller=ResidentCaller(self.chats, chat),
            listener=lambda event: self._written(chat, event.kind, event.data),
        )
        try:
            result = simulator.run(centre.flows["chat"])
        except SimulationError as error:
            # The error's type only: its message may quote the flow's data.
            logger.error("chat flow stopped: %s", type(error).__name__)
            self._say(chat, "Sorry, something went wrong on our side. Please try again later, or phone us.")
            self.chats.end(chat, by="SYSTEM")
            return
        self._ended_flow(chat, result)

    def script(self, chat: LocalChat) -> dict[str, Any]:
        """Who is there and what the contact centre looks like, as the simulator takes it."""
        from frontdoor.flows.config import ADVISORS, contact_centre_config

        config = contact_centre_config()
        advisors = config.hours[ADVISORS].name
        forced = {"open": {advisors: True}, "closed": {advisors: False}, "clock": {}}[self.hours]
        return {
            "channel": "CHAT",
            "contact_id": chat.contact_id,
            "at": self.clock().isoformat(),
            "timezone": config.timezone,
            "attributes": dict(chat.attributes),
            "hours": forced,
            # Queue.Size counts the chat itself, as Connect's does once it is in the queue.
            "queue_metrics": {
                queue.name: {"contacts_in_queue": self.chats.count_waiting_in(queue.key) + 1}
                for queue in config.queues
            },
        }

    def _written(self, chat: LocalChat, kind: str, data: Mapping[str, Any]) -> None:
        if kind == "prompt" and data.get("text"):
            self._say(chat, str(data["text"]))

    def _say(self, chat: LocalChat, text: str) -> None:
        try:
            self.chats.message(chat, "SYSTEM", text)
        except ChatEnded:
            pass  # the resident left while the flow was still writing

    def _ended_flow(self, chat: LocalChat, result: SimulationResult) -> None:
        outcome = result.outcome
        left_queue = outcome.queue_flow is not None and outcome.queue_flow.kind in ("disconnect", "hangup")
        queue_key = self._queue_key(outcome.queue)
        if outcome.kind == "queue" and queue_key is not None and not left_queue:
            name = outcome.queue_name or self._queue_name(queue_key)
            self.chats.queued(chat, queue_key, name, result.attributes)
        else:  # disconnected (out of hours, say), transferred away, or the resident left
            self.chats.end(chat, by="SYSTEM")

    def _queue_key(self, queue: str | None) -> str | None:
        from frontdoor.flows.config import contact_centre_config

        for spec in contact_centre_config().queues:
            if self.centre.refs.queue_arn(spec.key) == queue:
                return spec.key
        return None

    @staticmethod
    def _queue_name(key: str) -> str:
        from frontdoor.flows.config import contact_centre_config

        return contact_centre_config().queue(key).name


class LocalConnect:
    """Amazon Connect's StartChatContact, for make run: starts a chat and its flow."""

    def __init__(self, chats: LocalChats, flows: ChatFlows) -> None:
        self.chats, self.flows = chats, flows

    def start_chat_contact(
        self,
        *,
        display_name: str,
        attributes: Mapping[str, str] | None = None,
        client_token: str | None = None,
    ) -> StartedChat:
        started, chat, new = self.chats.start(display_name, attributes or {}, client_token)
        if new:
            self.flows.start(chat)
        return started


_service: LocalConnect | None = None
_service_lock = threading.Lock()


def local_connect() -> LocalConnect:
    """The process's chats and flows (advisors' hours from FRONTDOOR_LOCAL_CHAT_HOURS)."""
    global _service
    with _service_lock:
        if _service is None:
            chats = LocalChats()
            hours = os.environ.get(HOURS_VARIABLE, "open").strip().lower() or "open"
            _service = LocalConnect(chats, ChatFlows(chats, hours=hours))
        return _service


def use_local_connect(replacement: LocalConnect | None) -> None:
    """Tests: a service of their own (None: a fresh one on next use)."""
    global _service
    with _service_lock:
        _service = replacement
