"""Contact and flow control actions on small flows, and how a run stops when a flow is broken."""

from __future__ import annotations

from typing import Any

import pytest

from local.flow_simulator import FlowLibrary, parse_directory, simulate
from local.flow_simulator.errors import (
    DanglingActionError,
    MalformedActionError,
    MissingFlowError,
    StepLimitError,
    UnknownHoursError,
    UnsupportedActionError,
)
from tests.flows.builders import act, flow, hang_up, say

QUEUE_ARN = "arn:aws:connect:eu-west-2:000000000000:instance/i/queue/q-waste"
HOURS_ARN = "arn:aws:connect:eu-west-2:000000000000:instance/i/operating-hours/h-advisors"
DIRECTORY = parse_directory(
    {
        "timezone": "Europe/London",
        "queues": {QUEUE_ARN: {"name": "Waste", "hours": "advisors"}},
        "hours": {
            HOURS_ARN: {
                "name": "advisors",
                "slots": [
                    {
                        "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
                        "open": "09:00",
                        "close": "17:00",
                    }
                ],
            }
        },
        "flows": {"arn:aws:connect:eu-west-2:000000000000:instance/i/contact-flow/f-oh": "Out of hours"},
    }
)
MONDAY_MORNING = "2025-03-03T10:00:00"  # Europe/London (GMT)
MONDAY_EVENING = "2025-03-03T18:30:00"


def compare(value: str, operator: str, operand: str) -> list[str]:
    result = simulate(
        flow(
            act(
                "check",
                "Compare",
                {"ComparisonValue": "$.Attributes.value"},
                conditions=[(operator, "yes", [operand])],
                errors={"NoMatchingCondition": "no"},
            ),
            say("yes", "yes", "bye"),
            say("no", "no", "bye"),
            hang_up(),
        ),
        {"attributes": {"value": value}} if value else {},
    )
    return result.prompts()


@pytest.mark.parametrize(
    ("value", "operator", "operand", "expected"),
    [
        ("true", "Equals", "true", "yes"),
        ("True", "Equals", "true", "no"),
        ("0123", "Equals", "123", "no"),
        ("5.0", "Equals", "5", "yes"),
        ("301", "NumberGreaterThan", "300", "yes"),
        ("300", "NumberGreaterThan", "300", "no"),
        ("300", "NumberGreaterOrEqualTo", "300", "yes"),
        ("12", "NumberLessThan", "100", "yes"),
        ("abc", "NumberLessThan", "100", "no"),
        ("12", "NumberLessOrEqualTo", "12", "yes"),
        ("GW123456", "TextStartsWith", "GW", "yes"),
        ("report a pothole", "TextContains", "pothole", "yes"),
        ("case.pdf", "TextEndsWith", ".pdf", "yes"),
        ("", "Equals", "", "no"),  # an unset attribute matches nothing
    ],
)
def test_compare_operators(value: str, operator: str, operand: str, expected: str) -> None:
    assert compare(value, operator, operand) == [expected]


def test_compare_with_an_unknown_operator_stops_naming_the_action() -> None:
    with pytest.raises(
        MalformedActionError, match="Compare action 'check': unknown condition operator 'Roughly'"
    ):
        compare("1", "Roughly", "1")


def test_contact_attributes_are_set_from_references_and_sent_to_lambdas() -> None:
    result = simulate(
        flow(
            act(
                "set",
                "UpdateContactAttributes",
                {
                    "Attributes": {
                        "callerNumber": "$.CustomerEndpoint.Address",
                        "$.Attributes.keyName": "dynamic",
                    }
                },
                next="ask",
                errors={"NoMatchingError": "bye"},
            ),
            act(
                "ask",
                "InvokeLambdaFunction",
                {"LambdaFunctionARN": "echo"},
                next="bye",
                errors={"NoMatchingError": "bye"},
            ),
            hang_up(),
        ),
        {"caller": "+447700900222", "attributes": {"keyName": "topic"}},
        stubs={"echo": lambda event: {"seen": event["Details"]["ContactData"]["Attributes"]["callerNumber"]}},
    )

    assert result.attributes == {"keyName": "topic", "callerNumber": "+447700900222", "topic": "dynamic"}
    assert [(e.data["name"], e.data["value"]) for e in result.of_kind("attribute")] == [
        ("callerNumber", "+447700900222"),
        ("topic", "dynamic"),
    ]
    assert result.of_kind("lambda")[0].data["result"] == {"seen": "+447700900222"}


