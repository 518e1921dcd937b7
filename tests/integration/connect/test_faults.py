"""When DynamoDB or texting fails or is slow, every Connect function still answers within Connect's
3 s, with the fallback that puts the caller through to an advisor.

Faults are injected the way they arrive: error responses through botocore's Stubber, timeouts raised
where botocore sends the request (so its retries and back-off run as in AWS), slowness as a sleep
there, and missing tables or items for real in moto.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError
from botocore.stub import ANY, Stubber

from frontdoor import settings, wiring
from frontdoor.cases.tables import CasesTable, IdempotencyTable
from frontdoor.contacts.automated_line import FALLBACKS
from frontdoor.messaging.outbox import LocalOutbox
from frontdoor.messaging.sms import SERVICE as SMS
from tests.integration.connect.contact_events import Invoke, forget

BUDGET_S = 2.5  # what the functions promise: well within Connect's 3 s
# Each function with parameters that make it reach the store (and, for two of them, text).
CALLS: dict[str, dict[str, str]] = {
    "identify_caller": {},
    "case_status": {"reference": "482019371"},
    "garden_waste_renewal": {"subscription": "123456", "bins": "2"},
    "record_survey": {"score": "4"},
    "send_link": {"topic": "pothole"},
}
READS_AND_WRITES_DYNAMODB = ["identify_caller", "case_status", "garden_waste_renewal", "record_survey"]


def timed(invoke: Invoke, key: str, **event: Any) -> tuple[dict[str, str], float]:
    started = time.monotonic()
    answer = invoke(key, parameters=CALLS[key], **event)
    return answer, time.monotonic() - started


def dynamodb() -> Any:
    """The functions' own DynamoDB client, built as on a phone-line cold start."""
    wiring.automated_line()
    return wiring.aws_client("dynamodb")


@pytest.fixture
def stubbed_dynamodb(outbox: LocalOutbox) -> Iterator[Stubber]:
    with Stubber(dynamodb()) as stubber:
        yield stubber


# The first DynamoDB call each function makes (the renewal's is powertools' in-progress record).
FIRST_CALL = {
    "identify_caller": "query",
    "case_status": "get_item",
    "garden_waste_renewal": "put_item",
    "record_survey": "put_item",
}


@pytest.mark.parametrize("key", READS_AND_WRITES_DYNAMODB)
@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ProvisionedThroughputExceededException", 400),
        ("ThrottlingException", 400),
        ("RequestLimitExceeded", 400),
        ("InternalServerError", 500),
    ],
)
def test_a_throttled_or_failing_store_answers_the_fallback_at_once(
    invoke: Invoke, stubbed_dynamodb: Stubber, outbox: LocalOutbox, key: str, code: str, status: int
) -> None:
    stubbed_dynamodb.add_client_error(FIRST_CALL[key], service_error_code=code, http_status_code=status)

    answer, elapsed = timed(invoke, key)

    assert answer == FALLBACKS[key]
    stubbed_dynamodb.assert_no_pending_responses()  # the error was met, not some other failure
    assert elapsed < 0.5
    assert outbox.messages() == []


class FailingSends:
    """Stands in for the network where botocore sends a request: waits, then fails or lets it through."""

    def __init__(
        self, error: type[ReadTimeoutError | ConnectTimeoutError] | None, wait_s: float = 0.0
    ) -> None:
        self.error, self.wait_s, self.calls = error, wait_s, 0

    def __call__(self, **kwargs: Any) -> None:
        self.calls += 1
        time.sleep(self.wait_s)
        if self.error is not None:
            raise self.error(endpoint_url="https://dynamodb.eu-west-2.amazonaws.com/")


def on_every_send(client: Any, sends: FailingSends) -> None:
    service = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register_first(f"before-send.{service}", sends)


@pytest.mark.parametrize("key", READS_AND_WRITES_DYNAMODB)
@pytest.mark.parametrize("error", [ReadTimeoutError, ConnectTimeoutError])
def test_a_timing_out_store_is_tried_twice_then_the_fallback_answers_in_time(
    invoke: Invoke, outbox: LocalOutbox, key: str, error: type[ReadTimeoutError | ConnectTimeoutError]
) -> None:
    sends = FailingSends(error)
    on_every_send(dynamodb(), sends)

    answer, elapsed = timed(invoke, key)

    assert answer == FALLBACKS[key]
    assert sends.calls == 2  # botocore's standard retry mode, two attempts in all
    assert elapsed < BUDGET_S


@pytest.mark.parametrize("key", READS_AND_WRITES_DYNAMODB)
def test_a_store_too_slow_to_answer_in_time_gets_the_fallback_in_time(invoke: Invoke, key: str) -> None:
    on_every_send(dynamodb(), FailingSends(None, wait_s=2.4))  # slower than the whole deadline

    answer, elapsed = timed(invoke, key)

    assert answer == FALLBACKS[key]
    assert 1.9 < elapsed < BUDGET_S


