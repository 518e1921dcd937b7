"""make run's chat service, in memory: chats as Amazon Connect holds them, and the project's chat
flow running them in the simulator (Connect-invoked functions stubbed here; the real handlers run
in tests/integration/local/test_chat_on_the_gateway.py)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from frontdoor.flows.config import contact_centre_config
from frontdoor.flows.project.hours import closed_notice
from local.chat_service import (
    ENDED,
    JOINED,
    LEFT,
    TYPING,
    ChatEnded,
    ChatFlows,
    ChatNotWaiting,
    ChatState,
    LocalChat,
    LocalChats,
    LocalConnect,
    ResidentCaller,
)
from local.contact_centre import project_contact_centre
from local.flow_simulator import InputRequest, LambdaReply, StubbedLambdas, parse_flow
from local.flow_simulator.caller import CallerHungUp

IDENTIFY = "frontdoor-local-identify-caller"
NEW_RESIDENT = {"outcome": "ok", "known": "false", "priority": "false", "open_cases": "0"}
VULNERABLE = {**NEW_RESIDENT, "known": "true", "priority": "true"}
WITH_A_CASE = {
    **NEW_RESIDENT,
    "known": "true",
    "open_cases": "1",
    "case_reference": "260000042",
    "case_speech": "Your request 260000042 about a pothole is open.",
}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def chats(clock: Clock) -> LocalChats:
    return LocalChats(clock=clock)


def connect(chats: LocalChats, identify: dict[str, str] | None = None, hours: str = "open") -> LocalConnect:
    flows = ChatFlows(
        chats,
        hours=hours,
        invoker=StubbedLambdas({IDENTIFY: identify or NEW_RESIDENT}),
        background=False,
    )
    return LocalConnect(chats, flows)


def contents(chats: LocalChats, chat: LocalChat) -> list[str]:
    return [item.content or "" for item in chats.transcript(chat) if item.type == "MESSAGE"]


def started(service: LocalConnect, **attributes: str) -> LocalChat:
    answer = service.start_chat_contact(display_name="Sam", attributes=attributes)
    chat = service.chats.get(answer.contact_id)
    assert chat is not None
    return chat


# --- the chat flow ---------------------------------------------------------------------------------
def test_the_flow_greets_the_resident_and_queues_the_chat_for_the_team_of_its_topic(chats: LocalChats):
    chat = started(connect(chats), topic="highways")

    assert chat.state == ChatState.WAITING
    assert (chat.queue_key, chat.queue_name) == ("highways", "Highways")
    assert contents(chats, chat)[:2] == [contact_centre_config().greeting, "Putting you through to Highways."]
    assert [waiting.contact_id for waiting in chats.waiting()] == [chat.contact_id]


def test_a_chat_without_a_topic_waits_for_customer_services(chats: LocalChats):
    chat = started(connect(chats))
    assert chat.queue_name == "Customer Services"


def test_a_vulnerable_resident_goes_to_the_priority_queue_and_is_answered_first(
    chats: LocalChats, clock: Clock
):
    first = started(connect(chats), topic="waste")
    clock.advance(60)
    vulnerable = started(connect(chats, identify=VULNERABLE), topic="waste", caller_phone="+447700900123")

    assert (vulnerable.queue_key, vulnerable.queue_name) == ("priority", "Priority callers")
    assert vulnerable.priority and not first.priority
    assert [chat.contact_id for chat in chats.waiting()] == [vulnerable.contact_id, first.contact_id]


class RecordingLambdas:
    """identify_caller answering as for a new resident, keeping the parameters it was given."""

    def __init__(self) -> None:
        self.parameters: list[dict[str, Any]] = []

    def knows(self, function: str) -> bool:
        return function.endswith(IDENTIFY)

    def invoke(self, function: str, event: Mapping[str, Any], timeout_seconds: float) -> LambdaReply:
        self.parameters.append(dict(event["Details"]["Parameters"]))
        return LambdaReply(payload=NEW_RESIDENT)


def test_the_flow_passes_the_number_the_resident_gave_to_identify_caller(chats: LocalChats):
    lambdas = RecordingLambdas()
    service = LocalConnect(chats, ChatFlows(chats, invoker=lambdas, background=False))

    started(service, caller_phone="+447700900123", topic="waste")
    started(service, topic="waste")

    assert lambdas.parameters == [{"phone": "+447700900123"}, {"phone": ""}]


def test_a_resident_with_an_open_case_hears_it_and_the_advisor_sees_its_reference(chats: LocalChats):
    chat = started(connect(chats, identify=WITH_A_CASE), topic="waste")

    assert "Welcome back. Your request 260000042 about a pothole is open." in contents(chats, chat)
    assert chat.findings == {
        "caller_known": "true",
        "caller_priority": "false",
        "case_reference": "260000042",
    }


def test_out_of_advisors_hours_the_flow_says_when_they_are_in_and_the_chat_ends(chats: LocalChats):
    chat = started(connect(chats, hours="closed"), topic="waste")

    assert chat.state == ChatState.ENDED
    assert closed_notice(contact_centre_config()) in contents(chats, chat)
    assert chats.transcript(chat)[-1].content_type == ENDED
    assert chats.waiting() == []


def test_the_queue_size_the_flow_reads_counts_the_chats_already_waiting_there(chats: LocalChats):
    service = connect(chats)
    started(service, topic="waste")
    started(service, topic="waste")

    third = started(service, topic="waste")

    assert "Thank you for waiting. Contacts waiting now, yours included: 3." in contents(chats, third)


def test_advisors_hours_follow_the_mode_asked_for(chats: LocalChats):
    chat = LocalChat("c", "p", "Sam", {}, datetime(2026, 11, 23, tzinfo=UTC))

    def forced(mode: str) -> dict[str, bool]:
        return dict(ChatFlows(chats, hours=mode).script(chat)["hours"])

    assert forced("open") == {"Advisors": True}
    assert forced("closed") == {"Advisors": False}
    assert forced("clock") == {}
    with pytest.raises(ValueError, match="FRONTDOOR_LOCAL_CHAT_HOURS"):
        ChatFlows(chats, hours="sometimes")


class BrokenCentre:
    """The project's contact centre, but with a chat flow that cannot run (a step to nowhere)."""

    def __init__(self) -> None:
        real = project_contact_centre()
        self.refs, self.library, self.directory = real.refs, real.library, real.directory
        self.flows = {
            "chat": parse_flow(
                {
                    "Version": "2019-10-30",
                    "StartAction": "hello",
                    "Actions": [
                        {
                            "Identifier": "hello",
                            "Type": "MessageParticipant",
                            "Parameters": {"Text": "Hello."},
                            "Transitions": {"NextAction": "nowhere"},
                        }
                    ],
                }
            )
        }


