"""Lambda calls: stubs per ARN or name, real handlers in-process, and Connect's rules on replies."""

from __future__ import annotations

import sys
import types
from importlib.machinery import ModuleSpec
from types import SimpleNamespace
from typing import Any

import pytest

from local.flow_simulator import HandlerLambdas, StubbedLambdas, parse_directory, simulate
from local.flow_simulator import invoker as invoker_module
from local.flow_simulator.errors import MalformedActionError, MissingLambdaError, ScriptError
from local.flow_simulator.invoker import handler_path_for
from tests.flows import fake_handlers
from tests.flows.builders import act, flow, hang_up, say

LOCAL_ARN = "arn:aws:lambda:eu-west-2:000000000000:function:frontdoor-local-case-status"


def calling(
    function: str, *, response_type: str = "STRING_MAP", time_limit: str = "3", then: str = ""
) -> Any:
    """A flow that calls ``function`` with topic=$.Attributes.topic, then says ``then`` or sorry."""
    return flow(*calling_actions(function, response_type=response_type, time_limit=time_limit, then=then))


def calling_actions(
    function: str, *, response_type: str = "STRING_MAP", time_limit: str = "3", then: str = ""
) -> list[dict[str, Any]]:
    return [
        act(
            "call",
            "InvokeLambdaFunction",
            {
                "LambdaFunctionARN": function,
                "InvocationTimeLimitSeconds": time_limit,
                "LambdaInvocationAttributes": {"topic": "$.Attributes.topic"},
                "ResponseValidation": {"ResponseType": response_type},
            },
            next="ok",
            errors={"NoMatchingError": "sorry"},
        ),
        say("ok", then or "Outcome $.External.outcome", "bye"),
        say("sorry", "Sorry, something went wrong", "bye"),
        hang_up(),
    ]


def test_stub_by_function_name_answers_for_the_full_arn() -> None:
    result = simulate(calling(LOCAL_ARN), {}, stubs={"frontdoor-local-case-status": {"outcome": "ok"}})

    assert result.prompts() == ["Outcome ok"]
    (call,) = result.of_kind("lambda")
    assert (call.data["function_name"], call.data["source"], call.data["result"]) == (
        "frontdoor-local-case-status",
        "stub",
        {"outcome": "ok"},
    )


def test_stub_by_arn() -> None:
    assert simulate(calling(LOCAL_ARN), {}, stubs={LOCAL_ARN: {"outcome": "by-arn"}}).prompts() == [
        "Outcome by-arn"
    ]


@pytest.mark.parametrize(
    ("stub", "reason"),
    [
        ({"raise": "throttled"}, "the function failed: throttled"),
        ({"timeout": True}, "ran longer than the 3 s time limit"),
        ({"outcome": "ok", "count": 3}, "STRING_MAP needs a flat map of strings; count is not a string"),
        ({"case": {"reference": "FD-1"}}, "STRING_MAP needs a flat map of strings; case is not a string"),
        ({"result": ["not", "a", "map"]}, "the function returned list, not an object"),
        ({"big": "x" * 33_000}, "Connect accepts at most 32 KB"),
    ],
)
def test_replies_connect_refuses_take_the_error_branch(stub: dict[str, Any], reason: str) -> None:
    result = simulate(calling("case-status"), {}, stubs={"case-status": stub})

    assert result.prompts() == ["Sorry, something went wrong"]
    (call,) = result.of_kind("lambda")
    assert reason in call.data["error"]
    assert any(reason in branch.data["why"] for branch in result.of_kind("branch"))


def test_json_response_validation_allows_nested_results() -> None:
    result = simulate(
        calling("lookup", response_type="JSON", then="Case $.External.case.reference"),
        {},
        stubs={"lookup": {"case": {"reference": "FD-1"}}},
    )

    assert result.prompts() == ["Case FD-1"]


