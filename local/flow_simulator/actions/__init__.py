"""The flow language's actions, one module per family (participant, contact, flow control, interactions)."""

from local.flow_simulator.actions import contact_actions, flow_control, interactions, participant
from local.flow_simulator.actions.registry import ACTIONS

__all__ = ["ACTIONS", "contact_actions", "flow_control", "interactions", "participant"]
