"""Flow control actions: branching on values, hours, metrics and chance; loops; moving between flows."""

from __future__ import annotations

from local.flow_simulator.actions.base import CallModule, EnterFlow, Finish, Result, ReturnFromModule, Step
from local.flow_simulator.actions.registry import runs
from local.flow_simulator.errors import MissingFlowError, UnknownHoursError
from local.flow_simulator.hours import describe_time
from local.flow_simulator.loader import Flow
from local.flow_simulator.metrics import metric_for, metric_values, metrics_tree, number_text
from local.flow_simulator.references import as_text
from local.flow_simulator.transcript import Outcome


@runs("Compare")
def compare(step: Step) -> Result:
    if "ComparisonValue" not in step.action.parameters:
        raise step.malformed("ComparisonValue is missing")
    value = step.value("ComparisonValue")
    shown = as_text(value) if value is not None else "(unset)"
    label = f"{as_text(step.action.parameters['ComparisonValue'])} = {shown}"
    return step.choose(value, label=label)


@runs("CheckHoursOfOperation")
def check_hours_of_operation(step: Step) -> Result:
    reference = step.text("HoursOfOperationId")
    directory, overrides = step.services.directory, step.state.script.hours
    queue = step.state.target_queue
    hours = (
        directory.find_hours(reference)
        if reference
        else directory.hours_of_queue(queue.reference if queue else None)
    )
    names = [reference, hours.name if hours else None]
    if not reference and queue is not None:
        names += [queue.reference, queue.name]
    override = _override(overrides, [name for name in names if name])
    at = step.state.now()
    if override is not None:
        is_open = override
    elif hours is not None:
        is_open, at = hours.is_open(at), hours.local_time(at)
    else:
        what = (
            f"hours {reference!r}"
            if reference
            else f"the hours of queue {queue.label if queue else '(none set)'}"
        )
        raise UnknownHoursError(
            f"CheckHoursOfOperation {step.action.identifier!r}: {what} are not in the directory; "
            "add them to the directory or force them open or closed with the script's hours"
        )
    name = hours.name if hours else reference or (queue.label if queue else "?")
    step.emit("hours", name=name, open=is_open, at=describe_time(at), override=override is not None)
    return step.choose("True" if is_open else "False", label=f"in hours: {is_open}")


def _override(overrides: dict[str, bool], names: list[str]) -> bool | None:
    """The script's open/closed for these hours, by ARN, id or name (names in any case)."""
    wanted = {name.lower() for name in names} | {name.rsplit("/", 1)[-1].lower() for name in names}
    return next((is_open for key, is_open in overrides.items() if key.lower() in wanted), None)


@runs("Loop")
def loop(step: Step) -> Result:
    raw = step.text("LoopCount")
    if raw is None or not raw.strip().isdigit() or not 0 <= int(raw) <= 100:
        raise step.malformed(f"LoopCount must be a whole number 0..100, not {raw!r}")
    done = step.loop_counts.get(step.action.identifier, 0)
    if done < int(raw):
        step.loop_counts[step.action.identifier] = done + 1
        return step.choose("ContinueLooping", label=f"loop {done + 1} of {raw}")
    # Done once, then the count starts again, as Connect does.
    step.loop_counts.pop(step.action.identifier, None)
    return step.choose("DoneLooping", label=f"loop done after {raw}")


@runs("Wait")
def wait(step: Step) -> Result:
    seconds = step.text("TimeoutSeconds")
    if seconds is None or not seconds.strip().isdigit():
        raise step.malformed(f"TimeoutSeconds must be a whole number of seconds, not {seconds!r}")
    if step.state.is_voice:
        return step.error("NoMatchingError", "Wait is for chat contacts only")
    step.state.elapsed_seconds += int(seconds)
    step.emit("wait", seconds=int(seconds), result="WaitCompleted")
    return step.choose("WaitCompleted")


def _queue_metrics(step: Step) -> tuple[dict[str, float], str | None, str | None]:
    reference = step.text("QueueId") or step.text("AgentId")
    queue = step.queue_ref(reference) if reference else step.state.target_queue
    keys = tuple(
        key
        for key in ((queue.reference, queue.name, queue.reference.rsplit("/", 1)[-1]) if queue else ())
        if key
    )
    script = step.state.script
    return (
        metric_values(script.metrics, script.queue_metrics, keys),
        queue.reference if queue else None,
        (queue.name if queue else None),
    )


@runs("CheckMetricData")
def check_metric_data(step: Step) -> Result:
    metric_type = step.text("MetricType") or ""
    metric = metric_for(metric_type)
    if metric is None or metric.metric_type is None:
        raise step.malformed(f"unknown MetricType {metric_type!r}")
    values, queue, queue_name = _queue_metrics(step)
    value = number_text(values[metric.key])
    step.emit("metric", metric=metric_type, value=value, queue=queue, queue_name=queue_name)
    return step.choose(value, label=f"{metric_type} = {value}")


@runs("GetMetricData")
def get_metric_data(step: Step) -> Result:
    values, queue, queue_name = _queue_metrics(step)
    step.state.metrics = metrics_tree(values, queue_name, queue)
    shown = {key: number_text(value) for key, value in values.items() if value}
    step.emit("metric", metric="queue metrics", value=shown or "all 0", queue=queue, queue_name=queue_name)
    return step.next()


@runs("DistributeByPercentage")
def distribute_by_percentage(step: Step) -> Result:
    rolls = step.services.rolls
    roll = rolls.popleft() if rolls else step.services.random.randint(1, 100)
    return step.choose(str(roll), label=f"random roll {roll}")


@runs("EndFlowExecution")
def end_flow_execution(step: Step) -> Result:
    return Finish(Outcome("end"))


@runs("EndFlowModuleExecution")
def end_flow_module_execution(step: Step) -> Result:
    return ReturnFromModule()


def _library_flow(step: Step, reference: str) -> Flow | None:
    library, directory = step.services.library, step.services.directory
    return library.get(reference) or library.get(directory.flow_name(reference))


@runs("TransferToFlow")
def transfer_to_flow(step: Step) -> Result:
    reference = step.text("ContactFlowId")
    if not reference:
        return step.error("NoMatchingError", "no ContactFlowId")
    target = _library_flow(step, reference)
    if target is None:
        name = step.services.directory.flow_name(reference)
        step.emit("transfer", text=f"transfers to flow {name or reference} (not in the library, so not run)")
        return Finish(
            Outcome("transfer_to_flow", flow=reference, flow_name=name, detail="not in the library")
        )
    step.emit("transfer", text=f"transfers to flow {target.name}", target_flow=reference)
    return EnterFlow(target)


@runs("InvokeFlowModule")
def invoke_flow_module(step: Step) -> Result:
    reference = step.text("FlowModuleId")
    if not reference:
        return step.error("NoMatchingError", "no FlowModuleId")
    module = _library_flow(step, reference)
    if module is None:
        raise MissingFlowError(
            f"InvokeFlowModule {step.action.identifier!r}: flow module {reference!r} is not in the library "
            "(add it with --library)"
        )
    return CallModule(module, step.action.transitions.next_action)
