"""Typed constructors for the flow-language actions Front Door's flows use.

Each returns an ``Action`` with the exact Parameters and Transitions Connect expects, and with an
error branch wherever Connect documents that the action can fail. Transfers and disconnects end
the flow; like Connect's own editor, transfers also name their error target as NextAction.
"""

from __future__ import annotations

from collections.abc import Mapping

from .language import Action, Condition

CAN_FAIL = "NoMatchingError"
MAX_LAMBDA_SECONDS = 8  # Connect's limit for a synchronous Lambda call from a flow


def _fail(on_error: str) -> tuple[tuple[str, str], ...]:
    return ((CAN_FAIL, on_error),)


# --- behaviour of the contact ----------------------------------------------------------------
def set_logging(id: str, *, next: str) -> Action:
    return Action(id, "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, next=next)


def set_voice(id: str, *, voice: str, next: str) -> Action:
    return Action(id, "UpdateContactTextToSpeechVoice", {"TextToSpeechVoice": voice}, next=next)


def set_recording(id: str, *, next: str) -> Action:
    behaviour = {"RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}}
    return Action(id, "UpdateContactRecordingBehavior", behaviour, next=next)


def set_event_hook(id: str, *, hook: str, flow_arn: str, next: str) -> Action:
    return Action(
        id, "UpdateContactEventHooks", {"EventHooks": {hook: flow_arn}}, next=next, errors=_fail(next)
    )


def set_attributes(id: str, attributes: Mapping[str, str], *, next: str) -> Action:
    parameters = {"Attributes": dict(attributes), "TargetContact": "Current"}
    return Action(id, "UpdateContactAttributes", parameters, next=next, errors=_fail(next))


def set_priority(id: str, *, priority: int, next: str) -> Action:
    """Routing priority: 1 is answered first (the default for every contact is 5)."""
    parameters = {"QueuePriority": str(priority)}
    return Action(id, "UpdateContactRoutingBehavior", parameters, next=next, errors=_fail(next))


# --- talking with the caller -------------------------------------------------------------------
def say(id: str, text: str, *, next: str) -> Action:
    return Action(id, "MessageParticipant", {"Text": text}, next=next, errors=_fail(next))


def menu(
    id: str,
    text: str,
    options: Mapping[str, str],
    *,
    on_silence: str,
    on_other_key: str,
    on_error: str,
    seconds: int = 8,
) -> Action:
    """Press a key: ``options`` maps each key to the action it leads to."""
    conditions = tuple(Condition("Equals", (key,), target) for key, target in options.items())
    return Action(
        id,
        "GetParticipantInput",
        {"Text": text, "StoreInput": "False", "InputTimeLimitSeconds": str(seconds)},
        conditions=conditions,
        errors=(
            ("InputTimeLimitExceeded", on_silence),
            ("NoMatchingCondition", on_other_key),
            (CAN_FAIL, on_error),
        ),
    )


def ask_digits(
    id: str, text: str, *, max_digits: int, next: str, on_silence: str, on_error: str, seconds: int = 10
) -> tuple[Action, Action]:
    """Key in a number ending with #, stored in $.StoredCustomerInput.

    On silence Connect stores the word "Timeout" and carries on down the success branch, so a
    second action (``<id>-heard``) sends that case to ``on_silence``."""
    parameters = {
        "Text": text,
        "StoreInput": "True",
        "InputTimeLimitSeconds": str(seconds),
        "InputValidation": {"CustomValidation": {"MaximumLength": str(max_digits)}},
        "DTMFConfiguration": {"InputTerminatorSequence": "#", "DisableCancelKey": "False"},
    }
    heard = f"{id}-heard"
    return (
        Action(
            id,
            "GetParticipantInput",
            parameters,
            next=heard,
            errors=(("InputTimeLimitExceeded", on_silence), (CAN_FAIL, on_error)),
        ),
        branch(heard, "$.StoredCustomerInput", {"Timeout": on_silence}, otherwise=next),
    )


def play_while_waiting(id: str, texts: list[str], *, every_seconds: int, then: str, on_error: str) -> Action:
    """Loop messages in a queue; every ``every_seconds`` the loop is interrupted to run ``then``."""
    parameters = {
        "Messages": [{"Text": text} for text in texts],
        "InterruptFrequencySeconds": str(every_seconds),
    }
    return Action(
        id,
        "MessageParticipantIteratively",
        parameters,
        conditions=(Condition("Equals", ("MessagesInterrupted",), then),),
        errors=_fail(on_error),
    )


# --- deciding ------------------------------------------------------------------------------
def invoke(
    id: str, function_arn: str, *, attributes: Mapping[str, str], next: str, on_error: str, seconds: int = 3
) -> Action:
    """Call a Connect-invoked function; its flat string map is read as $.External.<key>."""
    if not 1 <= seconds <= MAX_LAMBDA_SECONDS:
        raise ValueError(f"{id}: a flow waits at most {MAX_LAMBDA_SECONDS} s for a Lambda function")
    parameters = {
        "LambdaFunctionARN": function_arn,
        "InvocationTimeLimitSeconds": str(seconds),
        "LambdaInvocationAttributes": dict(attributes),
        "ResponseValidation": {"ResponseType": "STRING_MAP"},
    }
    return Action(id, "InvokeLambdaFunction", parameters, next=next, errors=_fail(on_error))


def branch(id: str, value: str, cases: Mapping[str, str], *, otherwise: str) -> Action:
    """Go to ``cases[value]`` when ``value`` (a $. reference) equals a case, else ``otherwise``."""
    conditions = tuple(Condition("Equals", (case,), target) for case, target in cases.items())
    return Action(
        id,
        "Compare",
        {"ComparisonValue": value},
        next=otherwise,
        conditions=conditions,
        errors=(("NoMatchingCondition", otherwise),),
    )


def check_hours(id: str, hours_arn: str, *, open: str, closed: str, on_error: str) -> Action:
    return Action(
        id,
        "CheckHoursOfOperation",
        {"HoursOfOperationId": hours_arn},
        conditions=(Condition("Equals", ("True",), open), Condition("Equals", ("False",), closed)),
        errors=_fail(on_error),
    )


def check_wait(id: str, *, longer_than_seconds: int, long: str, short: str, on_error: str) -> Action:
    """Compare the age of the oldest contact in the contact's queue with a threshold."""
    return Action(
        id,
        "CheckMetricData",
        {"MetricType": "OldestContactInQueueAgeSeconds"},
        conditions=(Condition("NumberGreaterThan", (str(longer_than_seconds),), long),),
        errors=(("NoMatchingCondition", short), (CAN_FAIL, on_error)),
    )


def load_queue_metrics(id: str, *, next: str, on_error: str) -> Action:
    """Makes $.Metrics.Queue.Size (contacts waiting) and friends available."""
    return Action(id, "GetMetricData", {}, next=next, errors=_fail(on_error))


# --- ending: queues, transfers, callbacks, disconnect -----------------------------------------
def set_queue(id: str, queue_arn: str, *, next: str, on_error: str) -> Action:
    return Action(id, "UpdateContactTargetQueue", {"QueueId": queue_arn}, next=next, errors=_fail(on_error))


def transfer_to_queue(id: str, *, on_full: str, on_error: str) -> Action:
    return Action(
        id,
        "TransferContactToQueue",
        {},
        next=on_error,
        errors=(("QueueAtCapacity", on_full), (CAN_FAIL, on_error)),
    )


def transfer_to_flow(id: str, flow_arn: str, *, on_error: str) -> Action:
    return Action(id, "TransferToFlow", {"ContactFlowId": flow_arn}, next=on_error, errors=_fail(on_error))


def transfer_to_number(id: str, number: str, *, on_error: str, ring_seconds: int = 30) -> Action:
    parameters = {
        "ThirdPartyPhoneNumber": number,
        "ThirdPartyConnectionTimeLimitSeconds": str(ring_seconds),
        "ContinueFlowExecution": "False",
    }
    errors = (("CallFailed", on_error), ("ConnectionTimeLimitExceeded", on_error), (CAN_FAIL, on_error))
    return Action(id, "TransferParticipantToThirdParty", parameters, next=on_error, errors=errors)


def set_callback_number(id: str, *, next: str, on_invalid: str) -> Action:
    return Action(
        id,
        "UpdateContactCallbackNumber",
        {"CallbackNumber": "$.CustomerEndpoint.Address"},
        next=next,
        errors=(
            ("InvalidCallbackNumber", on_invalid),
            ("CallbackNumberNotDialable", on_invalid),
            (CAN_FAIL, on_invalid),
        ),
    )


def create_callback(id: str, *, next: str, on_error: str) -> Action:
    parameters = {
        "InitialCallDelaySeconds": "60",
        "MaximumConnectionAttempts": "3",
        "RetryDelaySeconds": "600",
    }
    return Action(id, "CreateCallbackContact", parameters, next=next, errors=_fail(on_error))


def disconnect(id: str) -> Action:
    return Action(id, "DisconnectParticipant", {})


def end_flow(id: str) -> Action:
    return Action(id, "EndFlowExecution", {})
