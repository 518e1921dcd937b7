"""The phone line's happy paths on moto: the real handlers, the pynamodb stores, the local outbox."""

from __future__ import annotations

from datetime import UTC, datetime

import boto3

from frontdoor.cases.model import AWAITING_PAYMENT_NOTE, Location, NewReport, Reporter
from frontdoor.cases.tables import CasesTable, SurveyItem
from frontdoor.messaging.outbox import LocalOutbox
from local.seed import DEMO_KNOWN_CALLER, DEMO_PRIORITY_CALLER, seed_demo_callers, seed_demo_cases
from tests.integration.connect.contact_events import Invoke


def file_pothole(phone: str | None = None) -> str:
    from frontdoor.wiring import case_service

    report = NewReport(
        service_code="pothole",
        channel="web",
        location=Location(lat=52.6369, long=-1.1398),
        answers={"surface": ["road"], "size": ["large"]},
        reporter=Reporter(phone=phone),
    )
    return case_service().file(report).reference


def count_cases() -> int:
    table = CasesTable.Meta.table_name
    items = boto3.client("dynamodb").query(  # one partition per case: count them by the month index
        TableName=table,
        IndexName="by_month",
        KeyConditionExpression="#m = :m",
        ExpressionAttributeNames={"#m": "month"},
        ExpressionAttributeValues={":m": {"S": datetime.now(UTC).strftime("%Y-%m")}},
    )
    return int(items["Count"])


# --- identify_caller ----------------------------------------------------------------------------
def test_a_stranger_is_not_known(invoke: Invoke) -> None:
    answer = invoke("identify_caller", number="+447700900999")
    assert (answer["outcome"], answer["known"], answer["priority"], answer["open_cases"]) == (
        "ok",
        "false",
        "false",
        "0",
    )


def test_a_withheld_number_is_not_known(invoke: Invoke) -> None:
    assert invoke("identify_caller", number=None)["known"] == "false"
    assert invoke("identify_caller", number="anonymous")["known"] == "false"


def test_the_demo_known_caller_hears_their_open_case(invoke: Invoke) -> None:
    seed_demo_cases()
    demo = seed_demo_callers()

    answer = invoke("identify_caller", number=DEMO_KNOWN_CALLER)

    assert (answer["outcome"], answer["known"], answer["priority"], answer["open_cases"]) == (
        "ok",
        "true",
        "false",
        "1",
    )
    assert answer["case_reference"] == demo.known_case_reference
    assert "Report a missed bin collection. Status: received." in answer["case_speech"]


def test_the_demo_vulnerable_caller_comes_first(invoke: Invoke) -> None:
    seed_demo_callers()

    answer = invoke("identify_caller", number=DEMO_PRIORITY_CALLER)

    assert (answer["known"], answer["priority"]) == ("true", "true")


def test_a_chat_is_identified_by_the_number_the_widget_passed(invoke: Invoke) -> None:
    seed_demo_callers()

    answer = invoke("identify_caller", parameters={"phone": "07700 900123"}, number=None, channel="CHAT")

    assert (answer["known"], answer["priority"]) == ("true", "true")


def test_a_web_report_is_known_on_the_phone_tell_us_once(invoke: Invoke) -> None:
    reference = file_pothole(phone="07700 900777")

    answer = invoke("identify_caller", number="+447700900777")

    assert (answer["known"], answer["case_reference"]) == ("true", reference)


# --- case_status --------------------------------------------------------------------------------
def test_a_case_is_read_back_by_the_reference_the_caller_keys(invoke: Invoke) -> None:
    reference = file_pothole()

    answer = invoke("case_status", parameters={"reference": f"{reference[:4]} {reference[4:]}#"})

    assert (answer["outcome"], answer["status"]) == ("ok", "open")
    assert answer["speech"].startswith(f"Case {' '.join(reference[:4])}, ")
    assert answer["speech"].endswith(f"We expect to finish by {answer['expected']}.")


def test_an_unknown_reference_is_not_found(invoke: Invoke) -> None:
    answer = invoke("case_status", parameters={"reference": "482019371"})
    assert (answer["outcome"], answer["status"], answer["expected"]) == ("not_found", "", "")


