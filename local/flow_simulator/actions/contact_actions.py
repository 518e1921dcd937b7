"""Contact actions: attributes, the target queue, queue transfers, callbacks and contact settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from local.flow_simulator.actions.base import Finish, Result, Step
from local.flow_simulator.actions.participant import E164
from local.flow_simulator.actions.registry import runs
from local.flow_simulator.contact import QueueRef
from local.flow_simulator.references import as_text
from local.flow_simulator.transcript import Outcome


def _resolved_map(step: Step, name: str) -> dict[str, Any]:
    value = step.value(name)
    if not isinstance(value, Mapping):
        raise step.malformed(f"{name} must be an object of key -> value")
    return {as_text(key): item for key, item in value.items()}


@runs("UpdateContactAttributes")
def update_contact_attributes(step: Step) -> Result:
    updates = _resolved_map(step, "Attributes")
    # All or nothing, like the API: values are worked out first, then set together.
    for key, value in updates.items():
        if value is None:
            step.note(f"attribute {key} refers to something unset; Connect leaves it empty")
        step.state.attributes[key] = as_text(value)
    for key in updates:
        step.emit("attribute", scope="contact", name=key, value=step.state.attributes[key])
    return step.next()


@runs("UpdateFlowAttributes")
def update_flow_attributes(step: Step) -> Result:
    for key, value in _resolved_map(step, "FlowAttributes").items():
        # Exports write {"key": {"Value": "..."}}; a bare value is accepted too.
        text = as_text(value.get("Value") if isinstance(value, Mapping) else value)
        step.state.flow_attributes[key] = text
        step.emit("attribute", scope="flow", name=key, value=text)
    return step.next()


def _queue_or_agent(step: Step) -> str | None:
    return step.text("QueueId") or step.text("AgentId")


@runs("UpdateContactTargetQueue")
def update_contact_target_queue(step: Step) -> Result:
    reference = _queue_or_agent(step)
    if not reference:
        return step.error("NoMatchingError", "no QueueId or AgentId to set")
    step.state.target_queue = step.queue_ref(reference)
    step.emit("setting", setting="target queue", value=step.state.target_queue.label, queue=reference)
    return step.next()


def queue_is_full(step: Step, queue: QueueRef) -> bool:
    full = set(step.state.script.full_queues)
    return bool(full & {queue.reference, queue.name, queue.reference.rsplit("/", 1)[-1]})


@runs("TransferContactToQueue")
def transfer_contact_to_queue(step: Step) -> Result:
    reference = _queue_or_agent(step)
    queue = step.queue_ref(reference) if reference else step.state.target_queue
    if queue is None:
        return step.error("NoMatchingError", "no target queue: set one with UpdateContactTargetQueue first")
    if queue_is_full(step, queue):
        return step.error("QueueAtCapacity", f"{queue.label} is full (script)")
    step.emit("transfer", text=f"puts the contact in queue {queue.label}", queue=queue.reference)
    return Finish(Outcome("queue", queue=queue.reference, queue_name=queue.name))


@runs("UpdateContactEventHooks")
def update_contact_event_hooks(step: Step) -> Result:
    for hook, flow in _resolved_map(step, "EventHooks").items():
        reference = as_text(flow)
        step.state.event_hooks[hook] = reference
        library, directory = step.services.library, step.services.directory
        target = library.get(reference) or library.get(directory.flow_name(reference))
        name = target.name if target else directory.flow_name(reference) or reference
        step.emit("setting", setting=f"{hook} flow", value=name, target_flow=reference)
    return step.next()


def _setting(name: str, *parameters: str) -> None:
    """Actions that only change how the contact is handled: recorded in the transcript and state."""

    @runs(name)
    def update(step: Step) -> Result:
        values = {key: step.value(key) for key in parameters if key in step.action.parameters}
        if not values:
            values = {key: step.value(key) for key in step.action.parameters}
        step.state.settings.update(values)
        step.emit("setting", setting=name, value=values)
        return step.next()


_setting("UpdateFlowLoggingBehavior", "FlowLoggingBehavior")
_setting("UpdateContactRecordingBehavior", "RecordingBehavior", "AnalyticsBehavior", "IVRRecordingBehavior")
_setting("UpdateContactRecordingAndAnalyticsBehavior")
_setting(
    "UpdateContactRoutingBehavior", "QueuePriority", "QueueTimeAdjustmentSeconds", "RoutingProficiencies"
)
_setting("UpdateContactTextToSpeechVoice", "TextToSpeechVoice", "TextToSpeechEngine", "TextToSpeechStyle")
_setting("UpdateContactData")
_setting("UpdateContactMediaStreamingBehavior")


@runs("UpdateContactCallbackNumber")
def update_contact_callback_number(step: Step) -> Result:
    number = step.text("CallbackNumber")
    if not number or not E164.match(number):
        return step.error("InvalidCallbackNumber", f"{number!r} is not an E.164 phone number")
    step.state.callback_number = number
    step.emit("setting", setting="callback number", value=number)
    return step.next()


@runs("CreateCallbackContact")
def create_callback_contact(step: Step) -> Result:
    reference = _queue_or_agent(step)
    queue = step.queue_ref(reference) if reference else step.state.target_queue
    number = step.state.callback_number or (step.state.customer_endpoint() or {}).get("Address")
    if queue is None or not number:
        return step.error("NoMatchingError", "a callback needs a queue and a number to call")
    callback = {
        "number": number,
        "queue": queue.reference,
        "queue_name": queue.name,
        "initial_delay_seconds": step.text("InitialCallDelaySeconds"),
        "maximum_attempts": step.text("MaximumConnectionAttempts"),
        "retry_delay_seconds": step.text("RetryDelaySeconds"),
    }
    callback = {key: value for key, value in callback.items() if value is not None}
    step.state.callbacks.append(callback)
    step.emit("callback", **callback)
    return step.next()
