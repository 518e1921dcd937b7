"""The four flows from other Connect projects (../shared/connect-flows) run to sensible outcomes."""

from __future__ import annotations

from pathlib import Path

from local.flow_simulator import FlowLibrary, load_flow, simulate
from tests.flows.builders import act, flow, hang_up

BANKID_LAMBDA = "REPLACE_WITH_LAMBDA_FUNCTION_ARN"
BANKID_QUEUE = "REPLACE_WITH_SAMPLE_BASIC_QUEUE_ARN"
SORRY = "Sorry. We cannot take your call right now. Please call back later. Goodbye."
CHAT_TARGET_FLOW = (
    "arn:aws:connect:us-west-2:112008460156:instance/62d1b489-30e5-4fcf-a424-adb5de646f03/"
    "contact-flow/5e138191-aa92-46bc-9d80-54bce5233d5d"
)


# --- BankID: keypad input stored and compared, Loop, Lambda, queue transfer ------------------


def test_bankid_caller_verified_by_the_lambda_is_greeted_by_name_and_queued(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "bankid-auth-inbound.json",
        {
            "inputs": ["197001011234#"],
            "lambdas": {BANKID_LAMBDA: {"status": "complete", "givenName": "Anna"}},
        },
    )

    (call,) = result.of_kind("lambda")
    assert call.data["parameters"] == {"orderRef": "", "personnummer": "197001011234"}
    assert call.data["result"] == {"status": "complete", "givenName": "Anna"}
    assert any(e.data["why"].endswith("Equals complete") for e in result.of_kind("branch"))
    assert "Hello, Anna. Please hold while we connect you to an agent." in result.prompts()
    assert result.outcome.kind == "queue"
    assert result.outcome.queue == BANKID_QUEUE
    settings = result.contact["settings"]
    assert settings["TextToSpeechVoice"] == "Amy"
    assert settings["RecordingBehavior"] == {"RecordedParticipants": ["Agent", "Customer"]}


def test_bankid_keeps_the_keys_before_the_terminator_and_at_most_twelve(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "bankid-auth-inbound.json",
        {
            "inputs": ["1970010112345678#9"],
            "lambdas": {BANKID_LAMBDA: {"status": "complete", "givenName": "A"}},
        },
    )

    (keyed,) = result.of_kind("input")
    assert keyed.data["stored"] == "197001011234"
    assert result.of_kind("lambda")[0].data["parameters"]["personnummer"] == "197001011234"


def test_bankid_polls_while_pending_then_greets_when_complete(shared_flows: Path) -> None:
    pending_then_complete = {"sequence": [{"status": "pending"}, {"status": "complete", "givenName": "Bo"}]}
    result = simulate(
        shared_flows / "bankid-auth-inbound.json",
        {"inputs": ["197001011234"], "lambdas": {BANKID_LAMBDA: pending_then_complete}},
    )

    assert [e.data["result"]["status"] for e in result.of_kind("lambda")] == ["pending", "complete"]
    assert any("loop 1 of 2" in e.data["why"] for e in result.of_kind("branch"))
    assert result.outcome.kind == "queue"


def test_bankid_gives_up_after_the_loop_count_when_always_pending(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "bankid-auth-inbound.json",
        {"inputs": ["197001011234"], "lambdas": {BANKID_LAMBDA: {"status": "pending"}}},
    )

    assert len(result.of_kind("lambda")) == 3  # the first call and two loops round
    assert result.prompts()[-1] == SORRY
    assert result.outcome.kind == "disconnect"


def test_bankid_apologises_and_hangs_up_when_the_lambda_fails(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "bankid-auth-inbound.json",
        {"inputs": ["197001011234"], "lambdas": {BANKID_LAMBDA: {"raise": "BankID is down"}}},
    )

    (call,) = result.of_kind("lambda")
    assert "BankID is down" in call.data["error"]
    assert result.prompts()[-1] == SORRY
    assert result.outcome.kind == "disconnect"


def test_bankid_takes_the_queue_at_capacity_branch_when_the_queue_is_full(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "bankid-auth-inbound.json",
        {
            "inputs": ["197001011234"],
            "lambdas": {BANKID_LAMBDA: {"status": "complete", "givenName": "A"}},
            "full_queues": [BANKID_QUEUE],
        },
    )

    assert any(e.data["why"].startswith("error QueueAtCapacity") for e in result.of_kind("branch"))
    assert result.outcome.kind == "disconnect"


def test_bankid_silent_caller_stores_timeout_as_connect_does(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "bankid-auth-inbound.json",
        {"inputs": [], "lambdas": {BANKID_LAMBDA: {"status": "failed"}}},
    )

    assert result.of_kind("lambda")[0].data["parameters"]["personnummer"] == "Timeout"
    assert result.outcome.kind == "disconnect"


# --- Chat with a third-party Lex bot: Lex, Compare, TransferToFlow, EndFlowExecution ---------


def test_chat_bot_asking_for_an_agent_transfers_to_the_queue_flow(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "chat-third-party-bot.json",
        {
            "channel": "CHAT",
            "lex": [{"intent": "Help", "session_attributes": {"shouldRouteToAgent": "true"}}],
        },
    )

    (lex,) = result.of_kind("lex")
    assert lex.data["intent"] == "Help"
    assert 'shouldRouteToAgent\']: " true "' in result.prompts()[3]
    assert result.outcome.kind == "transfer_to_flow"
    assert result.outcome.flow == CHAT_TARGET_FLOW


