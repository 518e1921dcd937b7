"""``/chat``: webchat with an advisor.

The page asks for a name to show the advisor, an optional phone number (so the chat flow can find
the resident's open requests: "tell us once") and a topic, one of the phone menu's advisor options
(contact_centre.yaml), so a chat reaches the same team's queue as a call. The chat itself needs
JavaScript (``web/static/chat.js``): it POSTs to ``/chat/start`` and talks to Amazon Connect
through amazon-connect-chatjs (loaded only when a chat starts), or, under ``make run``, to the
local chat service. Without JavaScript the page says so and gives the other ways to get help.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from web.responses import STABLE, page
from web.site.contact_details import contact_details

router = APIGatewayRouter()
# Where Amazon Connect is: the region the site runs in (the contact centre is in the same stack).
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
DEFAULT_REGION = "eu-west-2"


@dataclass(frozen=True)
class ChatTopic:
    team: str  # the team id the chat flow routes on ($.Attributes.topic)
    label: str  # what the resident reads: "Bins and recycling"


def chat_topics() -> list[ChatTopic]:
    """The phone menu's advisor options, in the menu's order, worded for a list on a page.

    "For bins and recycling" becomes "Bins and recycling"; an option not worded "For ..." is
    shown by its team's name.
    """
    from frontdoor.flows.config import AdvisorOption, contact_centre_config

    config = contact_centre_config()
    topics, seen = [], set()
    for option in config.menu:
        if isinstance(option, AdvisorOption) and option.team not in seen:
            seen.add(option.team)
            topics.append(ChatTopic(option.team, _label(option.say) or config.queue(option.team).name))
    return topics


def _label(say: str) -> str | None:
    words = say.strip().rstrip(".")
    if not words.lower().startswith("for ") or len(words) < 5:
        return None
    rest = words[4:].strip()
    return rest[:1].upper() + rest[1:]


def connect_region() -> str:
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or ""
    return region if _REGION.match(region) else DEFAULT_REGION


@router.get("/chat")
def chat() -> Response[str]:
    return page(
        "site/chat.html",
        title="Chat with an advisor",
        cache=STABLE,
        topics=chat_topics(),
        contact=contact_details(),
        region=connect_region(),
    )
