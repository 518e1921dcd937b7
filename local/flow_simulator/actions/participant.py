"""Participant actions: what the caller hears or reads, what they key or type, and hanging up."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from local.flow_simulator.actions.base import Finish, Result, Step
from local.flow_simulator.actions.registry import runs
from local.flow_simulator.caller import InputRequest
from local.flow_simulator.references import as_text, interpolate, resolve, spoken_text
from local.flow_simulator.transcript import Outcome

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# Country calling codes for PhoneNumberValidation with NumberFormat Local (a few, widen as needed).
CALLING_CODES = {
    "GB": "44",
    "IE": "353",
    "US": "1",
    "CA": "1",
    "AU": "61",
    "NZ": "64",
    "DE": "49",
    "FR": "33",
}


def say(step: Step, message: Mapping[str, Any]) -> str | None:
    """Emit the prompt a message holds (Text, SSML, PromptId or Media); None when it holds none.

    Returns a reason when the channel cannot carry it (SSML and prompts are voice only).
    """
    data = step.state.flow_data()
    channel = step.state.channel
    for key in ("Text", "SSML", "PromptId"):
        step.notice_unknown_references(key, message.get(key))
    if "Text" in message:
        text = interpolate(as_text(message["Text"]), data)
        step.emit("prompt", text=text, channel=channel)
    elif "SSML" in message:
        if not step.state.is_voice:
            return "SSML is spoken, so it is for voice contacts only"
        ssml = interpolate(as_text(message["SSML"]), data)
        step.emit("prompt", text=spoken_text(ssml), ssml=ssml, channel=channel)
    elif "PromptId" in message:
        if not step.state.is_voice:
            return "recorded prompts are for voice contacts only"
        prompt = as_text(resolve(message["PromptId"], data))
        name = step.flow.prompt_names.get(prompt) or prompt.rsplit("/", 1)[-1]
        step.emit("prompt", text=f"[recorded prompt {name}]", prompt=prompt, channel=channel)
    elif isinstance(message.get("Media"), Mapping):
        uri = as_text(resolve(message["Media"].get("Uri"), data))
        step.emit("prompt", text=f"[audio {uri}]", media=uri, channel=channel)
    return None


@runs("MessageParticipant")
def message_participant(step: Step) -> Result:
    problem = say(step, step.action.parameters)
    return step.error("NoMatchingError", problem) if problem else step.next()


@runs("DisconnectParticipant")
def disconnect_participant(step: Step) -> Result:
    step.emit("transfer", text="disconnects the contact")
    return Finish(Outcome("disconnect"))


@runs("GetParticipantInput")
def get_participant_input(step: Step) -> Result:
    stored = as_text(step.action.parameters.get("StoreInput", "False")).lower() == "true"
    if stored and not step.state.is_voice:
        return step.error("NoMatchingError", "Store customer input collects keys, so it works on voice only")
    problem = say(step, step.action.parameters)
    if problem:
        return step.error("NoMatchingError", problem)
    options = tuple(as_text(operand) for c in step.action.transitions.conditions for operand in c.operands)
    last_prompt = _last_prompt(step)
    answer = step.services.caller.keys(InputRequest(step.state.channel, last_prompt, stored, options))
    if stored:
        return _store_input(step, answer)
    if answer is None:
        step.emit("input", timeout=True, channel=step.state.channel)
        return step.error("InputTimeLimitExceeded", "no input")
    step.emit("input", value=answer, channel=step.state.channel)
    return step.choose(answer, label=f"input {answer!r}")


def _last_prompt(step: Step) -> str:
    for event in reversed(step.services.events):
        if event.kind == "prompt":
            return str(event.data.get("text", ""))
    return ""


def _store_input(step: Step, answer: str | None) -> Result:
    if answer is None:
        # Connect's Store customer input: silence still takes the success branch, storing "Timeout".
        step.state.stored_input = "Timeout"
        step.emit("input", timeout=True, channel=step.state.channel, stored="Timeout")
        return step.next()
    keys = _gathered(step.action.parameters, answer)
    step.emit("input", value=keys, channel=step.state.channel, stored=keys)
    validation = step.action.parameters.get("InputValidation") or {}
    phone = validation.get("PhoneNumberValidation") if isinstance(validation, Mapping) else None
    if isinstance(phone, Mapping):
        number = _phone_number(keys, phone)
        if number is None:
            step.state.stored_input = keys
            return step.error("InvalidPhoneNumber", f"{keys!r} is not a valid phone number")
        keys = number
    step.state.stored_input = keys
    return step.next()


def _gathered(parameters: Mapping[str, Any], keys: str) -> str:
    """The keys Connect keeps: up to the terminator, after the last cancel, at most MaximumLength."""
    dtmf = parameters.get("DTMFConfiguration") or {}
    terminator = as_text(dtmf.get("InputTerminationSequence") or "#")
    keys = keys.split(terminator, 1)[0]
    if as_text(dtmf.get("DisableCancelKey", "False")).lower() != "true" and "*" in keys:
        keys = keys.rsplit("*", 1)[1]
    validation = parameters.get("InputValidation") or {}
    custom = validation.get("CustomValidation") if isinstance(validation, Mapping) else None
    if isinstance(custom, Mapping) and str(custom.get("MaximumLength", "")).isdigit():
        keys = keys[: int(custom["MaximumLength"])]
    return keys


def _phone_number(keys: str, validation: Mapping[str, Any]) -> str | None:
    digits = keys.lstrip("+")
    if not digits.isdigit():
        return None
    if as_text(validation.get("NumberFormat")) == "Local":
        code = CALLING_CODES.get(as_text(validation.get("CountryCode")).upper())
        if code is None:
            return None
        number = f"+{code}{digits[1:] if digits.startswith('0') else digits}"
    else:
        number = f"+{digits}"
    return number if E164.match(number) else None


@runs("ConnectParticipantWithLexBot")
def connect_participant_with_lex_bot(step: Step) -> Result:
    problem = say(step, step.action.parameters)
    if problem:
        return step.error("NoMatchingError", problem)
    bot = step.value("LexV2Bot") or step.value("LexBot") or {}
    bot_name = (
        as_text(bot.get("AliasArn") or bot.get("Name") or "a Lex bot") if isinstance(bot, Mapping) else "?"
    )
    # The reference spells it LexInitilizationData; exports spell it properly. Either works.
    initialization = step.value("LexInitializationData") or step.value("LexInitilizationData") or {}
    initial = initialization.get("InitialMessage") if isinstance(initialization, Mapping) else None
    if initial:
        step.emit("input", value=as_text(initial), channel=step.state.channel, to_bot=True)
    turn = step.services.caller.lex(InputRequest(step.state.channel, _last_prompt(step), False, bot=True))
    if turn is None or turn.outcome == "timeout":
        step.emit("lex", bot=bot_name, outcome="timeout")
        return step.error("InputTimeLimitExceeded", "the caller said nothing to the bot")
    if turn.outcome == "error":
        step.emit("lex", bot=bot_name, outcome="error")
        return step.error("NoMatchingError", "the bot failed")
    given = step.value("LexSessionAttributes") or {}
    session = {**{as_text(k): as_text(v) for k, v in given.items()}, **turn.session_attributes}
    step.state.lex = {
        "IntentName": turn.intent,
        "Slots": dict(turn.slots),
        "SessionAttributes": session,
        **{name: value for name, value in turn.slots.items()},
    }
    step.emit("lex", bot=bot_name, intent=turn.intent, slots=dict(turn.slots), session_attributes=session)
    return step.choose(turn.intent, label=f"intent {turn.intent!r}")


@runs("MessageParticipantIteratively")
def message_participant_iteratively(step: Step) -> Result:
    """Loop prompts while the caller waits. The simulation plays them once per visit; the advisor
    answers here once ``agent_answers_after_seconds`` have passed (or at once, with no interruption)."""
    if not step.state.is_voice:
        return step.error("NoMatchingError", "Loop prompts take the error branch on chat")
    messages = step.action.parameters.get("Messages")
    if not isinstance(messages, list) or not messages:
        raise step.malformed("Messages must be a non-empty list")
    for message in messages:
        if isinstance(message, Mapping):
            say(step, message)
    interrupt = step.text("InterruptFrequencySeconds")
    answers_after = step.state.script.agent_answers_after_seconds
    if not interrupt or step.state.elapsed_seconds + float(interrupt) >= answers_after:
        step.state.elapsed_seconds = max(step.state.elapsed_seconds, answers_after)
        step.emit("transfer", text="an advisor answers")
        return Finish(Outcome("agent_answered"))
    step.state.elapsed_seconds += float(interrupt)
    step.emit("wait", seconds=float(interrupt), result="MessagesInterrupted")
    return step.choose("MessagesInterrupted")


@runs("TransferParticipantToThirdParty")
def transfer_participant_to_third_party(step: Step) -> Result:
    if not step.state.is_voice:
        return step.error("NoMatchingError", "a transfer to a phone number is for voice contacts only")
    number = step.text("ThirdPartyPhoneNumber")
    if not number or not E164.match(number):
        return step.error("CallFailed", f"{number!r} is not an E.164 phone number")
    how = step.state.script.third_party
    if how == "failed":
        return step.error("CallFailed", f"the call to {number} failed (script)")
    if how == "timeout":
        return step.error("ConnectionTimeLimitExceeded", f"{number} did not answer in time (script)")
    step.emit("transfer", text=f"transfers the caller to {number}", number=number)
    continues = as_text(step.action.parameters.get("ContinueFlowExecution", "True")).lower() != "false"
    if how == "returned" and continues:
        step.note(f"{number} hung up with the caller still on the line; the flow carries on")
        return step.next()
    return Finish(Outcome("transfer_to_number", number=number))
