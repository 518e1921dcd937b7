"""Amazon Connect: renew a garden waste subscription on the automated line.

Invoked with `subscription` (the 6 digits after GW) and `bins` (1 to 3). Files the renewal as
awaiting payment, once per contact, and texts the caller a secure link to pay: no card details
ever pass through the phone line (PCI DSS). Answers `outcome` ("ok", "invalid", "no_number" or
"advisor"), `reference` and `speech`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.contacts.automated_line import FALLBACKS
from frontdoor.contacts.connect import Contact, answer_contact
from frontdoor.observability import function_logger
from frontdoor.wiring import automated_line, file_once_for

logger = function_logger("connect_garden_waste_renewal")


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    def renew(contact: Contact) -> dict[str, str]:
        return automated_line().renew_garden_waste(
            contact.contact_id,
            contact.number,
            contact.parameters.get("subscription"),
            contact.parameters.get("bins"),
            file_once_for(context),
        )

    return answer_contact(event, context, renew, FALLBACKS["garden_waste_renewal"], logger)
