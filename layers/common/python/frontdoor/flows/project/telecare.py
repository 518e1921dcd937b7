"""The telecare line: no menu, straight through to the 24/7 telecare service."""

from __future__ import annotations

from .. import actions as a
from ..config import ContactCentreConfig
from ..language import Flow
from ..refs import FlowRefs

TELECARE_TEAM = "telecare"


def telecare_flow(flow: Flow, refs: FlowRefs, config: ContactCentreConfig) -> None:
    flow.add(
        a.set_logging("logging", next="voice"),
        a.set_voice("voice", voice="Amy", next="connecting"),
        a.say("connecting", "Telecare and community alarms. Putting you through now.", next="telecare-line"),
        a.transfer_to_number("telecare-line", config.telecare_line, on_error="first-in-queue"),
        # If the line cannot be reached, the contact centre's own telecare queue answers first.
        a.set_priority("first-in-queue", priority=1, next="telecare-queue"),
        a.set_queue(
            "telecare-queue", refs.queue_arn(TELECARE_TEAM), next="telecare-enqueue", on_error="danger"
        ),
        a.transfer_to_queue("telecare-enqueue", on_full="danger", on_error="danger"),
        a.say(
            "danger",
            "Sorry, we cannot connect you right now. If anyone is in danger, hang up and call 999. "
            "Otherwise, please call again in a few minutes.",
            next="hang-up",
        ),
        a.disconnect("hang-up"),
    )