def test_chat_transfer_runs_the_target_flow_when_the_library_has_it(shared_flows: Path) -> None:
    basic_queue = flow(
        act("set", "UpdateContactTargetQueue", {"QueueId": "arn:aws:connect:queue/basic"}, next="go"),
        act("go", "TransferContactToQueue", errors={"NoMatchingError": "bye"}),
        hang_up(),
        name="Sample queue configuration",
    )
    library = FlowLibrary()
    library.add(basic_queue, CHAT_TARGET_FLOW)

    result = simulate(
        shared_flows / "chat-third-party-bot.json",
        {
            "channel": "CHAT",
            "lex": [{"intent": "Help", "session_attributes": {"shouldRouteToAgent": "true"}}],
        },
        library=library,
    )

    assert [e.data["name"] for e in result.of_kind("flow")] == [
        "ThirdPartyBotBoilerplateFlow",
        "Sample queue configuration",
    ]
    assert result.outcome.kind == "queue"
    assert result.outcome.queue == "arn:aws:connect:queue/basic"


def test_chat_bot_not_routing_to_an_agent_ends_the_flow(shared_flows: Path) -> None:
    result = simulate(
        shared_flows / "chat-third-party-bot.json",
        {
            "channel": "CHAT",
            "lex": [{"intent": "Goodbye", "session_attributes": {"shouldRouteToAgent": "false"}}],
        },
    )

    assert result.prompts()[-1].startswith("Routing contact attribute was false or undefined.")
    assert result.outcome.kind == "end"


def test_chat_customer_saying_nothing_to_the_bot_takes_the_error_path(shared_flows: Path) -> None:
    result = simulate(shared_flows / "chat-third-party-bot.json", {"channel": "CHAT", "lex": []})

    assert result.of_kind("lex")[0].data["outcome"] == "timeout"
    assert result.prompts()[-1].startswith("An error or timeout occured during the bot interaction.")
    assert result.outcome.kind == "end"


# --- IVR voicemail: attributes, IVR recording, input, disconnect ----------------------------


def test_voicemail_records_the_callers_number_and_hangs_up_after_the_message(shared_flows: Path) -> None:
    result = simulate(shared_flows / "ivr-voicemail.json", {"caller": "+447700900456", "inputs": []})

    assert result.attributes["voicemail"] == "true"
    assert result.attributes["phoneNumber"] == "+447700900456"
    assert result.contact["settings"]["RecordingBehavior"]["IVRRecordingBehavior"] == "Enabled"
    assert result.prompts()[:2] == [
        "Sorry, we cannot take your call at the moment, please leave a message after the tone.",
        "beep",
    ]
    assert any(e.data["why"].startswith("error InputTimeLimitExceeded") for e in result.of_kind("branch"))
    assert result.outcome.kind == "disconnect"


# --- Customer queue, wrapped export: Content as a JSON string, loop prompts ---------------------


def test_wrapped_customer_queue_flow_loads_with_its_name_and_type(shared_flows: Path) -> None:
    queue_flow = load_flow(shared_flows / "customer-queue-wrapped.json")

    assert queue_flow.name == "ACME_customer_queue_AUTO"
    assert queue_flow.type == "CUSTOMER_QUEUE"
    assert queue_flow.prompt_names == {"PROMPT#CustomerQueue": "CustomerQueue.wav"}


def test_wrapped_customer_queue_flow_plays_its_loop_until_an_advisor_answers(shared_flows: Path) -> None:
    result = simulate(shared_flows / "customer-queue-wrapped.json", {})

    assert result.prompts() == [
        "Hi, Thanks for calling. Please stay on the line for the next available representative.",
        "[recorded prompt CustomerQueue.wav]",
    ]
    assert result.outcome.kind == "agent_answered"


def test_queue_transfer_runs_the_customer_queue_flow_set_by_the_event_hook(shared_flows: Path) -> None:
    inbound = flow(
        act(
            "hook",
            "UpdateContactEventHooks",
            {"EventHooks": {"CustomerQueue": "ACME_customer_queue_AUTO"}},
            next="q",
        ),
        act("q", "UpdateContactTargetQueue", {"QueueId": "arn:aws:connect:queue/basic"}, next="go"),
        act("go", "TransferContactToQueue", errors={"NoMatchingError": "bye"}),
        hang_up(),
    )

    result = simulate(
        inbound, {}, library=FlowLibrary.from_paths([shared_flows / "customer-queue-wrapped.json"])
    )

    assert result.outcome.kind == "queue"
    assert result.outcome.queue_flow is not None
    assert result.outcome.queue_flow.kind == "agent_answered"
    assert "[recorded prompt CustomerQueue.wav]" in result.prompts()


def test_loop_prompts_on_chat_take_the_error_branch(shared_flows: Path) -> None:
    result = simulate(shared_flows / "customer-queue-wrapped.json", {"channel": "CHAT"})

    assert result.prompts() == []
    assert result.outcome.kind == "disconnect"
