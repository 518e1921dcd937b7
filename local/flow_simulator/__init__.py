"""Offline Amazon Connect flow simulator: runs flow language JSON action by action.

    from local.flow_simulator import simulate
    result = simulate("flow.json", {"inputs": ["1"]}, stubs={"my-function": {"status": "ok"}})
    print(result.to_text()); result.outcome.kind

See ``python -m local.flow_simulator --help`` for the command line (``run`` and ``ring``).
"""

from local.flow_simulator.caller import Caller, InputRequest, ScriptedCaller
from local.flow_simulator.directory import Directory, QueueInfo, load_directory, parse_directory
from local.flow_simulator.engine import Simulator, simulate
from local.flow_simulator.errors import FlowError, SimulationError
from local.flow_simulator.hours import HoursOfOperation, parse_hours
from local.flow_simulator.invoker import (
    HandlerLambdas,
    LambdaInvoker,
    LambdaInvokers,
    LambdaReply,
    StubbedLambdas,
)
from local.flow_simulator.loader import Flow, FlowLibrary, load_flow, parse_flow
from local.flow_simulator.script import CallerScript, LexTurn, load_script, parse_script
from local.flow_simulator.transcript import Event, Outcome, SimulationResult

__all__ = [
    "Caller",
    "CallerScript",
    "Directory",
    "Event",
    "Flow",
    "FlowError",
    "FlowLibrary",
    "HandlerLambdas",
    "HoursOfOperation",
    "InputRequest",
    "LambdaInvoker",
    "LambdaInvokers",
    "LambdaReply",
    "LexTurn",
    "Outcome",
    "QueueInfo",
    "ScriptedCaller",
    "SimulationError",
    "SimulationResult",
    "Simulator",
    "StubbedLambdas",
    "load_directory",
    "load_flow",
    "load_script",
    "parse_directory",
    "parse_flow",
    "parse_hours",
    "parse_script",
    "simulate",
]
