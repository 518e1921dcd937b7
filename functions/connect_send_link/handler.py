"""Amazon Connect: text the caller a link to do it online.

Invoked with `topic`: a catalogue service_code (offered on the web), "report", or "track" with an
optional `reference`. Answers `outcome` ("ok", "no_number" or "advisor") and `speech`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.contacts.automated_line import FALLBACKS
from frontdoor.contacts.connect import Contact, answer_contact
from frontdoor.observability import function_logger
from frontdoor.wiring import automated_line

logger = function_logger("connect_send_link")


def send_link(contact: Contact) -> dict[str, str]:
    parameters = contact.parameters
    return automated_line().send_link(contact.number, parameters.get("topic"), parameters.get("reference"))


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    return answer_contact(event, context, send_link, FALLBACKS["send_link"], logger)
