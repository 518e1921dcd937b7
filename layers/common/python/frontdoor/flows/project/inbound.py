"""The main phone line: greet, identify, put vulnerable callers first, then the menu."""

from __future__ import annotations

from .. import actions as a
from ..config import ContactCentreConfig
from ..language import Flow
from ..refs import FlowRefs
from .routing import Conversation

VOICE = "Amy"  # British English, neural


def inbound_flow(flow: Flow, refs: FlowRefs, config: ContactCentreConfig) -> None:
    talk = Conversation(flow, refs, config, "voice")
    flow.add(
        a.set_logging("logging", next="voice"),
        a.set_voice("voice", voice=VOICE, next="recording"),
        a.set_recording("recording", next="queue-flow"),
        a.set_event_hook(
            "queue-flow", hook="CustomerQueue", flow_arn=refs.flow_arn("customer_queue"), next="survey-flow"
        ),
        # A caller still on the line when the advisor hangs up hears the survey.
        a.set_event_hook(
            "survey-flow", hook="CustomerRemaining", flow_arn=refs.flow_arn("survey"), next="greeting"
        ),
    )
    # Out of hours the automated line stays open; callers hear so, and the emergency numbers.
    talk.welcome("greeting", then="identify")
    talk.identify("identify", phone=None, then=talk.main_menu())