def test_flow_attributes_belong_to_their_flow_and_are_gone_after_a_transfer() -> None:
    second = flow(
        say("hello", "Flow attribute now: [$.FlowAttributes.step]", "bye"), hang_up(), name="second"
    )
    library = FlowLibrary([second])

    result = simulate(
        flow(
            act(
                "remember",
                "UpdateFlowAttributes",
                {"FlowAttributes": {"step": {"Value": "greeting"}}},
                next="say",
            ),
            say("say", "Flow attribute: $.FlowAttributes.step", "move"),
            act("move", "TransferToFlow", {"ContactFlowId": "second"}, errors={"NoMatchingError": "bye"}),
            hang_up(),
        ),
        {},
        library=library,
    )

    assert result.prompts() == ["Flow attribute: greeting", "Flow attribute now: []"]
    assert result.of_kind("attribute")[0].data["scope"] == "flow"


def queue_flow() -> list[dict[str, Any]]:
    return [
        act(
            "target",
            "UpdateContactTargetQueue",
            {"QueueId": QUEUE_ARN},
            next="say",
            errors={"NoMatchingError": "bye"},
        ),
        say("say", "Putting you through to $.Queue.Name", "transfer"),
        act(
            "transfer", "TransferContactToQueue", errors={"QueueAtCapacity": "full", "NoMatchingError": "bye"}
        ),
        say("full", "The queue is full", "bye"),
        hang_up(),
    ]


def test_queue_transfer_outcome_names_the_queue_from_the_directory() -> None:
    result = simulate(flow(*queue_flow()), {}, directory=DIRECTORY)

    assert result.prompts() == ["Putting you through to Waste"]
    assert (result.outcome.kind, result.outcome.queue, result.outcome.queue_name) == (
        "queue",
        QUEUE_ARN,
        "Waste",
    )


def test_a_full_queue_takes_the_queue_at_capacity_branch() -> None:
    result = simulate(flow(*queue_flow()), {"full_queues": ["Waste"]}, directory=DIRECTORY)

    assert result.prompts()[-1] == "The queue is full"


def test_transfer_without_a_target_queue_takes_the_error_branch() -> None:
    result = simulate(
        flow(
            act("transfer", "TransferContactToQueue", errors={"NoMatchingError": "oops"}),
            say("oops", "No queue", "bye"),
            hang_up(),
        ),
        {},
    )

    assert result.prompts() == ["No queue"]


def hours_check(parameters: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        act(
            "hours",
            "CheckHoursOfOperation",
            parameters,
            conditions=[("Equals", "open", ["True"]), ("Equals", "closed", ["False"])],
            errors={"NoMatchingError": "bye"},
        ),
        say("open", "We are open", "bye"),
        say("closed", "We are closed", "bye"),
        hang_up(),
    ]


def test_hours_are_open_and_closed_by_the_weekly_slots_in_their_time_zone() -> None:
    check = flow(*hours_check({"HoursOfOperationId": HOURS_ARN}))

    morning = simulate(check, {"at": MONDAY_MORNING}, directory=DIRECTORY)
    evening = simulate(check, {"at": MONDAY_EVENING}, directory=DIRECTORY)
    saturday = simulate(check, {"at": "2025-03-08T10:00:00"}, directory=DIRECTORY)

    assert (morning.prompts(), evening.prompts(), saturday.prompts()) == (
        ["We are open"],
        ["We are closed"],
        ["We are closed"],
    )
    assert morning.of_kind("hours")[0].data == {
        "name": "advisors",
        "open": True,
        "at": "Monday 10:00 (GMT)",
        "override": False,
    }


