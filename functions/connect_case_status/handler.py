"""Amazon Connect: a case's status and expected date, read back by reference.

Invoked with `reference` (what the caller keyed: digits, perhaps with # or spaces). Answers
`outcome` ("ok", "not_found" or "advisor"), `speech`, `status` and `expected`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.contacts.automated_line import FALLBACKS
from frontdoor.contacts.connect import Contact, answer_contact
from frontdoor.observability import function_logger
from frontdoor.wiring import automated_line

logger = function_logger("connect_case_status")


def case_status(contact: Contact) -> dict[str, str]:
    return automated_line().case_status(contact.parameters.get("reference"))


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    return answer_contact(event, context, case_status, FALLBACKS["case_status"], logger)
