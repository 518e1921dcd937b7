"""Amazon Connect: who is calling ("tell us once"), whether they come first, and their latest open case.

Invoked by the inbound and chat flows with an optional `phone` parameter (else the number Connect
saw). Answers `outcome`, `known`, `priority`, `open_cases`, `case_reference`, `case_speech`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.contacts.automated_line import FALLBACKS
from frontdoor.contacts.connect import Contact, answer_contact
from frontdoor.observability import function_logger
from frontdoor.wiring import automated_line

logger = function_logger("connect_identify_caller")


def identify(contact: Contact) -> dict[str, str]:
    return automated_line().identify_caller(contact.number, contact.channel)


@logger.inject_lambda_context(log_event=False)  # the event holds the caller's number: never logged
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    return answer_contact(event, context, identify, FALLBACKS["identify_caller"], logger)