def test_summer_time_is_taken_into_account() -> None:
    check = flow(*hours_check({"HoursOfOperationId": HOURS_ARN}))

    # 08:30 UTC on a July Monday is 09:30 in London (BST).
    assert simulate(check, {"at": "2025-07-07T08:30:00+00:00"}, directory=DIRECTORY).prompts() == [
        "We are open"
    ]


def test_without_an_hours_id_the_target_queues_hours_are_checked() -> None:
    check = flow(
        act(
            "target",
            "UpdateContactTargetQueue",
            {"QueueId": QUEUE_ARN},
            next="hours",
            errors={"NoMatchingError": "bye"},
        ),
        *hours_check({}),
        start="target",
    )

    assert simulate(check, {"at": MONDAY_EVENING}, directory=DIRECTORY).prompts() == ["We are closed"]


def test_script_can_force_hours_open_by_name() -> None:
    check = flow(*hours_check({"HoursOfOperationId": HOURS_ARN}))

    result = simulate(check, {"at": MONDAY_EVENING, "hours": {"Advisors": True}}, directory=DIRECTORY)

    assert result.prompts() == ["We are open"]
    assert result.of_kind("hours")[0].data["override"] is True


def test_unknown_hours_stop_the_run_with_a_clear_error() -> None:
    with pytest.raises(
        UnknownHoursError, match="hours 'arn:aws:connect:x:operating-hours/nope' are not in the directory"
    ):
        simulate(flow(*hours_check({"HoursOfOperationId": "arn:aws:connect:x:operating-hours/nope"})), {})


def test_loop_continues_its_count_then_is_done() -> None:
    result = simulate(
        flow(
            say("ask", "Try", "loop"),
            act(
                "loop",
                "Loop",
                {"LoopCount": "2"},
                conditions=[("Equals", "ask", ["ContinueLooping"]), ("Equals", "bye", ["DoneLooping"])],
            ),
            hang_up(),
        ),
        {},
    )

    assert result.prompts() == ["Try", "Try", "Try"]


def test_wait_completes_on_chat_and_is_an_error_on_voice() -> None:
    waiting = flow(
        act(
            "wait",
            "Wait",
            {"TimeoutSeconds": "30"},
            conditions=[("Equals", "done", ["WaitCompleted"])],
            errors={"NoMatchingError": "oops"},
        ),
        say("done", "Still there?", "bye"),
        say("oops", "Wait is chat only", "bye"),
        hang_up(),
    )

    assert simulate(waiting, {"channel": "CHAT"}).prompts() == ["Still there?"]
    assert simulate(waiting, {}).prompts() == ["Wait is chat only"]


def metric_check(metric_type: str) -> list[dict[str, Any]]:
    return [
        act(
            "metric",
            "CheckMetricData",
            {"MetricType": metric_type, "QueueId": QUEUE_ARN},
            conditions=[("NumberGreaterThan", "long", ["300"])],
            errors={"NoMatchingCondition": "short", "NoMatchingError": "bye"},
        ),
        say("long", "A long wait", "bye"),
        say("short", "A short wait", "bye"),
        hang_up(),
    ]


def test_check_metric_data_compares_the_scripted_metric_for_the_queue() -> None:
    check = flow(*metric_check("OldestContactInQueueAgeSeconds"))

    busy = simulate(check, {"queue_metrics": {"Waste": {"oldest_contact_age": 420}}}, directory=DIRECTORY)
    quiet = simulate(check, {"metrics": {"OldestContactInQueueAgeSeconds": 30}}, directory=DIRECTORY)

    assert busy.prompts() == ["A long wait"]
    assert busy.of_kind("metric")[0].data["value"] == "420"
    assert quiet.prompts() == ["A short wait"]


def test_check_metric_data_with_an_unknown_metric_type_names_it() -> None:
    with pytest.raises(MalformedActionError, match="unknown MetricType 'QueueMood'"):
        simulate(flow(*metric_check("QueueMood")), {})


