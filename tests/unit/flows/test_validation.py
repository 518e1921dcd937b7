"""The flow validator refuses flows that would strand a caller, naming the action at fault."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.flows import FlowValidationError, build_flows, local_refs, validate
from frontdoor.flows import actions as a
from frontdoor.flows.language import Action, Flow

LAMBDA = "arn:aws:lambda:eu-west-2:000000000000:function:frontdoor-local-case-status"
QUEUE = "arn:aws:connect:eu-west-2:000000000000:instance/x/queue/waste"


def small_flow() -> dict[str, Any]:
    flow = Flow("Test", "CONTACT_FLOW").add(
        a.say("hello", "Hello.", next="lookup"),
        a.invoke("lookup", LAMBDA, attributes={"reference": "123"}, next="queue", on_error="bye"),
        a.set_queue("queue", QUEUE, next="enqueue", on_error="bye"),
        a.transfer_to_queue("enqueue", on_full="bye", on_error="bye"),
        a.disconnect("bye"),
    )
    return flow.to_json()


def action(flow: dict[str, Any], identifier: str) -> dict[str, Any]:
    return next(item for item in flow["Actions"] if item["Identifier"] == identifier)


def refused(flow: dict[str, Any], flow_type: str = "CONTACT_FLOW") -> str:
    with pytest.raises(FlowValidationError) as error:
        validate(flow, flow_type, name="Test")
    return str(error.value)


def test_a_sound_flow_passes() -> None:
    validate(small_flow(), "CONTACT_FLOW")


def test_every_project_flow_is_sound() -> None:
    flows = build_flows(local_refs())  # build_flows validates each one
    assert set(flows) == {"inbound", "chat", "telecare", "customer_queue", "out_of_hours", "survey"}


def test_a_next_action_that_does_not_exist_is_named() -> None:
    flow = small_flow()
    action(flow, "hello")["Transitions"]["NextAction"] = "nowhere"
    assert (
        refused(flow) == "Test: action 'hello' (MessageParticipant) goes to 'nowhere', which does not exist"
    )


def test_an_unreachable_action_is_named() -> None:
    flow = small_flow()
    flow["Actions"].append(a.say("orphan", "Nobody hears this.", next="bye").to_json())
    assert "action 'orphan' is unreachable from the start" in refused(flow)


def test_an_action_that_can_fail_needs_an_error_branch() -> None:
    flow = small_flow()
    del action(flow, "lookup")["Transitions"]["Errors"]
    assert "'lookup' (InvokeLambdaFunction) can fail but has no error branch" in refused(flow)


def test_a_menu_needs_a_branch_for_a_key_it_does_not_offer() -> None:
    flow = (
        Flow("Test", "CONTACT_FLOW")
        .add(
            a.menu("menu", "Press 1.", {"1": "bye"}, on_silence="bye", on_other_key="bye", on_error="bye"),
            a.disconnect("bye"),
        )
        .to_json()
    )
    errors = action(flow, "menu")["Transitions"]["Errors"]
    action(flow, "menu")["Transitions"]["Errors"] = [
        e for e in errors if e["ErrorType"] != "NoMatchingCondition"
    ]
    assert "'menu' (GetParticipantInput) has no branch for when no condition matches" in refused(flow)


def test_a_lambda_may_not_keep_the_caller_waiting_longer_than_8_seconds() -> None:
    flow = small_flow()
    action(flow, "lookup")["Parameters"]["InvocationTimeLimitSeconds"] = "9"
    assert (
        "'lookup' (InvokeLambdaFunction) is malformed: InvocationTimeLimitSeconds must be from 1 to 8"
        in refused(flow)
    )
    with pytest.raises(ValueError, match="at most 8 s"):
        a.invoke("slow", LAMBDA, attributes={}, next="x", on_error="y", seconds=10)


@pytest.mark.parametrize(
    ("identifier", "key", "value", "problem"),
    [
        ("hello", "Text", "  ", "Text is empty"),
        ("lookup", "LambdaFunctionARN", "my-function", "LambdaFunctionARN must be a Lambda function ARN"),
        ("queue", "QueueId", "waste", "QueueId must be an ARN"),
    ],
)
def test_malformed_parameters_are_named(identifier: str, key: str, value: str, problem: str) -> None:
    flow = small_flow()
    action(flow, identifier)["Parameters"][key] = value
    assert f"'{identifier}'" in refused(flow) and problem in refused(flow)


def test_menu_keys_must_be_keypad_keys() -> None:
    flow = (
        Flow("Test", "CONTACT_FLOW")
        .add(
            a.menu("menu", "Press 1.", {"one": "bye"}, on_silence="bye", on_other_key="bye", on_error="bye"),
            a.disconnect("bye"),
        )
        .to_json()
    )
    assert "listens for keys that are not keypad keys" in refused(flow)


def test_an_inbound_path_may_not_just_stop() -> None:
    flow = small_flow()
    hello = action(flow, "hello")
    hello["Transitions"] = {"Errors": hello["Transitions"]["Errors"]}  # no NextAction: the path stops
    assert "'hello' (MessageParticipant) ends the path without a transfer or disconnect" in refused(flow)


def test_an_inbound_flow_may_not_end_its_own_way() -> None:
    flow = Flow("Test", "CONTACT_FLOW").add(a.say("hello", "Hello.", next="end"), a.end_flow("end")).to_json()
    assert "'end' (EndFlowExecution) ends the path, which a CONTACT_FLOW flow may not do here" in refused(
        flow
    )


def test_an_inbound_loop_needs_a_way_out() -> None:
    flow = (
        Flow("Test", "CONTACT_FLOW")
        .add(
            a.say("hello", "Hello.", next="again"),
            a.say("again", "Again.", next="hello"),
        )
        .to_json()
    )
    assert "starts a loop no caller can leave" in refused(flow)


def test_a_customer_queue_flow_may_loop_or_end_its_own_way() -> None:
    looping = Flow("Queue", "CUSTOMER_QUEUE").add(
        a.play_while_waiting("hold", ["Please wait."], every_seconds=60, then="hold", on_error="end"),
        a.end_flow("end"),
    )
    validate(looping.to_json(), "CUSTOMER_QUEUE")


def test_a_customer_queue_flow_may_not_queue_the_contact_again() -> None:
    flow = small_flow()
    assert "cannot run in a customer-queue flow" in refused(flow, "CUSTOMER_QUEUE")


def test_an_unknown_action_type_is_named() -> None:
    flow = small_flow()
    action(flow, "hello")["Type"] = "SendCarrierPigeon"
    assert "'hello' (SendCarrierPigeon) is not a type Front Door's flows know how to check" in refused(flow)


def test_two_actions_may_not_share_an_identifier() -> None:
    with pytest.raises(ValueError, match="two actions are called 'bye'"):
        Flow("Test", "CONTACT_FLOW").add(a.disconnect("bye"), a.disconnect("bye"))


def test_flow_json_is_the_2019_10_30_flow_language() -> None:
    flow = small_flow()
    assert flow["Version"] == "2019-10-30"
    assert flow["StartAction"] == "hello"
    assert action(flow, "lookup") == {
        "Identifier": "lookup",
        "Type": "InvokeLambdaFunction",
        "Parameters": {
            "LambdaFunctionARN": LAMBDA,
            "InvocationTimeLimitSeconds": "3",
            "LambdaInvocationAttributes": {"reference": "123"},
            "ResponseValidation": {"ResponseType": "STRING_MAP"},
        },
        "Transitions": {
            "NextAction": "queue",
            "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}],
        },
    }
    assert isinstance(Action("x", "DisconnectParticipant").to_json()["Transitions"], dict)


def test_a_misspelt_parameter_is_refused_rather_than_silently_ignored() -> None:
    flow = (
        Flow("Test", "CONTACT_FLOW")
        .add(
            a.check_hours(
                "hours",
                "arn:aws:connect:eu-west-2:1:instance/x/operating-hours/y",
                open="bye",
                closed="bye",
                on_error="bye",
            ),
            a.disconnect("bye"),
        )
        .to_json()
    )
    parameters = action(flow, "hours")["Parameters"]
    parameters["Hours"] = parameters.pop("HoursOfOperationId")
    assert (
        "'hours' (CheckHoursOfOperation) is malformed: CheckHoursOfOperation takes no parameter 'Hours'"
        in refused(flow)
    )
