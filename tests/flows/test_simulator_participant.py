"""Participant actions: prompts, keypad and chat input, Lex, loop prompts, third-party transfers."""

from __future__ import annotations

from local.flow_simulator import simulate
from tests.flows.builders import act, flow, hang_up, say


def test_text_prompts_resolve_references_to_contact_data() -> None:
    greeting = (
        "Hello $.Attributes.name on $.Channel from $.CustomerEndpoint.Address, "
        "case $.External.case.reference. Unset: [$.Attributes.missing]."
    )
    result = simulate(
        flow(
            act(
                "lookup",
                "InvokeLambdaFunction",
                {"LambdaFunctionARN": "lookup", "ResponseValidation": {"ResponseType": "JSON"}},
                next="greet",
                errors={"NoMatchingError": "bye"},
            ),
            say("greet", greeting, "bye"),
            hang_up(),
        ),
        {"caller": "+447700900999", "attributes": {"name": "Sam"}},
        stubs={"lookup": {"case": {"reference": "FD-1"}}},
    )

    assert result.prompts() == ["Hello Sam on VOICE from +447700900999, case FD-1. Unset: []."]


def test_ssml_is_shown_as_what_the_caller_hears_and_kept_in_full() -> None:
    result = simulate(
        flow(
            act(
                "speak",
                "MessageParticipant",
                {"SSML": "<speak>Case <say-as>$.Attributes.ref</say-as> &amp; more</speak>"},
                next="bye",
            ),
            hang_up(),
        ),
        {"attributes": {"ref": "123"}},
    )

    (prompt,) = result.of_kind("prompt")
    assert prompt.data["text"] == "Case 123 & more"
    assert prompt.data["ssml"] == "<speak>Case <say-as>123</say-as> &amp; more</speak>"


def test_ssml_on_chat_takes_the_error_branch() -> None:
    result = simulate(
        flow(
            act(
                "speak",
                "MessageParticipant",
                {"SSML": "<speak>Hi</speak>"},
                next="bye",
                errors={"NoMatchingError": "oops"},
            ),
            say("oops", "Sorry", "bye"),
            hang_up(),
        ),
        {"channel": "CHAT"},
    )

    assert result.prompts() == ["Sorry"]


def menu(**errors: str) -> list[dict[str, object]]:
    return [
        act(
            "menu",
            "GetParticipantInput",
            {"Text": "Press 1 for bins or 2 for roads.", "InputTimeLimitSeconds": "5", "StoreInput": "False"},
            conditions=[("Equals", "bins", ["1"]), ("Equals", "roads", ["2"])],
            errors=errors
            or {"InputTimeLimitExceeded": "silent", "NoMatchingCondition": "wrong", "NoMatchingError": "bye"},
        ),
        say("bins", "Bins", "bye"),
        say("roads", "Roads", "bye"),
        say("silent", "We did not hear you", "bye"),
        say("wrong", "That is not an option", "bye"),
        hang_up(),
    ]


def test_menu_choice_takes_its_branch() -> None:
    result = simulate(flow(*menu()), {"inputs": ["2"]})

    assert result.prompts() == ["Press 1 for bins or 2 for roads.", "Roads"]
    assert result.of_kind("input")[0].data["value"] == "2"


def test_menu_key_without_a_branch_takes_no_matching_condition() -> None:
    assert simulate(flow(*menu()), {"inputs": ["9"]}).prompts()[-1] == "That is not an option"


def test_silent_caller_takes_the_timeout_branch() -> None:
    result = simulate(flow(*menu()), {"inputs": []})

    assert result.prompts()[-1] == "We did not hear you"
    assert result.of_kind("input")[0].data["timeout"] is True


def test_timeout_without_its_own_branch_falls_back_to_no_matching_error() -> None:
    result = simulate(flow(*menu(NoMatchingError="silent")), {"inputs": []})

    (branch,) = result.of_kind("branch")
    assert branch.data["why"].startswith("error InputTimeLimitExceeded (as NoMatchingError)")
    assert result.prompts()[-1] == "We did not hear you"


def test_chat_menu_compares_the_typed_text() -> None:
    assert simulate(flow(*menu()), {"channel": "CHAT", "inputs": ["1"]}).prompts()[-1] == "Bins"


def stored_number(validation: dict[str, object]) -> list[dict[str, object]]:
    return [
        act(
            "number",
            "GetParticipantInput",
            {
                "Text": "Key your number",
                "StoreInput": "True",
                "InputTimeLimitSeconds": "5",
                "InputValidation": validation,
            },
            next="read",
            errors={"InvalidPhoneNumber": "invalid", "NoMatchingError": "bye"},
        ),
        say("read", "You keyed $.StoredCustomerInput", "bye"),
        say("invalid", "That is not a phone number", "bye"),
        hang_up(),
    ]


def test_stored_local_uk_number_becomes_e164() -> None:
    validation = {"PhoneNumberValidation": {"NumberFormat": "Local", "CountryCode": "GB"}}

    result = simulate(flow(*stored_number(validation)), {"inputs": ["07700900123#"]})

    assert result.prompts()[-1] == "You keyed +447700900123"


def test_stored_input_that_is_not_a_phone_number_takes_invalid_phone_number() -> None:
    validation = {"PhoneNumberValidation": {"NumberFormat": "E164"}}

    assert (
        simulate(flow(*stored_number(validation)), {"inputs": ["12#"]}).prompts()[-1]
        == "That is not a phone number"
    )