def test_queue_metrics_are_readable_as_references_after_get_metric_data() -> None:
    result = simulate(
        flow(
            act("target", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, next="get"),
            act("get", "GetMetricData", {}, next="say", errors={"NoMatchingError": "bye"}),
            say(
                "say",
                "$.Metrics.Queue.Size ahead of you in $.Metrics.Queue.Name, "
                "about $.Metrics.Queue.EstimatedWaitTime s",
                "bye",
            ),
            hang_up(),
        ),
        {"metrics": {"contacts_in_queue": 4, "estimated_wait_time": 240}},
        directory=DIRECTORY,
    )

    assert result.prompts() == ["4 ahead of you in Waste, about 240 s"]


def test_distribute_by_percentage_uses_the_scripted_rolls() -> None:
    split = flow(
        act(
            "split",
            "DistributeByPercentage",
            conditions=[("NumberLessThan", "a", ["30"]), ("NumberLessThan", "b", ["100"])],
            errors={"NoMatchingCondition": "b"},
        ),
        say("a", "A", "bye"),
        say("b", "B", "bye"),
        hang_up(),
    )

    assert simulate(split, {"rolls": [12]}).prompts() == ["A"]
    assert simulate(split, {"rolls": [30]}).prompts() == ["B"]


def test_settings_actions_are_recorded_on_the_contact() -> None:
    result = simulate(
        flow(
            act("log", "UpdateFlowLoggingBehavior", {"FlowLoggingBehavior": "Enabled"}, next="voice"),
            act(
                "voice",
                "UpdateContactTextToSpeechVoice",
                {"TextToSpeechVoice": "Amy", "TextToSpeechEngine": "Neural"},
                next="priority",
            ),
            act("priority", "UpdateContactRoutingBehavior", {"QueuePriority": "1"}, next="record"),
            act(
                "record",
                "UpdateContactRecordingBehavior",
                {"RecordingBehavior": {"RecordedParticipants": ["Customer"]}},
                next="data",
            ),
            act(
                "data",
                "UpdateContactData",
                {"LanguageCode": "en-GB"},
                next="say",
                errors={"NoMatchingError": "bye"},
            ),
            say("say", "$.TextToSpeechVoice speaking $.LanguageCode", "bye"),
            hang_up(),
        ),
        {},
    )

    assert result.contact["settings"] == {
        "FlowLoggingBehavior": "Enabled",
        "TextToSpeechVoice": "Amy",
        "TextToSpeechEngine": "Neural",
        "QueuePriority": "1",
        "RecordingBehavior": {"RecordedParticipants": ["Customer"]},
        "LanguageCode": "en-GB",
    }
    assert result.prompts() == ["Amy speaking en-GB"]


def test_callback_number_and_callback_contact() -> None:
    result = simulate(
        flow(
            act(
                "number",
                "UpdateContactCallbackNumber",
                {"CallbackNumber": "$.Attributes.mobile"},
                next="callback",
                errors={"InvalidCallbackNumber": "invalid", "CallbackNumberNotDialable": "invalid"},
            ),
            act(
                "callback",
                "CreateCallbackContact",
                {
                    "QueueId": QUEUE_ARN,
                    "InitialCallDelaySeconds": "5",
                    "MaximumConnectionAttempts": "2",
                    "RetryDelaySeconds": "600",
                },
                next="bye",
                errors={"NoMatchingError": "bye"},
            ),
            say("invalid", "That number will not work", "bye"),
            hang_up(),
        ),
        {"attributes": {"mobile": "+447700900333"}},
        directory=DIRECTORY,
    )

    assert result.outcome.callbacks == [
        {
            "number": "+447700900333",
            "queue": QUEUE_ARN,
            "queue_name": "Waste",
            "initial_delay_seconds": "5",
            "maximum_attempts": "2",
            "retry_delay_seconds": "600",
        }
    ]
    assert result.outcome.kind == "disconnect"


