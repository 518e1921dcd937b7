"""Front Door's own contact flows, built from the contact centre configuration.

``build_flows`` turns the configuration and the ARNs of what the flows point at (``FlowRefs``)
into flow-language JSON, one per key of ``FLOWS``, each validated. infra/ deploys them; the
offline simulator runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..config import ContactCentreConfig, contact_centre_config
from ..language import Flow, FlowType
from ..refs import FlowRefs
from ..validation import validate
from .chat import chat_flow
from .customer_queue import customer_queue_flow
from .inbound import inbound_flow
from .out_of_hours import out_of_hours_flow
from .survey import survey_flow
from .telecare import telecare_flow


@dataclass(frozen=True)
class FlowSpec:
    name: str
    type: FlowType
    description: str
    build: Callable[[Flow, FlowRefs, ContactCentreConfig], None]


FLOWS: dict[str, FlowSpec] = {
    "customer_queue": FlowSpec(
        "Front Door customer queue",
        "CUSTOMER_QUEUE",
        "Waiting: queue size, web nudge, callback offer",
        customer_queue_flow,
    ),
    "survey": FlowSpec(
        "Front Door survey", "CONTACT_FLOW", "Post-contact satisfaction survey, 1 to 5", survey_flow
    ),
    "out_of_hours": FlowSpec(
        "Front Door out of hours",
        "CONTACT_FLOW",
        "Advisors are out: hours, emergency numbers, web",
        out_of_hours_flow,
    ),
    "telecare": FlowSpec(
        "Front Door telecare",
        "CONTACT_FLOW",
        "Telecare and community alarms: straight through, 24/7",
        telecare_flow,
    ),
    "inbound": FlowSpec(
        "Front Door inbound",
        "CONTACT_FLOW",
        "Main phone line: self-service 24/7, advisors in hours",
        inbound_flow,
    ),
    "chat": FlowSpec(
        "Front Door webchat", "CONTACT_FLOW", "Webchat: identification and routing as for calls", chat_flow
    ),
}


def build_flows(refs: FlowRefs, config: ContactCentreConfig | None = None) -> dict[str, dict[str, Any]]:
    """Every project flow as flow-language JSON, validated; FlowValidationError names a fault."""
    config = config or contact_centre_config()
    built: dict[str, dict[str, Any]] = {}
    for key, spec in FLOWS.items():
        flow = Flow(spec.name, spec.type, spec.description)
        spec.build(flow, refs, config)
        content = flow.to_json()
        validate(content, spec.type, name=spec.name)
        built[key] = content
    return built