def test_a_flow_that_cannot_run_apologises_and_ends_the_chat(chats: LocalChats):
    flows = ChatFlows(chats, centre=BrokenCentre(), invoker=StubbedLambdas({}), background=False)  # type: ignore[arg-type]

    chat = started(LocalConnect(chats, flows))

    assert contents(chats, chat) == [
        "Hello.",
        "Sorry, something went wrong on our side. Please try again later, or phone us.",
    ]
    assert chat.state == ChatState.ENDED


# --- starting and finding chats --------------------------------------------------------------------
def test_a_retried_start_with_the_same_client_token_joins_the_same_chat_with_the_same_token(
    chats: LocalChats,
):
    first, chat, new = chats.start("Sam", {"topic": "waste"}, client_token="retry-me")
    again, same, new_again = chats.start("Sam", {"topic": "waste"}, client_token="retry-me")
    other, _, _ = chats.start("Sam", {"topic": "waste"}, client_token="another")

    assert (new, new_again) == (True, False)
    assert again == first and same is chat
    assert other.contact_id != first.contact_id and other.participant_token != first.participant_token


def test_the_participant_token_finds_its_chat_and_is_never_kept(chats: LocalChats):
    answer, chat, _ = chats.start("Sam", {}, client_token="t1")

    assert chats.for_participant(answer.participant_token) is chat
    assert chats.for_participant(answer.participant_token + "x") is None
    assert chats.for_participant("") is None
    kept = repr(vars(chats)) + repr(vars(chat))
    assert answer.participant_token not in kept


def test_transcript_items_have_amazon_connects_shape_and_page_by_id(chats: LocalChats, clock: Clock):
    _, chat, _ = chats.start("Sam", {})
    chats.message(chat, "SYSTEM", "Welcome.")
    clock.advance(1.5)
    chats.message(chat, "CUSTOMER", "My bin was missed")

    first, second = chats.transcript(chat)

    assert second.to_connect() == {
        "Id": "000002",
        "Type": "MESSAGE",
        "ParticipantRole": "CUSTOMER",
        "DisplayName": "Sam",
        "ContentType": "text/plain",
        "Content": "My bin was missed",
        "AbsoluteTime": "2026-11-23T10:00:01.500Z",
    }
    assert first.to_connect()["DisplayName"] == "SYSTEM_MESSAGE"
    assert chats.transcript(chat, after=first.sequence) == [second]


