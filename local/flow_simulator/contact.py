"""The simulated contact: its data as flows see it (``$.…``) and as Lambda functions receive it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from local.flow_simulator.script import CallerScript


@dataclass(frozen=True)
class QueueRef:
    reference: str  # the ARN or id the flow gave
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.reference


@dataclass
class ContactState:
    script: CallerScript
    contact_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started_at: datetime = field(default_factory=datetime.now)
    elapsed_seconds: float = 0.0
    attributes: dict[str, str] = field(default_factory=dict)
    external: dict[str, Any] = field(default_factory=dict)
    stored_input: str | None = None
    lex: dict[str, Any] = field(default_factory=dict)
    flow_attributes: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    target_queue: QueueRef | None = None
    event_hooks: dict[str, str] = field(default_factory=dict)
    callback_number: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    callbacks: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, script: CallerScript) -> ContactState:
        state = cls(script=script, started_at=script.start_time(), attributes=dict(script.attributes))
        if script.contact_id:
            state.contact_id = script.contact_id
        return state

    @property
    def channel(self) -> str:
        return self.script.channel

    @property
    def is_voice(self) -> bool:
        return self.channel == "VOICE"

    def now(self) -> datetime:
        return self.started_at + timedelta(seconds=self.elapsed_seconds)

    def customer_endpoint(self) -> dict[str, str] | None:
        # A chat contact has no phone number; its flow passes what the customer gave as attributes.
        return {"Address": self.script.caller, "Type": "TELEPHONE_NUMBER"} if self.is_voice else None

    def system_endpoint(self) -> dict[str, str] | None:
        return {"Address": self.script.dialled, "Type": "TELEPHONE_NUMBER"} if self.is_voice else None

    def queue_data(self) -> dict[str, str | None] | None:
        if self.target_queue is None:
            return None
        return {"ARN": self.target_queue.reference, "Name": self.target_queue.name}

    def initiation_method(self) -> str:
        return "INBOUND" if self.is_voice else "API"

    def flow_data(self) -> dict[str, Any]:
        """Everything a ``$.`` reference can reach."""
        customer = self.customer_endpoint()
        return {
            "Attributes": self.attributes,
            "External": self.external,
            "StoredCustomerInput": self.stored_input,
            "Lex": self.lex,
            "FlowAttributes": self.flow_attributes,
            "Metrics": self.metrics,
            "Channel": self.channel,
            "ContactId": self.contact_id,
            "InitialContactId": self.contact_id,
            "PreviousContactId": self.contact_id,
            "InstanceARN": self.script.instance_arn,
            "InitiationMethod": self.initiation_method(),
            "CustomerEndpoint": customer,
            "SystemEndpoint": self.system_endpoint(),
            "Queue": self.queue_data(),
            "CustomerCallbackNumber": self.callback_number or (customer or {}).get("Address"),
            "TextToSpeechVoice": self.settings.get("TextToSpeechVoice", "Joanna"),
            "LanguageCode": self.settings.get("LanguageCode", "en-US"),
        }

    def contact_flow_event(self, parameters: dict[str, Any]) -> dict[str, Any]:
        """The event Connect sends to a Lambda function from an InvokeLambdaFunction action."""
        return {
            "Name": "ContactFlowEvent",
            "Details": {
                "ContactData": {
                    "Attributes": dict(self.attributes),
                    "Channel": self.channel,
                    "ContactId": self.contact_id,
                    "CustomerEndpoint": self.customer_endpoint(),
                    "InitialContactId": self.contact_id,
                    "InitiationMethod": self.initiation_method(),
                    "InstanceARN": self.script.instance_arn,
                    "LanguageCode": self.settings.get("LanguageCode", "en-US"),
                    "MediaStreams": {"Customer": {"Audio": None}},
                    "PreviousContactId": self.contact_id,
                    "Queue": self.queue_data(),
                    "SystemEndpoint": self.system_endpoint(),
                },
                "Parameters": parameters,
            },
        }

    def summary(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "channel": self.channel,
            "customer": self.script.caller if self.is_voice else None,
            "dialled": self.script.dialled if self.is_voice else None,
            "started_at": self.started_at.isoformat(),
            "settings": self.settings,
            "event_hooks": self.event_hooks,
        }
