"""Action Type -> the function that runs it."""

from __future__ import annotations

from collections.abc import Callable

from local.flow_simulator.actions.base import Handler

ACTIONS: dict[str, Handler] = {}


def runs(*action_types: str) -> Callable[[Handler], Handler]:
    """Register a handler for one or more action types."""

    def register(handler: Handler) -> Handler:
        for action_type in action_types:
            if action_type in ACTIONS:
                raise RuntimeError(f"two handlers for {action_type}")
            ACTIONS[action_type] = handler
        return handler

    return register