def test_a_failed_call_leaves_no_external_values_behind() -> None:
    result = simulate(
        flow(
            act("first", "InvokeLambdaFunction", {"LambdaFunctionARN": "a"}, next="second"),
            act(
                "second",
                "InvokeLambdaFunction",
                {"LambdaFunctionARN": "b"},
                next="bye",
                errors={"NoMatchingError": "say"},
            ),
            say("say", "Outcome [$.External.outcome]", "bye"),
            hang_up(),
        ),
        {},
        stubs={"a": {"outcome": "first"}, "b": {"raise": "boom"}},
    )

    assert result.prompts() == ["Outcome []"]


def test_a_time_limit_over_eight_seconds_is_refused_naming_the_action() -> None:
    with pytest.raises(
        MalformedActionError, match="'call': InvocationTimeLimitSeconds must be a whole number 1..8"
    ):
        simulate(calling("x", time_limit="9"), {}, stubs={"x": {}})


def test_a_function_with_neither_stub_nor_handler_is_a_clear_error() -> None:
    with pytest.raises(
        MissingLambdaError, match="no stub or handler for Lambda 'unknown'.*--stub unknown=RESULT.json"
    ):
        simulate(calling("unknown"), {})


def test_script_stub_sequence_answers_call_by_call_then_repeats_the_last() -> None:
    stubs = StubbedLambdas(
        {"poll": {"sequence": [{"status": "pending"}, {"raise": "x"}, {"status": "done"}]}}
    )
    event: dict[str, Any] = {}

    replies = [stubs.invoke("poll", event, 3) for _ in range(4)]

    assert [reply.payload for reply in replies] == [
        {"status": "pending"},
        None,
        {"status": "done"},
        {"status": "done"},
    ]
    assert replies[1].error == "x"
    assert stubs.calls("poll") == 4


def test_malformed_stub_is_refused() -> None:
    with pytest.raises(ScriptError, match="stub 'x': a stub is a result object"):
        StubbedLambdas({"x": "ok"})


# --- real handlers, in-process -------------------------------------------------------------------


def handlers(**paths: str) -> HandlerLambdas:
    return HandlerLambdas(
        handlers={name: f"tests.flows.fake_handlers.{path}" for name, path in paths.items()}
    )


def test_handler_gets_the_event_connect_sends_and_a_lambda_context() -> None:
    queued_then_calling = flow(
        act("queue", "UpdateContactTargetQueue", {"QueueId": "arn:aws:connect:q/waste"}, next="call"),
        *calling_actions("frontdoor-local-describe"),
        start="queue",
    )
    result = simulate(
        queued_then_calling,
        {"caller": "+447700900444", "attributes": {"topic": "bins"}},
        invoker=handlers(**{"frontdoor-local-describe": "describe_contact"}),
        directory=parse_directory({"queues": {"arn:aws:connect:q/waste": "Waste"}}),
    )

    (call,) = result.of_kind("lambda")
    assert call.data["source"] == "handler"
    assert call.data["result"] == {
        "channel": "VOICE",
        "initiation": "INBOUND",
        "caller": "+447700900444",
        "queue": "Waste",
        "topic": "bins",
        "function": "frontdoor-local-describe",
        "within_limit": "true",
    }


def test_handler_that_raises_takes_the_error_branch() -> None:
    result = simulate(calling("frontdoor-local-x"), {}, invoker=handlers(**{"frontdoor-local-x": "failing"}))

    assert result.prompts() == ["Sorry, something went wrong"]
    assert "RuntimeError: DynamoDB is unavailable" in result.of_kind("lambda")[0].data["error"]


def test_handler_slower_than_the_time_limit_takes_the_error_branch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        invoker_module, "time", SimpleNamespace(perf_counter=lambda: fake_handlers.clock["now"])
    )

    result = simulate(calling("frontdoor-local-x"), {}, invoker=handlers(**{"frontdoor-local-x": "slow"}))

    (call,) = result.of_kind("lambda")
    assert call.data["duration_ms"] == 4000.0
    assert "ran longer than the 3 s time limit" in call.data["error"]
    assert result.prompts() == ["Sorry, something went wrong"]


