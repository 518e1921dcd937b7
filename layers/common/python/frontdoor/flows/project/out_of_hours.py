"""When advisors are out: say when they are in, read the emergency numbers, offer a text link."""

from __future__ import annotations

from .. import actions as a
from ..config import ContactCentreConfig
from ..language import Flow
from ..refs import FlowRefs
from .hours import closed_notice


def out_of_hours_flow(flow: Flow, refs: FlowRefs, config: ContactCentreConfig) -> None:
    flow.add(
        a.say("closed", closed_notice(config), next="is-call"),
        a.branch("is-call", "$.Channel", {"VOICE": "offer-link"}, otherwise="web"),
        a.menu(
            "offer-link",
            "To get a text with a link to report a problem or track a case online, press 1. "
            "Otherwise, goodbye.",
            {"1": "send-link"},
            on_silence="goodbye",
            on_other_key="goodbye",
            on_error="goodbye",
        ),
        a.invoke(
            "send-link",
            refs.lambda_arn("send_link"),
            attributes={"topic": "report"},
            next="link-sent",
            on_error="web",
        ),
        a.say("link-sent", "$.External.speech", next="goodbye"),
        a.say(
            "web",
            f"You can report a problem or track a case at any time at {config.website}.",
            next="goodbye",
        ),
        a.disconnect("goodbye"),
    )
