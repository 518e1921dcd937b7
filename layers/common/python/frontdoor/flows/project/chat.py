"""Webchat: the same identification and priority as a call; routed by the topic chosen on the web."""

from __future__ import annotations

from .. import actions as a
from ..config import ContactCentreConfig
from ..language import Flow
from ..refs import FlowRefs
from .routing import Conversation


def chat_flow(flow: Flow, refs: FlowRefs, config: ContactCentreConfig) -> None:
    talk = Conversation(flow, refs, config, "chat")
    flow.add(
        a.set_logging("logging", next="queue-flow"),
        # No survey hook: the survey takes keyed answers, which a chat cannot give without a Lex bot.
        a.set_event_hook(
            "queue-flow", hook="CustomerQueue", flow_arn=refs.flow_arn("customer_queue"), next="greeting"
        ),
    )
    talk.welcome("greeting", then="identify")
    # The web widget passes the number a resident gives (if any) as a contact attribute.
    talk.identify("identify", phone="$.Attributes.caller_phone", then=talk.topic_routing())