# --- advisors ------------------------------------------------------------------------------------
def test_an_advisor_picks_up_a_waiting_chat_once_and_the_resident_sees_them_join(chats: LocalChats):
    chat = started(connect(chats), topic="waste")

    chats.accept(chat.contact_id, "Alex")

    assert chat.state == ChatState.CONNECTED and chats.waiting() == []
    joined = chats.transcript(chat)[-1].to_connect()
    assert (joined["Type"], joined["ContentType"], joined["ParticipantRole"], joined["DisplayName"]) == (
        "EVENT",
        JOINED,
        "AGENT",
        "Alex",
    )
    with pytest.raises(ChatNotWaiting):
        chats.accept(chat.contact_id, "Another advisor")
    with pytest.raises(ChatNotWaiting):
        chats.accept("no-such-chat", "Alex")


def test_resident_and_advisor_exchange_messages_until_the_advisor_ends_the_chat(chats: LocalChats):
    chat = started(connect(chats), topic="waste")
    chats.accept(chat.contact_id, "Alex")
    seen = chats.transcript(chat)[-1].sequence

    chats.message(chat, "CUSTOMER", "My bin was missed")
    chats.message(chat, "AGENT", "Sorry about that, Sam")
    chats.end(chat, by="AGENT")

    after = [
        (item.role, item.display_name, item.content_type, item.content)
        for item in chats.transcript(chat, seen)
    ]
    assert after == [
        ("CUSTOMER", "Sam", "text/plain", "My bin was missed"),
        ("AGENT", "Alex", "text/plain", "Sorry about that, Sam"),
        ("AGENT", "Alex", LEFT, None),
        ("SYSTEM", "SYSTEM_MESSAGE", ENDED, None),
    ]
    with pytest.raises(ChatEnded):
        chats.message(chat, "CUSTOMER", "Hello?")
    chats.end(chat, by="CUSTOMER")  # already over: nothing more happens
    assert chats.transcript(chat)[-1].content_type == ENDED and len(chats.transcript(chat, seen)) == 4


def test_a_resident_who_leaves_while_waiting_is_no_longer_waiting(chats: LocalChats):
    chat = started(connect(chats), topic="waste")

    chats.end(chat, by="CUSTOMER")

    assert chats.waiting() == []
    assert [item.content_type for item in chats.transcript(chat)[-2:]] == [LEFT, ENDED]
    with pytest.raises(ChatNotWaiting):
        chats.accept(chat.contact_id, "Alex")


def test_typing_shows_until_the_typist_sends_a_message(chats: LocalChats, clock: Clock):
    _, chat, _ = chats.start("Sam", {})
    assert chat.last_typing("CUSTOMER") is None

    chats.typing(chat, "CUSTOMER")
    typed_at = clock.now
    clock.advance(2)
    assert chat.last_typing("CUSTOMER") == typed_at
    assert chats.transcript(chat)[-1].content_type == TYPING

    chats.message(chat, "CUSTOMER", "Hello")
    assert chat.last_typing("CUSTOMER") is None


# --- a flow that asks the resident something ---------------------------------------------------------
def test_the_flow_reads_what_the_resident_types_while_it_runs(chats: LocalChats):
    _, chat, _ = chats.start("Sam", {})
    caller = ResidentCaller(chats, chat, wait_seconds=5)
    request = InputRequest(channel="CHAT", prompt="What is your reference?", stored=True)
    answers: list[Any] = []
    asking = threading.Thread(target=lambda: answers.append(caller.keys(request)))

    asking.start()
    chats.message(chat, "CUSTOMER", "260000042")
    asking.join(timeout=5)

    assert answers == ["260000042"]


def test_a_resident_who_says_nothing_is_silent_and_one_who_leaves_hangs_up(chats: LocalChats):
    _, chat, _ = chats.start("Sam", {})
    request = InputRequest(channel="CHAT", prompt="Anything?", stored=False)

    assert ResidentCaller(chats, chat, wait_seconds=0.01).keys(request) is None
    chats.end(chat, by="CUSTOMER")
    with pytest.raises(CallerHungUp):
        ResidentCaller(chats, chat, wait_seconds=5).keys(request)
    assert ResidentCaller(chats, chat).lex(request) is None  # no Lex bot locally


def test_messages_sent_while_waiting_are_not_kept_for_the_flow(chats: LocalChats):
    chat = started(connect(chats), topic="waste")

    chats.message(chat, "CUSTOMER", "Are you there?")

    assert not chat.inbox and contents(chats, chat)[-1] == "Are you there?"