def test_invalid_callback_number_takes_its_branch() -> None:
    result = simulate(
        flow(
            act(
                "number",
                "UpdateContactCallbackNumber",
                {"CallbackNumber": "$.Attributes.mobile"},
                next="bye",
                errors={"InvalidCallbackNumber": "invalid", "CallbackNumberNotDialable": "invalid"},
            ),
            say("invalid", "That number will not work", "bye"),
            hang_up(),
        ),
        {"attributes": {"mobile": "0770"}},
    )

    assert result.prompts() == ["That number will not work"]


def test_transfer_to_a_flow_outside_the_library_is_the_outcome_with_its_directory_name() -> None:
    result = simulate(
        flow(
            act(
                "move",
                "TransferToFlow",
                {"ContactFlowId": "arn:aws:connect:eu-west-2:000000000000:instance/i/contact-flow/f-oh"},
                errors={"NoMatchingError": "bye"},
            ),
            hang_up(),
        ),
        {},
        directory=DIRECTORY,
    )

    assert (result.outcome.kind, result.outcome.flow_name) == ("transfer_to_flow", "Out of hours")


def test_flow_module_runs_and_returns_to_the_next_action() -> None:
    module = flow(
        act("set", "UpdateContactAttributes", {"Attributes": {"checked": "yes"}}, next="back"),
        act("back", "EndFlowModuleExecution"),
        name="checks",
    )

    result = simulate(
        flow(
            act(
                "module",
                "InvokeFlowModule",
                {"FlowModuleId": "checks"},
                next="say",
                errors={"NoMatchingError": "bye"},
            ),
            say("say", "Checked: $.Attributes.checked", "bye"),
            hang_up(),
        ),
        {},
        library=FlowLibrary([module]),
    )

    assert result.prompts() == ["Checked: yes"]
    assert [e.data["name"] for e in result.of_kind("flow")] == ["test flow", "checks"]


def test_missing_flow_module_is_a_clear_error() -> None:
    with pytest.raises(MissingFlowError, match="flow module 'checks' is not in the library"):
        simulate(
            flow(act("module", "InvokeFlowModule", {"FlowModuleId": "checks"}, next="bye"), hang_up()), {}
        )


def test_end_flow_execution_ends_the_flow() -> None:
    assert simulate(flow(act("end", "EndFlowExecution")), {}).outcome.kind == "end"


# --- a run that cannot go on stops with an error that names the action ------------------------


def test_unsupported_action_type_names_its_type_and_identifier() -> None:
    broken = flow(say("hi", "Hello", "wisdom"), act("wisdom", "CreateWisdomSession", next="bye"), hang_up())

    with pytest.raises(UnsupportedActionError) as stopped:
        simulate(broken, {})

    assert "'CreateWisdomSession'" in str(stopped.value) and "'wisdom'" in str(stopped.value)
    assert stopped.value.result is not None
    assert stopped.value.result.prompts() == ["Hello"]
    assert stopped.value.result.outcome.kind == "error"


def test_next_action_that_does_not_exist_names_the_action() -> None:
    with pytest.raises(DanglingActionError, match="action 'hi' in flow 'test flow' goes to 'gone'"):
        simulate(flow(say("hi", "Hello", "gone")), {})


def test_an_endless_loop_stops_at_the_step_limit() -> None:
    with pytest.raises(
        StepLimitError, match="stopped after 50 steps, probably an endless loop; .*ping -> pong"
    ):
        simulate(flow(say("ping", "ping", "pong"), say("pong", "pong", "ping")), {}, step_limit=50)


def test_an_error_branch_the_action_does_not_have_is_named() -> None:
    with pytest.raises(
        MalformedActionError, match="GetParticipantInput action 'menu': takes the InputTimeLimitExceeded"
    ):
        simulate(
            flow(
                act(
                    "menu", "GetParticipantInput", {"Text": "Press 1"}, conditions=[("Equals", "menu", ["1"])]
                )
            ),
            {},
        )


