"""Webchat: the same identification, priority and menu as a call, in writing."""

from __future__ import annotations

from .. import actions as a
from ..config import ADVISORS, ContactCentreConfig
from ..language import Flow
from ..refs import FlowRefs
from .hours import closed_notice
from .routing import Conversation


def chat_flow(flow: Flow, refs: FlowRefs, config: ContactCentreConfig) -> None:
    talk = Conversation(flow, refs, config, "chat")
    flow.add(
        a.set_logging("logging", next="queue-flow"),
        a.set_event_hook(
            "queue-flow", hook="CustomerQueue", flow_arn=refs.flow_arn("customer_queue"), next="survey-flow"
        ),
        a.set_event_hook(
            "survey-flow", hook="CustomerRemaining", flow_arn=refs.flow_arn("survey"), next="greeting"
        ),
        a.say("greeting", config.greeting, next="advisors-in"),
        a.check_hours(
            "advisors-in",
            refs.hours_arn(ADVISORS),
            open="identify",
            closed="advisors-out",
            on_error="identify",
        ),
        a.say("advisors-out", closed_notice(config), next="identify"),
    )
    # The web widget passes the number a resident gives (if any) as a contact attribute.
    talk.identify("identify", phone="$.Attributes.caller_phone", then=talk.main_menu())