def test_handler_returning_a_nested_map_fails_string_map_validation() -> None:
    result = simulate(calling("frontdoor-local-x"), {}, invoker=handlers(**{"frontdoor-local-x": "nested"}))

    assert result.prompts() == ["Sorry, something went wrong"]


def test_stubs_take_precedence_over_handlers() -> None:
    result = simulate(
        calling("frontdoor-local-x"),
        {},
        invoker=handlers(**{"frontdoor-local-x": "failing"}),
        stubs={"frontdoor-local-x": {"outcome": "stubbed"}},
    )

    assert result.prompts() == ["Outcome stubbed"]


def test_naming_convention_maps_local_function_names_to_handler_modules() -> None:
    assert handler_path_for(LOCAL_ARN) == "functions.connect_case_status.handler.lambda_handler"
    assert handler_path_for("frontdoor-local-garden-waste-renewal") == (
        "functions.connect_garden_waste_renewal.handler.lambda_handler"
    )
    assert handler_path_for("someone-elses-function") is None


def test_handler_found_by_the_naming_convention_is_imported_on_first_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = "functions.connect_simulator_probe.handler"
    package = types.ModuleType("functions.connect_simulator_probe")
    package.__spec__ = ModuleSpec(package.__name__, None, is_package=True)
    module = types.ModuleType(name)
    module.__spec__ = ModuleSpec(name, None)
    module.lambda_handler = lambda event, context: {"outcome": "from the probe"}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, package.__name__, package)
    monkeypatch.setitem(sys.modules, name, module)
    invoker = HandlerLambdas()

    assert invoker.knows("arn:aws:lambda:eu-west-2:000000000000:function:frontdoor-local-simulator-probe")
    assert not invoker.knows("frontdoor-local-no-such-function")
    result = simulate(calling("frontdoor-local-simulator-probe"), {}, invoker=invoker)
    assert result.prompts() == ["Outcome from the probe"]


def test_the_event_has_the_shape_connect_sends() -> None:
    seen: list[dict[str, Any]] = []
    result = simulate(
        calling("capture"),
        {
            "caller": "+447700900888",
            "dialled": "+441632960000",
            "attributes": {"topic": "bins"},
            "contact_id": "c-1",
        },
        stubs={"capture": lambda event: seen.append(event) or {"outcome": "ok"}},
    )

    assert result.prompts() == ["Outcome ok"]
    (event,) = seen
    assert event["Name"] == "ContactFlowEvent"
    assert event["Details"]["Parameters"] == {"topic": "bins"}
    contact = event["Details"]["ContactData"]
    assert set(contact) >= {
        "Attributes", "Channel", "ContactId", "CustomerEndpoint", "InitialContactId", "InitiationMethod",
        "InstanceARN", "MediaStreams", "PreviousContactId", "Queue", "SystemEndpoint",
    }  # fmt: skip
    assert contact["Attributes"] == {"topic": "bins"}
    assert (contact["Channel"], contact["ContactId"], contact["InitiationMethod"]) == (
        "VOICE",
        "c-1",
        "INBOUND",
    )
    assert contact["CustomerEndpoint"] == {"Address": "+447700900888", "Type": "TELEPHONE_NUMBER"}
    assert contact["SystemEndpoint"] == {"Address": "+441632960000", "Type": "TELEPHONE_NUMBER"}
    assert contact["Queue"] is None
    assert contact["MediaStreams"] == {"Customer": {"Audio": None}}


def test_a_chat_contact_has_no_phone_endpoints() -> None:
    seen: list[dict[str, Any]] = []
    simulate(
        calling("capture"), {"channel": "CHAT"}, stubs={"capture": lambda event: seen.append(event) or {}}
    )

    contact = seen[0]["Details"]["ContactData"]
    assert (contact["Channel"], contact["InitiationMethod"]) == ("CHAT", "API")
    assert contact["CustomerEndpoint"] is None and contact["SystemEndpoint"] is None