# --- garden_waste_renewal -------------------------------------------------------------------------
def test_a_renewal_files_a_case_awaiting_payment_and_texts_the_payment_link(
    invoke: Invoke, outbox: LocalOutbox
) -> None:
    from frontdoor.wiring import case_service

    answer = invoke("garden_waste_renewal", parameters={"subscription": "654321#", "bins": "3"})

    assert answer["outcome"] == "ok"
    reference = answer["reference"]
    case = case_service().get(reference)
    assert (case.service_code, case.channel, case.status_notes) == (
        "garden_waste_renewal",
        "phone",
        AWAITING_PAYMENT_NOTE,
    )
    assert [update.description for update in case_service().history(reference)] == [AWAITING_PAYMENT_NOTE]
    [text] = outbox.messages()
    assert text["to"] == "+447700900456"
    assert f"https://pay.example.invalid/garden-waste/{reference}" in text["body"]
    # ...and the caller hears it when they next ring.
    assert invoke("identify_caller")["case_reference"] == reference
    assert "Status: awaiting payment." in invoke("case_status", parameters={"reference": reference})["speech"]


def test_a_retried_renewal_on_the_same_contact_files_one_case(invoke: Invoke) -> None:
    contact = "0f9e8d7c-6b5a-4948-8372-615049382716"
    first = invoke("garden_waste_renewal", contact_id=contact)
    again = invoke("garden_waste_renewal", contact_id=contact)
    other = invoke("garden_waste_renewal", contact_id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")

    assert first["outcome"] == again["outcome"] == other["outcome"] == "ok"
    assert again["reference"] == first["reference"] != other["reference"]
    assert count_cases() == 2


def test_a_renewal_without_a_mobile_files_nothing(invoke: Invoke, outbox: LocalOutbox) -> None:
    answer = invoke("garden_waste_renewal", number="+441164960123")

    assert answer["outcome"] == "no_number"
    assert count_cases() == 0 and outbox.messages() == []


# --- record_survey ------------------------------------------------------------------------------
def test_survey_answers_are_kept_by_contact_and_found_by_month_through_the_index(invoke: Invoke) -> None:
    assert invoke("record_survey", contact_id="11111111-2222-4333-8444-555555555555")["outcome"] == "ok"
    assert invoke("record_survey", parameters={"score": "2"}, channel="CHAT")["outcome"] == "ok"
    assert invoke("record_survey", parameters={"score": "9"})["outcome"] == "invalid"

    month = datetime.now(UTC).strftime("%Y-%m")
    answers = list(SurveyItem.surveys_by_month.query(month))
    assert sorted((a.channel, int(a.score)) for a in answers) == [("chat", 2), ("phone", 5)]
    by_phone = list(SurveyItem.surveys_by_month.query(month, SurveyItem.survey_sort.startswith("phone#")))
    assert [a.contact_id for a in by_phone] == ["11111111-2222-4333-8444-555555555555"]


# --- send_link ----------------------------------------------------------------------------------
def test_a_link_to_report_online_is_texted(invoke: Invoke, outbox: LocalOutbox) -> None:
    answer = invoke("send_link", parameters={"topic": "fly_tipping"})

    assert answer["outcome"] == "ok"
    [text] = outbox.messages()
    assert text["body"].endswith("Report fly-tipping online at http://127.0.0.1:8080/report/fly_tipping")


def test_a_link_to_track_a_case_is_texted(invoke: Invoke, outbox: LocalOutbox) -> None:
    reference = file_pothole()

    assert invoke("send_link", parameters={"topic": "track", "reference": reference})["outcome"] == "ok"
    assert outbox.messages()[0]["body"].endswith(f"/track/{reference}")


def test_a_phone_only_service_has_no_link(invoke: Invoke, outbox: LocalOutbox) -> None:
    assert invoke("send_link", parameters={"topic": "telecare"})["outcome"] == "advisor"
    assert outbox.messages() == []


def test_make_runs_seed_brings_both_demo_callers(invoke: Invoke) -> None:
    seed_demo_cases()  # as `python -m local` seeds

    assert invoke("identify_caller", number=DEMO_PRIORITY_CALLER)["priority"] == "true"
    assert invoke("identify_caller", number=DEMO_KNOWN_CALLER)["open_cases"] == "1"
