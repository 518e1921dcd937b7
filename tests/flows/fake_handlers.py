"""Handlers the simulator's in-process invoker calls in tests, standing in for the project's own."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import ConnectContactFlowEvent

from local.lambda_context import FakeLambdaContext

clock = {"now": 0.0}  # tests point the invoker's clock here to make a handler "slow"


def describe_contact(event: dict[str, Any], context: FakeLambdaContext) -> dict[str, str]:
    """Reads the event the way the project's handlers do, through powertools."""
    contact = ConnectContactFlowEvent(event).contact_data
    endpoint = contact.customer_endpoint
    return {
        "channel": contact.channel.name,
        "initiation": contact.initiation_method.name,
        "caller": endpoint.address if endpoint else "",
        "queue": contact.queue.name if contact.queue else "",
        "topic": ConnectContactFlowEvent(event).parameters.get("topic", ""),
        "function": context.function_name,
        "within_limit": str(context.get_remaining_time_in_millis() <= 3000).lower(),
    }


def failing(event: dict[str, Any], context: FakeLambdaContext) -> dict[str, str]:
    raise RuntimeError("DynamoDB is unavailable")


def slow(event: dict[str, Any], context: FakeLambdaContext) -> dict[str, str]:
    clock["now"] += 4.0
    return {"outcome": "ok"}


def nested(event: dict[str, Any], context: FakeLambdaContext) -> dict[str, Any]:
    return {"case": {"reference": "FD-1"}}
