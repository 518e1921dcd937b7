"""The run loop: action after action, across transfers to other flows, modules and the queue flow.

A run ends when a flow reaches an end (a queue transfer, a transfer out, a disconnect, the end of
the flow) or when something stops it: an unsupported action, a transition to nowhere, or the step
limit, which catches endless loops. After a queue transfer, the customer queue flow set with
UpdateContactEventHooks runs too, if the library has it, until an advisor answers or it ends.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local.flow_simulator.actions import ACTIONS
from local.flow_simulator.actions.base import (
    CallModule,
    EnterFlow,
    Finish,
    Go,
    Result,
    ReturnFromModule,
    Services,
    Step,
)
from local.flow_simulator.caller import Caller, CallerHungUp, ScriptedCaller
from local.flow_simulator.contact import ContactState
from local.flow_simulator.directory import Directory
from local.flow_simulator.errors import (
    DanglingActionError,
    SimulationError,
    StepLimitError,
    UnsupportedActionError,
)
from local.flow_simulator.invoker import LambdaInvoker, LambdaInvokers, StubbedLambdas
from local.flow_simulator.loader import Action, Flow, FlowLibrary, load_flow
from local.flow_simulator.script import CallerScript, load_script
from local.flow_simulator.transcript import Event, Outcome, SimulationResult

DEFAULT_STEP_LIMIT = 1000
QUEUE_FLOW_STEP_LIMIT = 200
Listener = Callable[[Event], None]


class _QueueFlowBound(Exception):
    """The customer queue flow ran its course: in Connect an advisor would answer by now."""


@dataclass
class _Budget:
    limit: int
    on_exceed: str  # "error" (main flow) or "answer" (customer queue flow)
    used: int = 0
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=6))

    def spend(self, action: Action) -> None:
        self.used += 1
        self.recent.append(action.identifier)
        if self.used <= self.limit:
            return
        if self.on_exceed == "answer":
            raise _QueueFlowBound
        path = " -> ".join(self.recent)
        raise StepLimitError(
            f"stopped after {self.limit} steps, probably an endless loop; the last actions were {path}"
        )


class Simulator:
    """Runs flows for one scripted (or interactive) caller; build one per contact."""

    def __init__(
        self,
        *,
        script: CallerScript | None = None,
        library: FlowLibrary | None = None,
        directory: Directory | None = None,
        invoker: LambdaInvoker | None = None,
        caller: Caller | None = None,
        step_limit: int = DEFAULT_STEP_LIMIT,
        queue_flow_step_limit: int = QUEUE_FLOW_STEP_LIMIT,
        listener: Listener | None = None,
    ) -> None:
        self.script = script or CallerScript()
        self.library = library or FlowLibrary()
        self.directory = directory or Directory()
        stubs = StubbedLambdas(self.script.lambdas)
        self.invoker: LambdaInvoker = LambdaInvokers(stubs, *([invoker] if invoker else []))
        self.caller = caller or ScriptedCaller(self.script)
        self.step_limit = step_limit
        self.queue_flow_step_limit = queue_flow_step_limit
        self.listener = listener
        self._steps = 0

    def run(self, flow: Flow) -> SimulationResult:
        self._steps = 0
        state = ContactState.start(self.script)
        services = Services(
            state=state,
            caller=self.caller,
            invoker=self.invoker,
            directory=self.directory,
            library=self.library,
            random=random.Random(self.script.seed),
            rolls=deque(self.script.rolls),
            emit=lambda kind, flow_, action, **data: self._emit(services, kind, flow_, action, data),
        )
        try:
            outcome = self._run_flow(services, flow, _Budget(self.step_limit, "error"))
            if outcome is None:
                outcome = Outcome("end", detail="EndFlowModuleExecution outside a flow module")
            if outcome.kind == "queue":
                outcome.queue_flow = self._customer_queue_flow(services, flow)
        except CallerHungUp:
            outcome = Outcome("hangup")
        except SimulationError as error:
            outcome = Outcome("error", detail=str(error))
            self._emit(
                services,
                "outcome",
                flow,
                None,
                {"text": f"stopped: {error}", "outcome": {"kind": "error", "detail": str(error)}},
            )
            error.result = self._result(services, flow, outcome)
            raise
        outcome.callbacks = list(state.callbacks)
        self._emit(
            services, "outcome", flow, None, {"text": outcome.describe(), "outcome": outcome.to_dict()}
        )
        return self._result(services, flow, outcome)

    def _result(self, services: Services, flow: Flow, outcome: Outcome) -> SimulationResult:
        state = services.state
        return SimulationResult(
            flow_name=flow.name,
            contact=state.summary(),
            events=services.events,
            outcome=outcome,
            attributes=dict(state.attributes),
            steps=self._steps,
        )

    def _emit(
        self, services: Services, kind: str, flow: Flow, action: Action | None, data: dict[str, Any]
    ) -> None:
        event = Event(
            step=self._steps,
            kind=kind,
            flow=flow.name,
            action=action.identifier if action else "",
            action_type=action.type if action else "",
            data=data,
        )
        services.events.append(event)
        if self.listener is not None:
            self.listener(event)

    def _run_flow(self, services: Services, flow: Flow, budget: _Budget, reason: str = "") -> Outcome | None:
        """Run a flow (and the flows it transfers to); None when a module returns to its caller."""
        self._emit(
            services, "flow", flow, None, {"name": flow.name, "flow_type": flow.type, "reason": reason}
        )
        loop_counts: dict[str, int] = {}
        services.state.flow_attributes = {}
        current = flow.start_action
        while True:
            action = flow.actions[current]
            handler = ACTIONS.get(action.type)
            if handler is None:
                raise UnsupportedActionError(action.type, action.identifier, flow.name)
            budget.spend(action)
            self._steps += 1
            result: Result = handler(Step(services, flow, action, loop_counts))
            match result:
                case Go(target):
                    current = self._checked(flow, action, target)
                case Finish(outcome):
                    return outcome
                case EnterFlow(target_flow):
                    flow, loop_counts, current = target_flow, {}, target_flow.start_action
                    services.state.flow_attributes = {}
                    self._emit(
                        services,
                        "flow",
                        flow,
                        None,
                        {"name": flow.name, "flow_type": flow.type, "reason": "transfer"},
                    )
                case CallModule(module, then):
                    saved = dict(services.state.flow_attributes)
                    ended = self._run_flow(services, module, budget, reason=f"module, from {flow.name}")
                    if ended is not None:
                        return ended
                    services.state.flow_attributes = saved
                    if then is None:
                        return Outcome("end", detail=f"the flow stops after module {module.name!r}")
                    current = self._checked(flow, action, then)
                case ReturnFromModule():
                    return None

    @staticmethod
    def _checked(flow: Flow, action: Action, target: str) -> str:
        if target not in flow.actions:
            raise DanglingActionError(action.identifier, target, flow.name)
        return target

    def _customer_queue_flow(self, services: Services, flow: Flow) -> Outcome | None:
        """Run the customer queue flow, bounded: it ends when an advisor answers or it ends itself."""
        hook = services.state.event_hooks.get("CustomerQueue")
        if not hook:
            self._emit(
                services, "note", flow, None, {"text": "no customer queue flow set: Connect's default plays"}
            )
            return None
        queue_flow = self.library.get(hook) or self.library.get(self.directory.flow_name(hook))
        if queue_flow is None:
            name = self.directory.flow_name(hook) or hook
            self._emit(
                services,
                "note",
                flow,
                None,
                {"text": f"customer queue flow {name} is not in the library: not run"},
            )
            return None
        try:
            ended = self._run_flow(
                services, queue_flow, _Budget(self.queue_flow_step_limit, "answer"), "customer queue"
            )
        except CallerHungUp:  # while waiting in the queue: the queue transfer still happened
            return Outcome("hangup")
        except _QueueFlowBound:
            return Outcome(
                "agent_answered",
                detail=f"the queue flow was still going after {self.queue_flow_step_limit} steps",
            )
        return ended or Outcome("end")


def simulate(
    flow: Flow | str | Path | dict[str, Any],
    script: CallerScript | str | Path | dict[str, Any] | None = None,
    *,
    library: FlowLibrary | None = None,
    directory: Directory | None = None,
    invoker: LambdaInvoker | None = None,
    stubs: dict[str, Any] | None = None,
    step_limit: int = DEFAULT_STEP_LIMIT,
    listener: Listener | None = None,
) -> SimulationResult:
    """Run one flow for one scripted caller. ``stubs`` (and the script's lambdas) win over ``invoker``."""
    loaded_script = load_script(script)
    if stubs:
        invoker = LambdaInvokers(StubbedLambdas(stubs), invoker) if invoker else StubbedLambdas(stubs)
    loaded_flow = flow if isinstance(flow, Flow) else load_flow(flow)
    simulator = Simulator(
        script=loaded_script,
        library=library,
        directory=directory,
        invoker=invoker,
        step_limit=step_limit,
        listener=listener,
    )
    return simulator.run(loaded_flow)
