"""Texts through AWS End User Messaging SMS (the ``pinpoint-sms-voice-v2`` API, SendTextMessage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from .ports import TextNotSent

SERVICE = "pinpoint-sms-voice-v2"


class EndUserMessagingSms:
    """Sends transactional texts from the council's origination identity (a phone number, sender ID
    or pool, by ARN or id). The client is made on the first text, so a function that never texts
    never loads the service's model."""

    def __init__(
        self,
        client: Callable[[], Any],
        origination_identity: str,
        configuration_set: str | None = None,
    ) -> None:
        self._client = client
        self._origination_identity = origination_identity
        self._configuration_set = configuration_set

    def send(self, to: str, body: str) -> str:
        request: dict[str, Any] = {
            "DestinationPhoneNumber": to,
            "OriginationIdentity": self._origination_identity,
            "MessageBody": body,
            "MessageType": "TRANSACTIONAL",
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        try:
            return str(self._client().send_text_message(**request)["MessageId"])
        except ClientError as error:
            raise TextNotSent(str(error.response.get("Error", {}).get("Code", "ClientError"))) from error
        except BotoCoreError as error:  # timeouts, connection failures: nothing was confirmed
            raise TextNotSent(type(error).__name__) from error
