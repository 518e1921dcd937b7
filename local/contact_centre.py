"""Front Door's own contact centre, offline: its flows, queues and hours, ready for the simulator.

The flows are built by ``frontdoor.flows`` exactly as for deployment, on fake but well-formed ARNs
(``frontdoor.flows.local_refs``); the directory gives those ARNs their names and the hours their
weekly slots, so a transcript reads "Priority callers" and CheckHoursOfOperation is evaluated
from contact_centre.yaml.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from frontdoor.flows import FLOWS, FlowRefs, build_flows, contact_centre_config, local_refs
from local.flow_simulator import Directory, Flow, FlowLibrary, parse_directory, parse_flow


class ProjectContactCentre:
    """The project's flows (by key), the library they reach each other through, and the directory."""

    def __init__(self) -> None:
        config = contact_centre_config()
        self.refs: FlowRefs = local_refs()
        self.documents: dict[str, dict[str, Any]] = build_flows(self.refs, config)
        self.flows: dict[str, Flow] = {
            key: parse_flow(document, source_name=f"frontdoor.flows:{key}", name=FLOWS[key].name)
            for key, document in self.documents.items()
        }
        self.library = FlowLibrary()
        for key, flow in self.flows.items():
            self.library.add(flow, self.refs.flow_arn(key), key)
        self.directory: Directory = parse_directory(
            {
                "timezone": config.timezone,
                "queues": {
                    self.refs.queue_arn(queue.key): {
                        "name": queue.name,
                        "hours": self.refs.hours_arn(queue.hours),
                    }
                    for queue in config.queues
                },
                "hours": {
                    self.refs.hours_arn(key): {
                        "name": hours.name,
                        "timezone": config.timezone,
                        "slots": [
                            {"days": list(slot.days), "open": slot.open, "close": slot.close}
                            for slot in hours.slots
                        ],
                    }
                    for key, hours in config.hours.items()
                },
                "flows": {self.refs.flow_arn(key): FLOWS[key].name for key in self.flows},
            },
            source="contact_centre.yaml",
        )

    def queue_name(self, key: str) -> str:
        return contact_centre_config().queue(key).name


@lru_cache(maxsize=1)
def project_contact_centre() -> ProjectContactCentre:
    return ProjectContactCentre()
