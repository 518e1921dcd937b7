"""Queue metrics a script provides, by CheckMetricData MetricType and by ``$.Metrics`` path.

A script may name a metric by its friendly key (``contacts_in_queue``), its CheckMetricData
MetricType (``NumberOfContactsInQueue``) or its ``$.Metrics`` path (``Queue.Size``).
Metrics a script leaves out are 0: an empty contact centre.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from local.flow_simulator.errors import ScriptError


@dataclass(frozen=True)
class Metric:
    key: str
    metric_type: str | None  # CheckMetricData's MetricType, where it has one
    path: tuple[str, ...]  # under $.Metrics


METRICS = (
    Metric("contacts_in_queue", "NumberOfContactsInQueue", ("Queue", "Size")),
    Metric("oldest_contact_age", "OldestContactInQueueAgeSeconds", ("Queue", "OldestContactAge")),
    Metric("estimated_wait_time", "EstimatedWaitTime", ("Queue", "EstimatedWaitTime")),
    Metric("agents_online", "NumberOfAgentsOnline", ("Agents", "Online", "Count")),
    Metric("agents_available", "NumberOfAgentsAvailable", ("Agents", "Available", "Count")),
    Metric("agents_staffed", "NumberOfAgentsStaffed", ("Agents", "Staffed", "Count")),
    Metric("agents_after_contact_work", None, ("Agents", "AfterContactWork", "Count")),
    Metric("agents_busy", None, ("Agents", "Busy", "Count")),
)
_BY_NAME = {
    name: metric
    for metric in METRICS
    for name in (metric.key, metric.metric_type, ".".join(metric.path))
    if name is not None
}


def metric_for(name: str) -> Metric | None:
    return _BY_NAME.get(name)


def metric_values(
    defaults: Mapping[str, float], per_queue: Mapping[str, Mapping[str, float]], queue_keys: tuple[str, ...]
) -> dict[str, float]:
    """Friendly key -> value for one queue: the script's defaults, then that queue's own values."""
    values = {metric.key: 0.0 for metric in METRICS}
    overrides = [defaults, *(per_queue[key] for key in queue_keys if key in per_queue)]
    for source in overrides:
        for name, value in source.items():
            metric = metric_for(name)
            if metric is None:
                known = ", ".join(metric.key for metric in METRICS)
                raise ScriptError(f"metrics: unknown metric {name!r} (known: {known})")
            values[metric.key] = float(value)
    return values


def metrics_tree(
    values: Mapping[str, float], queue_name: str | None, queue_arn: str | None
) -> dict[str, object]:
    """The ``$.Metrics`` object that Get queue metrics leaves behind."""
    tree: dict[str, object] = {"Queue": {"Name": queue_name, "ARN": queue_arn}}
    for metric in METRICS:
        node = tree
        for segment in metric.path[:-1]:
            node = node.setdefault(segment, {})  # type: ignore[assignment]
        node[metric.path[-1]] = number_text(values[metric.key])
    return tree


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
