"""Emails through Amazon SES (the ``sesv2`` API, SendEmail): plain text, from the council's identity."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formataddr
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from .ports import EmailNotSent

SERVICE = "sesv2"
CHARSET = "UTF-8"


class SesEmail:
    """Sends from ``sender`` (an address of a verified SES identity) under the council's name, with
    replies going to ``reply_to``. The client is made on the first email, so a function that never
    emails never loads the service's model."""

    def __init__(
        self,
        client: Callable[[], Any],
        sender: str,
        sender_name: str | None = None,
        reply_to: str | None = None,
        configuration_set: str | None = None,
    ) -> None:
        self._client = client
        # formataddr encodes a name outside ASCII (RFC 2047), as SES requires of the From header.
        self._from = formataddr((sender_name, sender), charset=CHARSET) if sender_name else sender
        self._reply_to = reply_to
        self._configuration_set = configuration_set

    def send_email(self, to: str, subject: str, body: str, unsubscribe_url: str | None = None) -> str:
        message: dict[str, Any] = {
            "Subject": {"Data": subject, "Charset": CHARSET},
            "Body": {"Text": {"Data": body, "Charset": CHARSET}},
        }
        if unsubscribe_url:
            message["Headers"] = [
                {"Name": "List-Unsubscribe", "Value": f"<{unsubscribe_url}>"},
                {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"},
            ]
        request: dict[str, Any] = {
            "FromEmailAddress": self._from,
            "Destination": {"ToAddresses": [to]},
            "Content": {"Simple": message},
        }
        if self._reply_to:
            request["ReplyToAddresses"] = [self._reply_to]
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        try:
            return str(self._client().send_email(**request)["MessageId"])
        except ClientError as error:
            raise EmailNotSent(str(error.response.get("Error", {}).get("Code", "ClientError"))) from error
        except BotoCoreError as error:  # timeouts, connection failures: nothing was confirmed
            raise EmailNotSent(type(error).__name__) from error
