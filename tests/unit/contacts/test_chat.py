"""Starting a webchat: the widget's request checked, and StartChatContact's exact request and answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import Stubber

from frontdoor.contacts.chat import (
    ChatStart,
    ChatUnavailable,
    ConnectChat,
    InvalidChatRequest,
    parse_chat_start,
    start_chat_contact_request,
)

INSTANCE = "8f1e6c1a-5b2d-4c7e-9a3f-2d4b6e8a0c11"
FLOW = "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f70"
STARTED = {
    "ContactId": "a7d2e4f1-0b3c-4d5e-8f6a-1b2c3d4e5f60",
    "ParticipantId": "b8e3f5a2-1c4d-4e6f-9a7b-2c3d4e5f6a71",
    "ParticipantToken": "QVFJREFIaGV4YW1wbGUtdG9rZW4tbm90LXJlYWw=",
}


def test_a_full_request_is_read_and_the_number_normalised() -> None:
    body = json.dumps(
        {"displayName": " Sam ", "phone": "07700 900123", "email": "sam@example.com", "topic": "pothole"}
    )

    assert parse_chat_start(body) == ChatStart("Sam", "+447700900123", "sam@example.com", "pothole")


def test_only_a_name_is_needed_and_blank_optional_fields_are_left_out() -> None:
    assert parse_chat_start(b'{"displayName": "Sam", "phone": "", "email": null}') == ChatStart("Sam")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("", None),
        ("not json", None),
        ("[1, 2]", None),
        ("{}", "displayName"),
        ('{"displayName": "   "}', "displayName"),
        ('{"displayName": 7}', "displayName"),
        ('{"displayName": "' + "x" * 101 + '"}', "displayName"),
        ('{"displayName": "<script>"}', "displayName"),
        ('{"displayName": "Sam\\nSmith"}', "displayName"),
        ('{"displayName": "Sam\\u0000"}', "displayName"),
        ('{"displayName": "Sam", "phone": "call me"}', "phone"),
        ('{"displayName": "Sam", "phone": 7700900123}', "phone"),
        ('{"displayName": "Sam", "email": "not an email"}', "email"),
        ('{"displayName": "Sam", "topic": "Pot Holes!"}', "topic"),
        ('{"displayName": "Sam", "display_name": "Sam"}', "display_name"),
    ],
)
def test_a_bad_request_names_the_field_never_the_value(body: str, field: str | None) -> None:
    with pytest.raises(InvalidChatRequest) as raised:
        parse_chat_start(body)

    assert raised.value.field == field
    assert "call me" not in raised.value.message and "not an email" not in raised.value.message


def test_the_request_to_connect_carries_the_flow_name_and_attributes_the_flow_reads() -> None:
    request = start_chat_contact_request(
        ChatStart("Sam", "+447700900123", None, "pothole"), INSTANCE, FLOW, "tok"
    )

    assert request == {
        "InstanceId": INSTANCE,
        "ContactFlowId": FLOW,
        "ParticipantDetails": {"DisplayName": "Sam"},
        "Attributes": {"caller_phone": "+447700900123", "topic": "pothole"},
        "ClientToken": "tok",
        "ChatDurationInMinutes": 120,
        "SupportedMessagingContentTypes": ["text/plain", "text/markdown"],
    }


@pytest.fixture
def client() -> Any:
    return botocore.session.get_session().create_client(
        "connect", region_name="eu-west-2", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


@pytest.fixture
def stubber(client: Any) -> Iterator[Stubber]:
    with Stubber(client) as stubbed:
        yield stubbed
        stubbed.assert_no_pending_responses()


def test_connect_starts_the_chat_and_the_widget_gets_its_credentials(client: Any, stubber: Stubber) -> None:
    start = ChatStart("Sam", "+447700900123")
    stubber.add_response(
        "start_chat_contact",
        STARTED,
        expected_params=start_chat_contact_request(start, INSTANCE, FLOW, "token-1"),
    )

    assert ConnectChat(lambda: client, INSTANCE, FLOW).start(start, "token-1") == STARTED


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("LimitExceededException", 429),
        ("ThrottlingException", 429),
        ("InvalidRequestException", 400),
        ("ResourceNotFoundException", 404),
        ("InternalServiceException", 500),
    ],
)
def test_a_refusal_is_chat_unavailable_with_connects_code(
    client: Any, stubber: Stubber, code: str, status: int
) -> None:
    stubber.add_client_error("start_chat_contact", service_error_code=code, http_status_code=status)

    with pytest.raises(ChatUnavailable) as raised:
        ConnectChat(lambda: client, INSTANCE, FLOW).start(ChatStart("Sam"), "token-1")

    assert raised.value.code == code


def test_a_timeout_is_chat_unavailable() -> None:
    class TimingOut:
        def start_chat_contact(self, **request: Any) -> dict[str, Any]:
            raise ReadTimeoutError(endpoint_url="https://connect.eu-west-2.amazonaws.com/contact/chat")

    with pytest.raises(ChatUnavailable) as raised:
        ConnectChat(TimingOut, INSTANCE, FLOW).start(ChatStart("Sam"), "token-1")

    assert raised.value.code == "ReadTimeoutError"
