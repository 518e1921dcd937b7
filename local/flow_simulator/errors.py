"""Everything the simulator refuses, as one family of errors with messages meant for a person.

The command line prints ``str(error)`` on one line; nothing here should surface as a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local.flow_simulator.transcript import SimulationResult


class FlowError(Exception):
    """Base class: a flow, script, stub or directory the simulator cannot run with."""


class FlowLoadError(FlowError):
    """A flow file or document is not flow language the simulator can read."""


class ScriptError(FlowError):
    """A caller script (or stub file) is malformed."""


class DirectoryError(FlowError):
    """A directory of queues, hours and flows is malformed."""


class SimulationError(FlowError):
    """The run stopped part-way; ``result`` holds the transcript up to that point, if any."""

    result: SimulationResult | None = None


class UnsupportedActionError(SimulationError):
    def __init__(self, action_type: str, identifier: str, flow: str) -> None:
        self.action_type = action_type
        self.identifier = identifier
        super().__init__(
            f"unsupported action type {action_type!r} (action {identifier!r} in flow {flow!r}); "
            "the simulator cannot run it"
        )


class MalformedActionError(SimulationError):
    """An action's Parameters or Transitions do not fit its type."""

    def __init__(self, action_type: str, identifier: str, problem: str) -> None:
        self.action_type = action_type
        self.identifier = identifier
        super().__init__(f"{action_type} action {identifier!r}: {problem}")


class DanglingActionError(SimulationError):
    """A transition names an action the flow does not have."""

    def __init__(self, identifier: str, target: str, flow: str) -> None:
        self.identifier = identifier
        self.target = target
        super().__init__(
            f"action {identifier!r} in flow {flow!r} goes to {target!r}, which is not in the flow"
        )


class StepLimitError(SimulationError):
    """The run went on past the step limit, almost always an endless loop."""


class UnknownHoursError(SimulationError):
    """CheckHoursOfOperation names hours neither the directory nor the script knows."""


class MissingFlowError(SimulationError):
    """A flow module the flow needs is not in the library."""


class MissingLambdaError(SimulationError):
    """A Lambda function has neither a stub nor a handler."""
