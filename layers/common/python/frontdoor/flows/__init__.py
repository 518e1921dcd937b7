"""Amazon Connect contact flows as Python: the flow language builder, its validation, and Front
Door's own flows. Pure Python (no CDK), so infra/, the offline simulator and tests share it."""

from .config import ContactCentreConfig, ContactCentreError, contact_centre_config, load_contact_centre
from .language import Action, Flow, FlowType
from .project import FLOWS, FlowSpec, build_flows
from .refs import CONNECT_FUNCTIONS, FlowRefs, local_function_name
from .validation import FlowValidationError, validate


def local_refs() -> FlowRefs:
    """Fake ARNs for every queue, hours and flow of the packaged configuration (simulator, make run)."""
    from .refs import local_refs as refs_for

    config = contact_centre_config()
    return refs_for([queue.key for queue in config.queues], list(config.hours), list(FLOWS))


__all__ = [
    "CONNECT_FUNCTIONS",
    "FLOWS",
    "Action",
    "ContactCentreConfig",
    "ContactCentreError",
    "Flow",
    "FlowRefs",
    "FlowSpec",
    "FlowType",
    "FlowValidationError",
    "build_flows",
    "contact_centre_config",
    "load_contact_centre",
    "local_function_name",
    "local_refs",
    "validate",
]