@pytest.mark.parametrize("key", READS_AND_WRITES_DYNAMODB)
def test_a_missing_table_answers_the_fallback(invoke: Invoke, outbox: LocalOutbox, key: str) -> None:
    boto3.client("dynamodb").delete_table(TableName=CasesTable.Meta.table_name)

    answer, elapsed = timed(invoke, key)

    assert answer == FALLBACKS[key]
    assert elapsed < BUDGET_S
    assert outbox.messages() == []


def test_without_the_idempotency_table_no_renewal_is_filed_or_texted(
    invoke: Invoke, outbox: LocalOutbox
) -> None:
    boto3.client("dynamodb").delete_table(TableName=IdempotencyTable.Meta.table_name)

    answer, _ = timed(invoke, "garden_waste_renewal")

    assert answer == FALLBACKS["garden_waste_renewal"]
    assert outbox.messages() == []


def test_a_caller_whose_case_item_is_missing_is_known_without_it(invoke: Invoke) -> None:
    from frontdoor.cases.model import Location, NewReport, Reporter

    filed = wiring.case_service().file(
        NewReport(
            service_code="pothole",
            channel="web",
            location=Location(lat=52.6369, long=-1.1398),
            answers={"surface": ["road"], "size": ["large"]},
            reporter=Reporter(phone="+447700900456"),
        )
    )
    boto3.client("dynamodb").delete_item(
        TableName=CasesTable.Meta.table_name,
        Key={"pk": {"S": f"CASE#{filed.reference}"}, "sk": {"S": "CASE"}},
    )

    answer, _ = timed(invoke, "identify_caller")

    assert (answer["outcome"], answer["known"], answer["open_cases"], answer["case_reference"]) == (
        "ok",
        "true",
        "0",
        "",
    )


@pytest.mark.parametrize("key", list(CALLS))
def test_a_missing_setting_answers_the_fallback(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.delenv(settings.CALLER_SALT)
    forget()

    assert timed(invoke, key)[0] == FALLBACKS[key]


# --- texting ------------------------------------------------------------------------------------
ORIGINATION = "arn:aws:sms-voice:eu-west-2:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef"


@pytest.fixture
def sms(outbox: LocalOutbox, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Texts through End User Messaging SMS, as in AWS (moto has no such API: tests stub the client)."""
    monkeypatch.delenv(settings.OUTBOX_PATH)
    monkeypatch.setenv(settings.SMS_ORIGINATION, ORIGINATION)
    forget()
    wiring.automated_line()
    return wiring.aws_client(SMS)


def test_the_payment_link_goes_out_as_a_transactional_text_from_the_councils_number(
    invoke: Invoke, sms: Any
) -> None:
    sent: list[dict[str, Any]] = []
    sms.meta.events.register(
        "provide-client-params.pinpoint-sms-voice-v2.SendTextMessage",
        lambda params, **_: sent.append(dict(params)),
    )
    with Stubber(sms) as stubber:
        stubber.add_response(
            "send_text_message",
            {"MessageId": "3c1f0d2e-5a4b-4c6d-8e7f-9a0b1c2d3e4f"},
            expected_params={
                "DestinationPhoneNumber": "+447700900456",
                "OriginationIdentity": ORIGINATION,
                "MessageBody": ANY,
                "MessageType": "TRANSACTIONAL",
            },
        )
        answer, elapsed = timed(invoke, "garden_waste_renewal")
        stubber.assert_no_pending_responses()

    assert answer["outcome"] == "ok"
    assert f"https://pay.example.invalid/garden-waste/{answer['reference']}" in sent[0]["MessageBody"]
    assert elapsed < BUDGET_S


@pytest.mark.parametrize(
    "code", ["ThrottlingException", "ServiceQuotaExceededException", "ValidationException"]
)
def test_a_refused_payment_text_sends_the_caller_to_an_advisor_with_their_reference(
    invoke: Invoke, sms: Any, code: str
) -> None:
    with Stubber(sms) as stubber:
        stubber.add_client_error("send_text_message", service_error_code=code, http_status_code=400)
        answer, elapsed = timed(invoke, "garden_waste_renewal")

    assert answer["outcome"] == "advisor"
    assert wiring.case_service().get(answer["reference"]).service_code == "garden_waste_renewal"
    assert elapsed < BUDGET_S


@pytest.mark.parametrize("error", [ReadTimeoutError, ConnectTimeoutError])
def test_a_timing_out_text_answers_the_fallback_in_time(
    invoke: Invoke, sms: Any, error: type[ReadTimeoutError | ConnectTimeoutError]
) -> None:
    sends = FailingSends(error)
    on_every_send(sms, sends)

    answer, elapsed = timed(invoke, "send_link")

    assert answer["outcome"] == "advisor"
    assert sends.calls == 2
    assert elapsed < BUDGET_S


def test_a_refused_link_text_answers_advisor(invoke: Invoke, sms: Any) -> None:
    with Stubber(sms) as stubber:
        stubber.add_client_error(
            "send_text_message", service_error_code="ThrottlingException", http_status_code=429
        )
        answer, _ = timed(invoke, "send_link")

    assert answer["outcome"] == "advisor"
