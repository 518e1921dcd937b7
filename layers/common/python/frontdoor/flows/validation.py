"""Checks a flow (as flow-language JSON) before it is deployed, naming the action at fault.

Connect itself accepts flows that strand callers: a menu with no branch for silence, an action
nobody reaches, a path that simply stops. ``validate`` refuses those at synth and in tests:
- every NextAction exists and every action is reachable from the start;
- an action that can fail has an error branch (and a decision has a branch for "no match");
- parameters are well formed for the action's type (a Lambda waits at most 8 s);
- every path ends where the flow's type allows: an inbound flow in a queue transfer, a transfer
  to a number or flow, or a disconnect; a customer-queue flow loops or ends its own way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .actions import MAX_LAMBDA_SECONDS

# Values may be literals, $. references, or CDK tokens that become ARNs at deploy time.
_ARN = re.compile(r"^(arn:aws[\w-]*:[\w-]+:|\$\{Token\[|\$\.)")
_SECONDS = re.compile(r"^\d{1,6}$")
_DTMF = re.compile(r"^[0-9*#]{1,20}$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_ATTRIBUTE_KEY = re.compile(r"^[\w.-]{1,127}$")
_OPERATORS = {
    "Equals",
    "NumberGreaterThan",
    "NumberLessThan",
    "NumberGreaterOrEqualTo",
    "NumberLessOrEqualTo",
    "TextContains",
    "TextStartsWith",
    "TextEndsWith",
}
_EVENT_HOOKS = {
    "AgentHold",
    "AgentWhisper",
    "CustomerHold",
    "CustomerQueue",
    "CustomerRemaining",
    "CustomerWhisper",
    "DefaultAgentUI",
    "DisconnectAgentUI",
    "PauseContact",
    "ResumeContact",
}
INBOUND_ENDS = {
    "TransferContactToQueue",
    "TransferToFlow",
    "TransferParticipantToThirdParty",
    "DisconnectParticipant",
}
QUEUE_ENDS = {"EndFlowExecution", "DisconnectParticipant", "DequeueContactAndTransferToQueue"}
# Actions a customer-queue flow may not use (the contact is already in a queue).
NOT_IN_QUEUE_FLOWS = {"TransferContactToQueue", "UpdateContactTargetQueue", "TransferToFlow"}


class FlowValidationError(ValueError):
    """A flow would strand or mislead a caller; the message names the flow and the action."""


@dataclass(frozen=True)
class _Rule:
    can_fail: bool
    check: Callable[[dict[str, Any]], str | None] = lambda parameters: None
    decides: bool = False  # has Conditions that may not match


def _one_message(parameters: dict[str, Any]) -> str | None:
    given = [key for key in ("Text", "SSML", "PromptId", "Media") if key in parameters]
    if len(given) != 1:
        return "needs exactly one of Text, SSML, PromptId or Media"
    if "Text" in given and not str(parameters["Text"]).strip():
        return "Text is empty"
    if "SSML" in given and not str(parameters["SSML"]).lstrip().startswith("<speak>"):
        return "SSML must be a <speak> document"
    return None


def _input(parameters: dict[str, Any]) -> str | None:
    problem = _one_message(parameters)
    if problem:
        return problem
    seconds = str(parameters.get("InputTimeLimitSeconds", ""))
    if not _SECONDS.match(seconds) or not 1 <= int(seconds) <= 180:
        return "InputTimeLimitSeconds must be a whole number of seconds from 1 to 180"
    if parameters.get("StoreInput", "False") not in ("True", "False"):
        return "StoreInput must be 'True' or 'False'"
    return None


def _lambda(parameters: dict[str, Any]) -> str | None:
    if not _ARN.match(str(parameters.get("LambdaFunctionARN", ""))):
        return "LambdaFunctionARN must be a Lambda function ARN"
    seconds = str(parameters.get("InvocationTimeLimitSeconds", ""))
    if not _SECONDS.match(seconds) or not 1 <= int(seconds) <= MAX_LAMBDA_SECONDS:
        return f"InvocationTimeLimitSeconds must be from 1 to {MAX_LAMBDA_SECONDS} (Connect's limit)"
    attributes = parameters.get("LambdaInvocationAttributes", {})
    if not isinstance(attributes, dict) or not all(isinstance(v, str) for v in attributes.values()):
        return "LambdaInvocationAttributes must map names to strings"
    response = parameters.get("ResponseValidation", {"ResponseType": "STRING_MAP"})
    if response.get("ResponseType") not in ("STRING_MAP", "JSON"):
        return "ResponseValidation.ResponseType must be STRING_MAP or JSON"
    return None


def _needs(
    key: str, pattern: re.Pattern[str] = _ARN, what: str = "an ARN"
) -> Callable[[dict[str, Any]], str | None]:
    def check(parameters: dict[str, Any]) -> str | None:
        return None if pattern.match(str(parameters.get(key, ""))) else f"{key} must be {what}"

    return check


def _attributes(parameters: dict[str, Any]) -> str | None:
    attributes = parameters.get("Attributes")
    if not isinstance(attributes, dict) or not attributes:
        return "Attributes must be a non-empty map"
    bad = [
        key
        for key, value in attributes.items()
        if not _ATTRIBUTE_KEY.match(key) or not isinstance(value, str)
    ]
    return f"attribute names/values malformed: {bad}" if bad else None


def _hooks(parameters: dict[str, Any]) -> str | None:
    hooks = parameters.get("EventHooks")
    if not isinstance(hooks, dict) or len(hooks) != 1:
        return "EventHooks must hold exactly one hook"
    ((hook, flow),) = hooks.items()
    if hook not in _EVENT_HOOKS:
        return f"unknown event hook {hook!r}"
    return None if _ARN.match(str(flow)) else f"EventHooks.{hook} must be a flow ARN"


def _seconds(*keys: str) -> Callable[[dict[str, Any]], str | None]:
    def check(parameters: dict[str, Any]) -> str | None:
        bad = [key for key in keys if not _SECONDS.match(str(parameters.get(key, "")))]
        return f"{', '.join(bad)} must be a whole number" if bad else None

    return check


def _recording(parameters: dict[str, Any]) -> str | None:
    who = parameters.get("RecordingBehavior", {}).get("RecordedParticipants")
    if not isinstance(who, list) or not set(who) <= {"Agent", "Customer"}:
        return "RecordingBehavior.RecordedParticipants must list Agent and/or Customer"
    return None


def _messages(parameters: dict[str, Any]) -> str | None:
    messages = parameters.get("Messages")
    if not isinstance(messages, list) or not messages:
        return "Messages must be a non-empty list"
    for message in messages:
        problem = _one_message(message) if isinstance(message, dict) else "each message must be a map"
        if problem:
            return f"a message {problem}"
    if "InterruptFrequencySeconds" in parameters:
        return _seconds("InterruptFrequencySeconds")(parameters)
    return None


def _third_party(parameters: dict[str, Any]) -> str | None:
    if not _E164.match(str(parameters.get("ThirdPartyPhoneNumber", ""))):
        return "ThirdPartyPhoneNumber must be an E.164 number such as +443001234567"
    return _seconds("ThirdPartyConnectionTimeLimitSeconds")(parameters)


def _choice(key: str, *allowed: str) -> Callable[[dict[str, Any]], str | None]:
    def check(parameters: dict[str, Any]) -> str | None:
        return None if parameters.get(key) in allowed else f"{key} must be one of {list(allowed)}"

    return check


RULES: dict[str, _Rule] = {
    "MessageParticipant": _Rule(can_fail=True, check=_one_message),
    "GetParticipantInput": _Rule(can_fail=True, check=_input, decides=True),
    "InvokeLambdaFunction": _Rule(can_fail=True, check=_lambda),
    "Compare": _Rule(
        can_fail=False, check=_needs("ComparisonValue", re.compile(r".+"), "a value"), decides=True
    ),
    "UpdateContactAttributes": _Rule(can_fail=True, check=_attributes),
    "UpdateContactTargetQueue": _Rule(can_fail=True, check=_needs("QueueId")),
    "TransferContactToQueue": _Rule(can_fail=True),
    "CheckHoursOfOperation": _Rule(
        can_fail=True, check=lambda p: _needs("HoursOfOperationId")(p) if "HoursOfOperationId" in p else None
    ),
    "TransferToFlow": _Rule(can_fail=True, check=_needs("ContactFlowId")),
    "TransferParticipantToThirdParty": _Rule(can_fail=True, check=_third_party),
    "DisconnectParticipant": _Rule(can_fail=False),
    "EndFlowExecution": _Rule(can_fail=False),
    "UpdateFlowLoggingBehavior": _Rule(
        can_fail=False, check=_choice("FlowLoggingBehavior", "Enabled", "Disabled")
    ),
    "UpdateContactRecordingBehavior": _Rule(can_fail=False, check=_recording),
    "UpdateContactTextToSpeechVoice": _Rule(
        can_fail=False, check=_needs("TextToSpeechVoice", re.compile(r"^\w+$"), "a voice name")
    ),
    "UpdateContactEventHooks": _Rule(can_fail=True, check=_hooks),
    "UpdateContactRoutingBehavior": _Rule(can_fail=True),
    "MessageParticipantIteratively": _Rule(can_fail=True, check=_messages),
    "CheckMetricData": _Rule(
        can_fail=True,
        check=_choice(
            "MetricType",
            "NumberOfAgentsAvailable",
            "NumberOfAgentsStaffed",
            "NumberOfAgentsOnline",
            "OldestContactInQueueAgeSeconds",
            "NumberOfContactsInQueue",
        ),
        decides=True,
    ),
    "GetMetricData": _Rule(can_fail=True),
    "UpdateContactCallbackNumber": _Rule(
        can_fail=True, check=_needs("CallbackNumber", re.compile(r"^(\$\.|\+)"), "a number or $. reference")
    ),
    "CreateCallbackContact": _Rule(
        can_fail=True,
        check=_seconds("InitialCallDelaySeconds", "MaximumConnectionAttempts", "RetryDelaySeconds"),
    ),
}


_MESSAGE = ("Text", "SSML", "PromptId", "Media")
# The parameters each type takes (from the flow language reference): a misspelt one is refused,
# because Connect would ignore it silently (an hours check without hours checks the queue's).
PARAMETERS: dict[str, frozenset[str]] = {
    kind: frozenset(names)
    for kind, names in {
        "MessageParticipant": _MESSAGE,
        "GetParticipantInput": (
            *_MESSAGE,
            "InputTimeLimitSeconds",
            "StoreInput",
            "InputValidation",
            "DTMFConfiguration",
            "InputEncryption",
        ),
        "InvokeLambdaFunction": (
            "LambdaFunctionARN",
            "InvocationTimeLimitSeconds",
            "LambdaInvocationAttributes",
            "ResponseValidation",
            "InvocationType",
        ),
        "Compare": ("ComparisonValue",),
        "UpdateContactAttributes": ("Attributes", "TargetContact"),
        "UpdateContactTargetQueue": ("QueueId", "AgentId"),
        "TransferContactToQueue": (),
        "CheckHoursOfOperation": ("HoursOfOperationId",),
        "TransferToFlow": ("ContactFlowId",),
        "TransferParticipantToThirdParty": (
            "ThirdPartyPhoneNumber",
            "ThirdPartyConnectionTimeLimitSeconds",
            "ContinueFlowExecution",
            "ThirdPartyDTMFDigits",
            "CallerId",
        ),
        "DisconnectParticipant": (),
        "EndFlowExecution": (),
        "UpdateFlowLoggingBehavior": ("FlowLoggingBehavior",),
        "UpdateContactTextToSpeechVoice": ("TextToSpeechVoice", "TextToSpeechEngine", "TextToSpeechStyle"),
        "UpdateContactEventHooks": ("EventHooks",),
        "UpdateContactRoutingBehavior": ("QueuePriority", "QueueTimeAdjustmentSeconds", "RoutingCriteria"),
        "MessageParticipantIteratively": ("Messages", "InterruptFrequencySeconds"),
        "CheckMetricData": ("MetricType", "QueueId", "AgentId"),
        "GetMetricData": ("QueueId", "AgentId", "QueueChannel"),
        "UpdateContactCallbackNumber": ("CallbackNumber",),
        "CreateCallbackContact": (
            "QueueId",
            "AgentId",
            "ContactFlowId",
            "InitialCallDelaySeconds",
            "MaximumConnectionAttempts",
            "RetryDelaySeconds",
        ),
    }.items()
}


def validate(flow: dict[str, Any], flow_type: str, name: str = "flow") -> None:
    """Raise FlowValidationError naming the first action at fault; return quietly when sound."""
    actions = {action["Identifier"]: action for action in flow.get("Actions", [])}
    start = str(flow.get("StartAction"))
    if start not in actions:
        raise FlowValidationError(f"{name}: StartAction {start!r} is not an action of the flow")
    for action in actions.values():
        _check_action(name, flow_type, action, actions)
    reachable = _reachable(start, actions)
    for identifier in actions:
        if identifier not in reachable:
            raise FlowValidationError(f"{name}: action {identifier!r} is unreachable from the start")
    _check_endings(name, flow_type, actions, reachable)


def _say(name: str, action: dict[str, Any], problem: str) -> FlowValidationError:
    return FlowValidationError(f"{name}: action {action['Identifier']!r} ({action['Type']}) {problem}")


def _targets(action: dict[str, Any]) -> Iterator[str]:
    transitions = action.get("Transitions", {})
    if "NextAction" in transitions and action["Type"] not in INBOUND_ENDS:
        yield transitions["NextAction"]
    for condition in transitions.get("Conditions", []):
        yield condition["NextAction"]
    for error in transitions.get("Errors", []):
        yield error["NextAction"]


def _check_action(name: str, flow_type: str, action: dict[str, Any], actions: dict[str, Any]) -> None:
    rule = RULES.get(action["Type"])
    if rule is None:
        raise _say(name, action, "is not a type Front Door's flows know how to check")
    if flow_type == "CUSTOMER_QUEUE" and action["Type"] in NOT_IN_QUEUE_FLOWS:
        raise _say(name, action, "cannot run in a customer-queue flow (the contact is already queued)")
    transitions = action.get("Transitions", {})
    for target in [transitions.get("NextAction"), *_targets(action)]:
        if target is not None and target not in actions:
            raise _say(name, action, f"goes to {target!r}, which does not exist")
    parameters = action.get("Parameters") or {}
    unknown = sorted(set(parameters) - PARAMETERS.get(action["Type"], frozenset(parameters)))
    if unknown:
        raise _say(name, action, f"is malformed: {action['Type']} takes no parameter {unknown[0]!r}")
    problem = rule.check(parameters)
    if problem:
        raise _say(name, action, f"is malformed: {problem}")
    errors = {error["ErrorType"] for error in transitions.get("Errors", [])}
    if rule.can_fail and "NoMatchingError" not in errors:
        raise _say(name, action, "can fail but has no error branch (NoMatchingError)")
    for condition in transitions.get("Conditions", []):
        operator = condition["Condition"]["Operator"]
        operands = condition["Condition"]["Operands"]
        if operator not in _OPERATORS or not operands:
            raise _say(name, action, f"has a malformed condition {condition['Condition']}")
        if action["Type"] == "GetParticipantInput" and not all(_DTMF.match(str(o)) for o in operands):
            raise _say(name, action, f"listens for keys that are not keypad keys: {operands}")
    if rule.decides and transitions.get("Conditions") and "NoMatchingCondition" not in errors:
        raise _say(name, action, "has no branch for when no condition matches (NoMatchingCondition)")


def _reachable(start: str, actions: dict[str, Any]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in _targets(actions[todo.pop()]):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _check_endings(name: str, flow_type: str, actions: dict[str, Any], reachable: set[str]) -> None:
    allowed = QUEUE_ENDS if flow_type == "CUSTOMER_QUEUE" else INBOUND_ENDS
    ends = {identifier for identifier in reachable if actions[identifier]["Type"] in allowed}
    for identifier in sorted(reachable):
        action = actions[identifier]
        transitions = action.get("Transitions", {})
        if action["Type"] in allowed:
            continue
        if action["Type"] in QUEUE_ENDS | INBOUND_ENDS:
            raise _say(name, action, f"ends the path, which a {flow_type} flow may not do here")
        if "NextAction" not in transitions and not transitions.get("Conditions"):
            raise _say(name, action, f"ends the path without a transfer or disconnect ({flow_type})")
    if flow_type == "CUSTOMER_QUEUE":
        return  # waiting in a loop is what a customer-queue flow is for
    # An inbound flow may loop (a menu heard again) but every loop needs a way out.
    for identifier in reachable:
        if not _reachable(identifier, actions) & ends:
            raise _say(name, actions[identifier], "starts a loop no caller can leave")