def test_a_path_with_no_next_action_ends_the_flow() -> None:
    result = simulate(flow(act("hi", "MessageParticipant", {"Text": "Hello"})), {})

    assert result.outcome.kind == "end"
    assert "has no next action" in result.outcome.detail


def test_references_nothing_sets_are_noted_in_the_transcript() -> None:
    result = simulate(flow(say("hi", "Hello $.Agent.FirstName", "bye"), hang_up()), {})

    assert result.prompts() == ["Hello "]
    assert any("$.Agent" in e.data["text"] for e in result.of_kind("note"))


# --- the customer queue flow after a queue transfer -------------------------------------------


def inbound_to(queue_flow_name: str) -> Any:
    return flow(
        act(
            "hook",
            "UpdateContactEventHooks",
            {"EventHooks": {"CustomerQueue": queue_flow_name}},
            next="target",
        ),
        *queue_flow(),
        start="hook",
        name="inbound",
    )


def test_customer_queue_flow_offers_a_callback_when_the_wait_is_long() -> None:
    waiting = flow(
        act(
            "wait",
            "CheckMetricData",
            {"MetricType": "OldestContactInQueueAgeSeconds"},
            conditions=[("NumberGreaterThan", "offer", ["300"])],
            errors={"NoMatchingCondition": "music", "NoMatchingError": "music"},
        ),
        act(
            "offer",
            "GetParticipantInput",
            {"Text": "Press 1 for a callback", "InputTimeLimitSeconds": "5"},
            conditions=[("Equals", "callback", ["1"])],
            errors={
                "InputTimeLimitExceeded": "music",
                "NoMatchingCondition": "music",
                "NoMatchingError": "music",
            },
        ),
        act(
            "callback",
            "CreateCallbackContact",
            {"InitialCallDelaySeconds": "5"},
            next="thanks",
            errors={"NoMatchingError": "music"},
        ),
        say("thanks", "We will call you back", "bye"),
        act(
            "music",
            "MessageParticipantIteratively",
            {"Messages": [{"Text": "Please hold"}]},
            errors={"NoMatchingError": "bye"},
        ),
        hang_up(),
        name="queue",
    )
    library = FlowLibrary([waiting])

    long_wait = simulate(
        inbound_to("queue"),
        {"inputs": ["1"], "metrics": {"oldest_contact_age": 600}},
        library=library,
        directory=DIRECTORY,
    )
    short_wait = simulate(
        inbound_to("queue"), {"metrics": {"oldest_contact_age": 60}}, library=library, directory=DIRECTORY
    )

    assert long_wait.outcome.kind == "queue" and long_wait.outcome.queue_flow is not None
    assert long_wait.outcome.queue_flow.kind == "disconnect"
    assert long_wait.outcome.callbacks == [
        {"number": "+447700900123", "queue": QUEUE_ARN, "queue_name": "Waste", "initial_delay_seconds": "5"}
    ]
    assert long_wait.prompts()[-1] == "We will call you back"
    assert (
        short_wait.outcome.queue_flow is not None and short_wait.outcome.queue_flow.kind == "agent_answered"
    )
    assert short_wait.prompts()[-1] == "Please hold"


def test_customer_queue_flow_that_never_waits_is_cut_short_as_if_an_advisor_answered() -> None:
    chatter = flow(say("a", "Still here", "b"), say("b", "Still here too", "a"), name="chatter")

    result = simulate(inbound_to("chatter"), {}, library=FlowLibrary([chatter]), directory=DIRECTORY)

    assert result.outcome.queue_flow is not None
    assert result.outcome.queue_flow.kind == "agent_answered"
    assert "still going after 200 steps" in result.outcome.queue_flow.detail


def test_customer_queue_flow_missing_from_the_library_is_noted_not_run() -> None:
    result = simulate(inbound_to("nowhere"), {}, directory=DIRECTORY)

    assert result.outcome.kind == "queue" and result.outcome.queue_flow is None
    assert any(
        "customer queue flow nowhere is not in the library" in e.data["text"] for e in result.of_kind("note")
    )
