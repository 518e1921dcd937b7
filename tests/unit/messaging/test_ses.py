"""Emails through Amazon SES v2: the exact SendEmail request, and its failures."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ConnectTimeoutError
from botocore.stub import Stubber

from frontdoor.messaging.ports import EmailNotSent
from frontdoor.messaging.ses import SERVICE, SesEmail

SENDER = "updates@example.gov.uk"
TO = "ada@example.com"
SUBJECT = "We have fixed the problem you reported – 482019373"
BODY = "Hello Ada,\n\nWe have fixed the problem you reported.\n"
OPT_OUT = "https://frontdoor.example.gov.uk/opt-out/482019373-0123456789abcdef0123456789abcdef"


@pytest.fixture
def service() -> str:
    return SERVICE  # SES v2: conftest.py's client


def test_an_email_is_plain_utf8_text_from_the_council_with_one_click_unsubscribe(
    client: Any, stubber: Stubber
) -> None:
    stubber.add_response(
        "send_email",
        {"MessageId": "0100018f-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-000000"},
        expected_params={
            "FromEmailAddress": "Example Borough Council <updates@example.gov.uk>",
            "Destination": {"ToAddresses": [TO]},
            "ReplyToAddresses": ["customer.services@example.gov.uk"],
            "ConfigurationSetName": "frontdoor-dev-residents",
            "Content": {
                "Simple": {
                    "Subject": {"Data": SUBJECT, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": BODY, "Charset": "UTF-8"}},
                    "Headers": [
                        {"Name": "List-Unsubscribe", "Value": f"<{OPT_OUT}>"},
                        {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"},
                    ],
                }
            },
        },
    )
    ses = SesEmail(
        lambda: client,
        SENDER,
        sender_name="Example Borough Council",
        reply_to="customer.services@example.gov.uk",
        configuration_set="frontdoor-dev-residents",
    )

    message_id = ses.send_email(TO, SUBJECT, BODY, unsubscribe_url=OPT_OUT)

    assert message_id == "0100018f-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-000000"


def test_without_options_the_request_carries_only_what_is_required(client: Any, stubber: Stubber) -> None:
    stubber.add_response(
        "send_email",
        {"MessageId": "m-1"},
        expected_params={
            "FromEmailAddress": SENDER,
            "Destination": {"ToAddresses": [TO]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": SUBJECT, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": BODY, "Charset": "UTF-8"}},
                }
            },
        },
    )

    assert SesEmail(lambda: client, SENDER).send_email(TO, SUBJECT, BODY) == "m-1"


def test_a_council_name_outside_ascii_is_encoded_in_the_from_header(client: Any, stubber: Stubber) -> None:
    stubber.add_response(
        "send_email",
        {"MessageId": "m-2"},
        expected_params={
            "FromEmailAddress": "=?utf-8?q?Cyngor_Gwynedd_=C2=B7_Gwynedd_Council?= <updates@example.gov.uk>",
            "Destination": {"ToAddresses": [TO]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": SUBJECT, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": BODY, "Charset": "UTF-8"}},
                }
            },
        },
    )

    SesEmail(lambda: client, SENDER, sender_name="Cyngor Gwynedd · Gwynedd Council").send_email(
        TO, SUBJECT, BODY
    )


@pytest.mark.parametrize(
    "code", ["MessageRejected", "TooManyRequestsException", "SendingPausedException", "BadRequestException"]
)
def test_a_refusal_is_email_not_sent_naming_the_code_and_never_the_address(
    client: Any, stubber: Stubber, code: str
) -> None:
    stubber.add_client_error("send_email", service_error_code=code, service_message=f"refused {TO}")

    with pytest.raises(EmailNotSent) as raised:
        SesEmail(lambda: client, SENDER).send_email(TO, SUBJECT, BODY)

    assert raised.value.code == code
    assert TO not in str(raised.value)


def test_a_timeout_is_email_not_sent() -> None:
    class TimesOut:
        def send_email(self, **request: Any) -> dict[str, str]:
            raise ConnectTimeoutError(endpoint_url="https://email.eu-west-2.amazonaws.com")

    with pytest.raises(EmailNotSent) as raised:
        SesEmail(lambda: TimesOut(), SENDER).send_email(TO, SUBJECT, BODY)

    assert raised.value.code == "ConnectTimeoutError"


def test_the_client_is_made_only_when_an_email_is_sent() -> None:
    made: list[str] = []

    def client() -> Any:
        made.append("client")
        raise AssertionError("not wanted yet")

    SesEmail(client, SENDER)

    assert made == []
