"""Ringing Front Door's own phone line and webchat: every menu path, against the real handlers.

The flows are those `make synth` deploys (built on offline ARNs); the Connect-invoked functions
are the real handlers on moto, with the demo data `make run` seeds. Times are Monday
23 November 2026, 10:00 (advisors in) or 20:00 (advisors out), Europe/London.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from frontdoor import settings as config
from local.contact_centre import ProjectContactCentre, project_contact_centre
from local.flow_simulator import HandlerLambdas, SimulationResult, simulate
from local.seed import DemoCallers

IN_HOURS = "2026-11-23T10:00:00"
OUT_OF_HOURS = "2026-11-23T20:00:00"
NEW_CALLER = "+447700900999"
WITHHELD = "anonymous"


def forget_process_state() -> None:
    """Clients and services are cached per process; each emulation needs its own."""
    from frontdoor import settings, wiring

    for module in (wiring, settings):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


class Line:
    """The phone line on the emulation: ring it with keys, read what happened."""

    def __init__(self, centre: ProjectContactCentre, demo: DemoCallers, outbox: Path) -> None:
        self.centre, self.demo, self.outbox = centre, demo, outbox

    def ring(
        self,
        *keys: str,
        caller: str = NEW_CALLER,
        at: str = IN_HOURS,
        flow: str = "inbound",
        stubs: dict[str, Any] | None = None,
        **script: Any,
    ) -> SimulationResult:
        return simulate(
            self.centre.flows[flow],
            {"caller": caller, "at": at, "inputs": list(keys), **script},
            library=self.centre.library,
            directory=self.centre.directory,
            invoker=HandlerLambdas(),
            stubs=stubs,
        )

    def texts_to(self, number: str) -> list[str]:
        if not self.outbox.exists():
            return []
        lines = [json.loads(line) for line in self.outbox.read_text().splitlines()]
        return [line["body"] for line in lines if line["to"] == number]


@pytest.fixture(scope="module")
def line(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Line]:
    outbox = tmp_path_factory.mktemp("outbox") / "messages.jsonl"
    with pytest.MonkeyPatch.context() as env, mock_aws():
        env.setenv(config.OUTBOX_PATH, str(outbox))
        forget_process_state()
        from local.seed import seed_demo_callers, seed_demo_cases
        from local.tables import create_tables

        create_tables()
        seed_demo_cases()
        yield Line(project_contact_centre(), seed_demo_callers(), outbox)
    forget_process_state()


def queued_for(result: SimulationResult) -> str | None:
    return result.outcome.queue_name if result.outcome.kind == "queue" else None


def said(result: SimulationResult) -> str:
    return "\n".join(result.prompts())


def called(result: SimulationResult, function: str) -> list[dict[str, Any]]:
    return [
        event.data for event in result.of_kind("lambda") if event.data["function_name"].endswith(function)
    ]


# --- who is calling -------------------------------------------------------------------------
def test_a_vulnerable_caller_is_put_first_in_the_priority_queue(line: Line) -> None:
    result = line.ring(caller=line.demo.priority_number)
    assert queued_for(result) == "Priority callers"
    assert {"setting": "UpdateContactRoutingBehavior", "value": {"QueuePriority": "1"}}.items() <= next(
        event.data for event in result.of_kind("setting") if event.action == "priority-routing"
    ).items()
    assert "For adult social care" not in said(result)  # no menu to wade through


def test_a_vulnerable_caller_out_of_hours_hears_the_emergency_numbers(line: Line) -> None:
    result = line.ring(caller=line.demo.priority_number, at=OUT_OF_HOURS)
    assert result.outcome.kind == "disconnect"
    assert "call 999" in said(result)
    assert [flow.flow for flow in result.events if flow.kind == "flow"][-1] == "Front Door out of hours"


def test_a_caller_with_an_open_case_hears_it_before_the_menu(line: Line) -> None:
    result = line.ring("1", caller=line.demo.known_number)
    reference = line.demo.known_case_reference
    assert reference is not None
    spoken = ", ".join(" ".join(group) for group in (reference[0:4], reference[4:8], reference[8:]))
    assert f"Welcome back. Case {spoken}: Report a missed bin collection." in said(result)
    assert queued_for(result) == "Customer Services"
    assert result.attributes["case_reference"] == reference  # the advisor sees which case


def test_an_unknown_caller_goes_straight_to_the_menu(line: Line) -> None:
    result = line.ring("7")
    assert "Welcome back" not in said(result)
    assert called(result, "identify-caller")[0]["result"]["known"] == "false"
    assert queued_for(result) == "Customer Services"


# --- the menu, option by option --------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "queue"),
    [("1", "Adult Social Care"), ("5", "Waste and Recycling"), ("6", "Highways"), ("7", "Customer Services")],
)
def test_each_advisor_option_reaches_its_team_in_hours(line: Line, key: str, queue: str) -> None:
    result = line.ring(key)
    assert queued_for(result) == queue
    assert f"Putting you through to {queue}." in said(result)


def test_an_advisor_option_out_of_hours_offers_a_text_link_instead(line: Line) -> None:
    result = line.ring("5", "1", caller="+447700900321", at=OUT_OF_HOURS)
    assert "Our automated line is open all day, every day." in said(result)
    assert called(result, "send-link")[0]["result"]["outcome"] == "ok"
    assert result.outcome.kind == "disconnect"
    assert any("/report" in text for text in line.texts_to("+447700900321"))


def test_checking_a_case_by_reference_reads_its_status_and_expected_date(line: Line) -> None:
    reference = line.demo.known_case_reference
    assert reference is not None
    result = line.ring("2", reference)
    speech = called(result, "case-status")[0]["result"]["speech"]
    assert "Report a missed bin collection" in speech and "We expect to finish by" in speech
    assert speech in said(result)
    assert result.outcome.kind == "disconnect"  # then silence: goodbye


def test_a_mistyped_reference_is_not_found_and_the_caller_can_go_on(line: Line) -> None:
    result = line.ring("2", "123456789", "2")
    assert called(result, "case-status")[0]["result"]["outcome"] == "not_found"
    assert queued_for(result) == "Customer Services"


def test_renewing_garden_waste_records_it_and_texts_a_payment_link(line: Line) -> None:
    caller = "+447700900654"
    result = line.ring("3", "123456", "2", caller=caller)
    renewal = called(result, "garden-waste-renewal")[0]
    assert renewal["parameters"] == {"subscription": "123456", "bins": "2"}
    assert renewal["result"]["outcome"] == "ok"
    assert renewal["result"]["reference"] in said(result).replace(" ", "").replace(",", "")
    texts = line.texts_to(caller)
    assert len(texts) == 1 and "https://" in texts[0]


def test_a_withheld_number_cannot_be_texted_so_the_caller_is_put_through(line: Line) -> None:
    result = line.ring("3", "123456", "2", caller=WITHHELD)
    assert called(result, "garden-waste-renewal")[0]["result"]["outcome"] == "no_number"
    assert queued_for(result) == "Waste and Recycling"


def test_a_text_with_a_link_to_report_online(line: Line) -> None:
    caller = "+447700900655"
    result = line.ring("4", caller=caller)
    assert called(result, "send-link")[0]["parameters"] == {"topic": "report"}
    assert any("/report" in text for text in line.texts_to(caller))


@pytest.mark.parametrize("first", ["*", "9"])
def test_star_or_a_wrong_key_hears_the_menu_again(line: Line, first: str) -> None:
    result = line.ring(first, "6")
    assert said(result).count("For roads, pavements and street lights, press 6.") == 2
    assert ("Sorry, that is not one of the options." in said(result)) == (first == "9")
    assert queued_for(result) == "Highways"


def test_silence_twice_puts_the_caller_through_to_a_person(line: Line) -> None:
    result = line.ring()
    assert queued_for(result) == "Customer Services"


# --- when things fail ------------------------------------------------------------------------
def test_when_a_function_fails_the_caller_still_reaches_an_advisor(line: Line) -> None:
    stubs = {"frontdoor-local-case-status": {"outcome": "advisor"}}
    result = line.ring("2", "123456789", stubs=stubs)
    assert queued_for(result) == "Customer Services"


def test_when_identification_times_out_the_caller_hears_the_menu(line: Line) -> None:
    result = line.ring("5", stubs={"frontdoor-local-identify-caller": {"timeout": True}})
    assert "For adult social care, press 1." in said(result)
    assert queued_for(result) == "Waste and Recycling"


def test_a_full_queue_is_told_so_and_the_call_ends(line: Line) -> None:
    result = line.ring("5", full_queues=["Waste and Recycling"])
    assert "Sorry, all our advisors are busy." in said(result)
    assert result.outcome.kind == "disconnect"


# --- the other flows -------------------------------------------------------------------------
def test_the_telecare_line_goes_straight_through_to_its_24_hour_number(line: Line) -> None:
    result = line.ring(flow="telecare", at=OUT_OF_HOURS)
    assert result.outcome.kind == "transfer_to_number"
    assert result.outcome.number == "+443001234567"


def test_if_the_telecare_line_fails_the_telecare_queue_answers_first(line: Line) -> None:
    result = line.ring(flow="telecare", third_party="failed")
    assert queued_for(result) == "Telecare and Community Alarms"


def test_a_long_wait_offers_a_callback_that_keeps_the_callers_place(line: Line) -> None:
    result = line.ring("5", "1", metrics={"OldestContactInQueueAgeSeconds": 900})
    queue_flow = result.outcome.queue_flow
    assert queued_for(result) == "Waste and Recycling"
    assert queue_flow is not None and queue_flow.kind == "disconnect"
    assert result.outcome.callbacks and "online at example dot gov dot UK" in said(result)


def test_the_survey_records_satisfaction_against_the_contact(line: Line) -> None:
    result = line.ring("4", flow="survey")
    recorded = called(result, "record-survey")
    assert recorded[0]["parameters"] == {"score": "4"} and recorded[0]["result"]["outcome"] == "ok"
    assert "Thank you for your feedback." in said(result)


def test_the_survey_asks_again_when_the_score_is_not_1_to_5(line: Line) -> None:
    result = line.ring("9", "5", flow="survey")
    assert [call["result"]["outcome"] for call in called(result, "record-survey")] == ["invalid", "ok"]


# --- webchat ---------------------------------------------------------------------------------
def test_a_chat_is_routed_to_the_team_the_resident_chose_on_the_web(line: Line) -> None:
    result = line.ring(flow="chat", channel="CHAT", attributes={"topic": "highways"})
    assert queued_for(result) == "Highways"


def test_a_chat_from_a_vulnerable_resident_goes_to_the_priority_queue(line: Line) -> None:
    attributes = {"caller_phone": line.demo.priority_number, "topic": "waste"}
    result = line.ring(flow="chat", channel="CHAT", attributes=attributes)
    assert queued_for(result) == "Priority callers"


def test_a_chat_without_a_topic_goes_to_customer_services(line: Line) -> None:
    result = line.ring(flow="chat", channel="CHAT")
    assert queued_for(result) == "Customer Services"
    assert result.outcome.queue_flow is not None and result.outcome.queue_flow.kind == "end"
