"""InvokeLambdaFunction: the contact-flow event out, the reply judged as Connect judges it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from local.flow_simulator.actions.base import Result, Step
from local.flow_simulator.actions.registry import runs
from local.flow_simulator.invoker import LambdaReply, function_name
from local.flow_simulator.references import as_text

MAX_TIME_LIMIT_SECONDS = 8
DEFAULT_TIME_LIMIT_SECONDS = 3
MAX_RESPONSE_BYTES = 32 * 1024


def _time_limit(step: Step) -> int:
    raw = as_text(step.action.parameters.get("InvocationTimeLimitSeconds", DEFAULT_TIME_LIMIT_SECONDS))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_TIME_LIMIT_SECONDS:
        raise step.malformed(f"InvocationTimeLimitSeconds must be a whole number 1..8, not {raw!r}")
    return int(raw)


def _response_type(step: Step) -> str:
    validation = step.action.parameters.get("ResponseValidation") or {}
    response_type = (
        as_text(validation.get("ResponseType", "STRING_MAP")) if isinstance(validation, Mapping) else ""
    )
    if response_type not in ("STRING_MAP", "JSON"):
        raise step.malformed(
            f"ResponseValidation.ResponseType must be STRING_MAP or JSON, not {response_type!r}"
        )
    return response_type


def invocation_problem(reply: LambdaReply, response_type: str, limit: int) -> str | None:
    """Why Connect would take the error branch for this reply; None when the reply is accepted."""
    if reply.timed_out:
        return f"ran longer than the {limit} s time limit"
    if reply.error:
        return f"the function failed: {reply.error}"
    if not isinstance(reply.payload, Mapping):
        return f"the function returned {type(reply.payload).__name__}, not an object"
    if response_type == "STRING_MAP":
        bad = [
            key
            for key, value in reply.payload.items()
            if not isinstance(key, str) or not isinstance(value, str)
        ]
        if bad:
            return f"STRING_MAP needs a flat map of strings; {', '.join(map(str, bad[:3]))} is not a string"
    try:
        size = len(json.dumps(reply.payload).encode())
    except (TypeError, ValueError):
        return "the function returned something that is not JSON"
    if size > MAX_RESPONSE_BYTES:
        return f"the response is {size} bytes; Connect accepts at most 32 KB"
    return None


@runs("InvokeLambdaFunction")
def invoke_lambda_function(step: Step) -> Result:
    function = step.text("LambdaFunctionARN")
    if not function:
        raise step.malformed("LambdaFunctionARN is missing")
    limit, response_type = _time_limit(step), _response_type(step)
    attributes = step.value("LambdaInvocationAttributes") or {}
    if not isinstance(attributes, Mapping):
        raise step.malformed("LambdaInvocationAttributes must be an object")
    # Connect sends parameters as text; an unset reference arrives as an empty string.
    parameters: dict[str, Any] = {as_text(key): as_text(value) for key, value in attributes.items()}
    event = step.state.contact_flow_event(parameters)
    reply = step.services.invoker.invoke(function, event, limit)
    problem = invocation_problem(reply, response_type, limit)
    duration = limit * 1000.0 if reply.timed_out and not reply.duration_ms else reply.duration_ms
    step.emit(
        "lambda",
        function=function,
        function_name=function_name(function),
        parameters=parameters,
        result=None if problem else reply.payload,
        error=problem,
        duration_ms=round(duration, 1),
        source=reply.source,
        response_type=response_type,
    )
    if as_text(step.action.parameters.get("InvocationType", "SYNCHRONOUS")) == "ASYNCHRONOUS":
        step.note("asynchronous invocation: the flow does not wait for the result")
        return step.next()
    # Each invocation replaces $.External; a failed one leaves it empty.
    step.state.external = {} if problem else dict(reply.payload)
    return step.error("NoMatchingError", problem) if problem else step.next()
