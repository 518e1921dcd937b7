"""What an action handler gets (a Step) and what it answers (where the run goes next)."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from local.flow_simulator.caller import Caller
from local.flow_simulator.conditions import holds, known_operator
from local.flow_simulator.contact import ContactState, QueueRef
from local.flow_simulator.directory import Directory
from local.flow_simulator.errors import MalformedActionError
from local.flow_simulator.invoker import LambdaInvoker
from local.flow_simulator.loader import Action, Flow, FlowLibrary
from local.flow_simulator.references import as_text, resolve, roots
from local.flow_simulator.transcript import Event, Outcome

# Roots a reference may start with; anything else is probably a typo, so the transcript says so.
KNOWN_ROOTS = frozenset(
    {
        "Attributes",
        "External",
        "StoredCustomerInput",
        "Lex",
        "FlowAttributes",
        "Metrics",
        "Channel",
        "ContactId",
        "InitialContactId",
        "PreviousContactId",
        "InstanceARN",
        "InitiationMethod",
        "CustomerEndpoint",
        "SystemEndpoint",
        "Queue",
        "CustomerCallbackNumber",
        "TextToSpeechVoice",
        "LanguageCode",
    }
)


@dataclass(frozen=True)
class Go:
    """Continue at this action of the current flow."""

    target: str


@dataclass(frozen=True)
class Finish:
    """The contact's journey through flows ends here."""

    outcome: Outcome


@dataclass(frozen=True)
class EnterFlow:
    """TransferToFlow: carry on at the start of another flow."""

    flow: Flow


@dataclass(frozen=True)
class CallModule:
    """InvokeFlowModule: run a module, then carry on at ``then`` (None: the flow ends)."""

    module: Flow
    then: str | None


@dataclass(frozen=True)
class ReturnFromModule:
    pass


Result = Go | Finish | EnterFlow | CallModule | ReturnFromModule


@dataclass
class Services:
    """What every step of one simulated contact shares."""

    state: ContactState
    caller: Caller
    invoker: LambdaInvoker
    directory: Directory
    library: FlowLibrary
    random: random.Random
    rolls: deque[int]  # scripted DistributeByPercentage draws, used before ``random``
    emit: Callable[..., None]  # emit(kind, flow, action, **data)
    events: list[Event] = field(default_factory=list)


@dataclass
class Step:
    services: Services
    flow: Flow
    action: Action
    loop_counts: dict[str, int] = field(default_factory=dict)

    @property
    def state(self) -> ContactState:
        return self.services.state

    @property
    def parameters(self) -> dict[str, Any]:
        return dict(self.action.parameters)

    def emit(self, kind: str, **data: Any) -> None:
        self.services.emit(kind, self.flow, self.action, **data)

    def note(self, text: str) -> None:
        self.emit("note", text=text)

    def value(self, name: str, default: Any = None) -> Any:
        """A parameter with its references resolved (whole references keep their type)."""
        raw = self.action.parameters.get(name, default)
        self.notice_unknown_references(name, raw)
        return resolve(raw, self.state.flow_data())

    def notice_unknown_references(self, name: str, raw: Any) -> None:
        unknown = roots(raw) - KNOWN_ROOTS
        if unknown:
            self.note(f"{name} refers to $.{', $.'.join(sorted(unknown))}, which the simulator does not set")

    def text(self, name: str) -> str | None:
        value = self.value(name)
        return None if value is None else as_text(value)

    def malformed(self, problem: str) -> MalformedActionError:
        return MalformedActionError(self.action.type, self.action.identifier, problem)

    def queue_ref(self, reference: str) -> QueueRef:
        directory = self.services.directory
        return QueueRef(directory.queue_arn(reference) or reference, directory.queue_name(reference))

    # -- where to go next ---------------------------------------------------------------------

    def next(self) -> Result:
        target = self.action.transitions.next_action
        if target is None:
            return Finish(
                Outcome(
                    "end", detail=f"the flow stops after {self.action.identifier!r}, which has no next action"
                )
            )
        return Go(target)

    def error(self, error_type: str, reason: str = "") -> Result:
        """Take the error branch, falling back on NoMatchingError as Connect does."""
        transitions = self.action.transitions
        target = transitions.error_target(error_type)
        taken = error_type
        if target is None:
            target, taken = transitions.error_target("NoMatchingError"), "NoMatchingError"
        if target is None:
            raise self.malformed(
                f"takes the {error_type} error branch ({reason or 'error'}), but has no such branch"
            )
        why = f"error {error_type}" + (f" (as {taken})" if taken != error_type else "")
        self.emit("branch", why=why + (f": {reason}" if reason else ""), to=target)
        return Go(target)

    def choose(self, value: Any, label: str = "") -> Result:
        """The first condition the value passes; otherwise the no-match branch."""
        for condition in self.action.transitions.conditions:
            if known_operator(condition.operator) is None:
                raise self.malformed(f"unknown condition operator {condition.operator!r}")
            operands = [resolve(operand, self.state.flow_data()) for operand in condition.operands]
            if holds(condition.operator, value, operands):
                shown = ", ".join(as_text(operand) for operand in operands)
                self.emit(
                    "branch",
                    why=f"{label or as_text(value)!s} {condition.operator} {shown}",
                    to=condition.next_action,
                )
                return Go(condition.next_action)
        transitions = self.action.transitions
        reason = f"{as_text(value) if value is not None else 'no value'} matches no condition"
        if transitions.error_target("NoMatchingCondition") is None and transitions.next_action is not None:
            self.emit("branch", why=reason, to=transitions.next_action)
            return Go(transitions.next_action)
        return self.error("NoMatchingCondition", reason)


Handler = Callable[[Step], Result]
