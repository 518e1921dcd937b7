"""Post-contact survey (the disconnect flow): satisfaction 1-5 recorded against the contact."""

from __future__ import annotations

from .. import actions as a
from ..config import ContactCentreConfig
from ..language import Flow
from ..refs import FlowRefs


def survey_flow(flow: Flow, refs: FlowRefs, config: ContactCentreConfig) -> None:
    flow.add(
        *a.ask_digits(
            "how-did-we-do",
            "Before you go: how satisfied are you with the help you got today? Enter a number from 1, "
            "very dissatisfied, to 5, very satisfied.",
            max_digits=1,
            next="record",
            on_silence="goodbye",
            on_error="goodbye",
        ),
        a.invoke(
            "record",
            refs.lambda_arn("record_survey"),
            attributes={"score": "$.StoredCustomerInput"},
            next="recorded",
            on_error="thanks",
        ),
        a.branch("recorded", "$.External.outcome", {"invalid": "how-did-we-do-again"}, otherwise="thanks"),
        *a.ask_digits(
            "how-did-we-do-again",
            "Sorry, please enter a number from 1 to 5.",
            max_digits=1,
            next="record-again",
            on_silence="goodbye",
            on_error="goodbye",
        ),
        a.invoke(
            "record-again",
            refs.lambda_arn("record_survey"),
            attributes={"score": "$.StoredCustomerInput"},
            next="thanks",
            on_error="thanks",
        ),
        a.say("thanks", "Thank you for your feedback. Goodbye.", next="goodbye"),
        a.disconnect("goodbye"),
    )