def test_store_customer_input_on_chat_takes_the_error_branch_as_it_is_voice_only() -> None:
    result = simulate(
        flow(*stored_number({"CustomValidation": {"MaximumLength": "20"}})), {"channel": "CHAT"}
    )

    assert any("voice only" in event.data["why"] for event in result.of_kind("branch"))
    assert result.outcome.kind == "disconnect"


def lex_flow() -> list[dict[str, object]]:
    return [
        act(
            "bot",
            "ConnectParticipantWithLexBot",
            {
                "Text": "How can I help?",
                "LexV2Bot": {"AliasArn": "arn:aws:lex:eu-west-2:1:bot-alias/B/A"},
                "LexSessionAttributes": {"caller": "$.CustomerEndpoint.Address"},
            },
            conditions=[("Equals", "status", ["CheckCase"])],
            errors={
                "NoMatchingCondition": "other",
                "InputTimeLimitExceeded": "silent",
                "NoMatchingError": "bye",
            },
        ),
        say("status", "Checking case $.Lex.Slots.reference for $.Lex.SessionAttributes.caller", "bye"),
        say("other", "Let me find someone", "bye"),
        say("silent", "Are you there?", "bye"),
        hang_up(),
    ]


def test_lex_intent_takes_its_branch_with_slots_and_session_attributes() -> None:
    result = simulate(
        flow(*lex_flow()),
        {"caller": "+447700900111", "lex": [{"intent": "CheckCase", "slots": {"reference": "4471"}}]},
    )

    assert result.prompts()[-1] == "Checking case 4471 for +447700900111"
    assert result.of_kind("lex")[0].data["intent"] == "CheckCase"


def test_lex_intent_without_a_branch_is_no_matching_condition() -> None:
    assert simulate(flow(*lex_flow()), {"lex": [{"intent": "Other"}]}).prompts()[-1] == "Let me find someone"


def test_nothing_said_to_the_bot_is_a_timeout() -> None:
    assert simulate(flow(*lex_flow()), {"lex": []}).prompts()[-1] == "Are you there?"


def holding(interrupt: str | None) -> list[dict[str, object]]:
    parameters: dict[str, object] = {
        "Messages": [{"Text": "You are in the queue"}, {"PromptId": "arn:prompt/music"}]
    }
    if interrupt:
        parameters["InterruptFrequencySeconds"] = interrupt
    return [
        act(
            "hold",
            "MessageParticipantIteratively",
            parameters,
            conditions=[("Equals", "again", ["MessagesInterrupted"])],
            errors={"NoMatchingError": "bye"},
        ),
        say("again", "Thanks for waiting", "hold"),
        hang_up(),
    ]


def test_loop_prompts_interrupt_until_the_advisor_answers() -> None:
    result = simulate(flow(*holding("60")), {"agent_answers_after_seconds": 150})

    assert result.prompts().count("Thanks for waiting") == 2  # interrupted at 60 s and 120 s
    assert result.outcome.kind == "agent_answered"


def test_loop_prompts_without_interruptions_play_until_the_advisor_answers() -> None:
    result = simulate(flow(*holding(None)), {"agent_answers_after_seconds": 600})

    assert result.prompts() == ["You are in the queue", "[recorded prompt music]"]
    assert result.outcome.kind == "agent_answered"


def third_party(**parameters: str) -> list[dict[str, object]]:
    return [
        act(
            "transfer",
            "TransferParticipantToThirdParty",
            {
                "ThirdPartyPhoneNumber": "$.Attributes.line",
                "ThirdPartyConnectionTimeLimitSeconds": "30",
                **parameters,
            },
            next="after",
            errors={
                "CallFailed": "failed",
                "ConnectionTimeLimitExceeded": "no_answer",
                "NoMatchingError": "bye",
            },
        ),
        say("after", "The line hung up; back to us", "bye"),
        say("failed", "We could not connect you", "bye"),
        say("no_answer", "Nobody answered", "bye"),
        hang_up(),
    ]


def test_transfer_to_a_number_is_the_outcome() -> None:
    result = simulate(
        flow(*third_party(ContinueFlowExecution="False")), {"attributes": {"line": "+441632960111"}}
    )

    assert result.outcome.kind == "transfer_to_number"
    assert result.outcome.number == "+441632960111"


def test_transfer_to_a_number_that_fails_or_goes_unanswered_takes_those_branches() -> None:
    attributes = {"line": "+441632960111"}
    failed = simulate(flow(*third_party()), {"attributes": attributes, "third_party": "failed"})
    unanswered = simulate(flow(*third_party()), {"attributes": attributes, "third_party": "timeout"})
    invalid = simulate(flow(*third_party()), {"attributes": {"line": "999"}})

    assert failed.prompts() == ["We could not connect you"]
    assert unanswered.prompts() == ["Nobody answered"]
    assert invalid.prompts() == ["We could not connect you"]


def test_flow_carries_on_when_the_third_party_hangs_up_first() -> None:
    result = simulate(
        flow(*third_party()), {"attributes": {"line": "+441632960111"}, "third_party": "returned"}
    )

    assert result.prompts() == ["The line hung up; back to us"]
    assert result.outcome.kind == "disconnect"
