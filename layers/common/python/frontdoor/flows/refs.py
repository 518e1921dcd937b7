"""What the flows point at: Lambda functions, queues, hours of operation and other flows.

In CDK these are ARN tokens of the stack's resources; locally, deterministic fake ARNs that the
flow simulator maps back to the real handlers (function ``frontdoor-local-<key>``) and to names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The Connect-invoked functions: key -> entry folder. The key names the function everywhere.
CONNECT_FUNCTIONS: dict[str, str] = {
    key: f"functions/connect_{key}"
    for key in ("identify_caller", "case_status", "garden_waste_renewal", "record_survey", "send_link")
}
LOCAL_ACCOUNT = "000000000000"
LOCAL_REGION = "eu-west-2"
LOCAL_INSTANCE_ARN = f"arn:aws:connect:{LOCAL_REGION}:{LOCAL_ACCOUNT}:instance/frontdoor-local"


@dataclass(frozen=True)
class FlowRefs:
    lambdas: Mapping[str, str]
    queues: Mapping[str, str]
    hours: Mapping[str, str]
    flows: Mapping[str, str]

    def lambda_arn(self, key: str) -> str:
        return _pick(self.lambdas, key, "Connect function")

    def queue_arn(self, key: str) -> str:
        return _pick(self.queues, key, "queue")

    def hours_arn(self, key: str) -> str:
        return _pick(self.hours, key, "hours of operation")

    def flow_arn(self, key: str) -> str:
        return _pick(self.flows, key, "flow")


def _pick(refs: Mapping[str, str], key: str, what: str) -> str:
    try:
        return refs[key]
    except KeyError:
        raise KeyError(f"no {what} {key!r} among {sorted(refs)}") from None


def local_function_name(key: str) -> str:
    return f"frontdoor-local-{key.replace('_', '-')}"


def local_refs(queue_keys: list[str], hours_keys: list[str], flow_keys: list[str]) -> FlowRefs:
    """Fake but well-formed ARNs for running the flows offline."""
    lambda_prefix = f"arn:aws:lambda:{LOCAL_REGION}:{LOCAL_ACCOUNT}:function:"
    return FlowRefs(
        lambdas={key: lambda_prefix + local_function_name(key) for key in CONNECT_FUNCTIONS},
        queues={key: f"{LOCAL_INSTANCE_ARN}/queue/{key}" for key in queue_keys},
        hours={key: f"{LOCAL_INSTANCE_ARN}/operating-hours/{key}" for key in hours_keys},
        flows={key: f"{LOCAL_INSTANCE_ARN}/contact-flow/{key}" for key in flow_keys},
    )
