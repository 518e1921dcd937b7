"""Texts through AWS End User Messaging SMS: the exact SendTextMessage request, and its failures."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError
from botocore.stub import Stubber

from frontdoor.messaging.ports import TextNotSent
from frontdoor.messaging.sms import SERVICE, EndUserMessagingSms

ORIGINATION = "arn:aws:sms-voice:eu-west-2:123456789012:phone-number/phone-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"
BODY = "Example Council: Report a pothole online at https://www.example.gov.uk/report/pothole"


@pytest.fixture
def service() -> str:
    return SERVICE  # End User Messaging SMS: conftest.py's client


def test_a_text_is_sent_as_a_transactional_message_from_the_councils_number(
    client: Any, stubber: Stubber
) -> None:
    stubber.add_response(
        "send_text_message",
        {"MessageId": "0e1f2a3b-4c5d-6e7f-8a9b-0c1d2e3f4a5b"},
        expected_params={
            "DestinationPhoneNumber": "+447700900456",
            "OriginationIdentity": ORIGINATION,
            "MessageBody": BODY,
            "MessageType": "TRANSACTIONAL",
        },
    )

    message_id = EndUserMessagingSms(lambda: client, ORIGINATION).send("+447700900456", BODY)

    assert message_id == "0e1f2a3b-4c5d-6e7f-8a9b-0c1d2e3f4a5b"


def test_a_configuration_set_goes_with_the_text_when_there_is_one(client: Any, stubber: Stubber) -> None:
    stubber.add_response(
        "send_text_message",
        {"MessageId": "m-1"},
        expected_params={
            "DestinationPhoneNumber": "+447700900456",
            "OriginationIdentity": ORIGINATION,
            "MessageBody": BODY,
            "MessageType": "TRANSACTIONAL",
            "ConfigurationSetName": "frontdoor-texts",
        },
    )

    assert (
        EndUserMessagingSms(lambda: client, ORIGINATION, "frontdoor-texts").send("+447700900456", BODY)
        == "m-1"
    )


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ThrottlingException", 429),
        ("ServiceQuotaExceededException", 402),
        ("ValidationException", 400),
        ("AccessDeniedException", 403),
        ("ResourceNotFoundException", 404),
        ("InternalServerException", 500),
    ],
)
def test_a_refusal_is_text_not_sent_with_the_providers_code(
    client: Any, stubber: Stubber, code: str, status: int
) -> None:
    stubber.add_client_error("send_text_message", service_error_code=code, http_status_code=status)

    with pytest.raises(TextNotSent) as raised:
        EndUserMessagingSms(lambda: client, ORIGINATION).send("+447700900456", BODY)

    assert raised.value.code == code
    assert "7700" not in str(raised.value)


@pytest.mark.parametrize(
    "failure",
    [
        ReadTimeoutError(endpoint_url="https://sms-voice.eu-west-2.amazonaws.com/"),
        ConnectTimeoutError(endpoint_url="https://sms-voice.eu-west-2.amazonaws.com/"),
    ],
)
def test_a_timeout_is_text_not_sent(failure: Exception) -> None:
    class TimingOut:
        def send_text_message(self, **request: Any) -> dict[str, Any]:
            raise failure

    with pytest.raises(TextNotSent) as raised:
        EndUserMessagingSms(TimingOut, ORIGINATION).send("+447700900456", BODY)

    assert raised.value.code == type(failure).__name__


def test_the_client_is_made_only_when_a_text_is_sent() -> None:
    made: list[str] = []

    def client() -> Any:
        made.append("client")
        raise AssertionError("not wanted yet")

    EndUserMessagingSms(client, ORIGINATION)

    assert made == []
