"""Amazon Connect: a post-contact survey answer (1 to 5), recorded against the contact.

Invoked with `score` and an optional `question` (default "satisfaction"). Answers `outcome`
("ok", "invalid" or "advisor").
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.contacts.automated_line import FALLBACKS
from frontdoor.contacts.connect import Contact, answer_contact
from frontdoor.observability import function_logger
from frontdoor.wiring import automated_line

logger = function_logger("connect_record_survey")


def record(contact: Contact) -> dict[str, str]:
    return automated_line().record_survey(
        contact.contact_id,
        contact.channel,
        contact.parameters.get("score"),
        contact.parameters.get("question"),
    )


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    return answer_contact(event, context, record, FALLBACKS["record_survey"], logger)
