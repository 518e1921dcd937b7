"""The Amazon Connect contact centre: phone and webchat, its flows deployed from Python.

An instance (or the council's existing one, from the stage config), hours of operation and queues
from ``frontdoor/flows/contact_centre.yaml``, routing profiles for advisors (every queue, voice
and chat, the priority queue first) and for the telecare team, the six contact flows built by
``frontdoor.flows.build_flows`` with the ARNs of this stack's resources, the functions the flows
invoke, claimed UK numbers pointing at their flows, contact records and recordings storage, and
the function behind the web widget's ``POST /chat/start``.

Connect has only L1 constructs (``aws_connect.Cfn*``). Flows point at each other: every flow
resource is created first, then each one's content is set from ``FlowRefs`` of tokens; the flow
graph has no cycle (inbound and chat point at the queue, survey and out-of-hours flows, which point
at no flow), so neither has the template.

On a council's existing instance (``connect.existing_instance_arn``) nothing instance-wide is
created: hours, queues, profiles and flows are added beside the council's own (their names carry
the stage), and the instance keeps its own recording and contact-record storage unless
``connect.storage_on_existing_instance`` says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from frontdoor import settings
from frontdoor.flows import FLOWS, ContactCentreConfig, FlowRefs, build_flows, contact_centre_config
from frontdoor.flows.config import PRIORITY_QUEUE, Hours
from frontdoor.flows.project.telecare import TELECARE_TEAM
from infra.config import StageConfig
from infra.constructs.caller_salt import CallerSalt
from infra.constructs.common import case_store_environment, removal_policy
from infra.constructs.connect_functions import ConnectFunctions, pascal
from infra.constructs.contact_records import ContactRecords
from infra.constructs.function import FrontDoorFunction
from infra.constructs.phone_numbers import ClaimedNumber, FlowAssociator, flow_id

CHANNELS = ("VOICE", "CHAT")
# How many chats an advisor takes at once beside one call.
ADVISOR_CHATS = 2
# Outbound calls (callbacks) leave from this team's queue when the catalogue has it.
OUTBOUND_QUEUE = "customer_services"
CHAT_FLOW = "chat"
# Which flow answers which claimed number.
NUMBER_FLOWS = {"main": "inbound", "telecare": "telecare"}


def hours_of_operation(hours: Hours) -> list[connect.CfnHoursOfOperation.HoursOfOperationConfigProperty]:
    """Connect's day-by-day slots for ``hours``; a slot closing at 24:00 closes at 00:00.

    Connect counts hours 0-23 and reads an end at 00:00 as midnight at the end of the day
    ("To specify midnight, enter 12:00AM", admin guide, *Set the hours of operation*), so
    00:00-00:00 is the whole day.
    """
    return [
        connect.CfnHoursOfOperation.HoursOfOperationConfigProperty(
            day=day, start_time=_time_slice(slot.open), end_time=_time_slice(slot.close)
        )
        for slot in hours.slots
        for day in slot.days
    ]


def _time_slice(clock: str) -> connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty:
    hours, minutes = (int(part) for part in clock.split(":"))
    return connect.CfnHoursOfOperation.HoursOfOperationTimeSliceProperty(hours=hours % 24, minutes=minutes)


class ContactCentre(Construct):
    """Phone and webchat on Amazon Connect for one stage (``config.connect``)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: StageConfig,
        layers: list[lambda_.ILayerVersion],
        key: kms.IKey,
        cases_table: dynamodb.ITable,
        idempotency_table: dynamodb.ITable,
        centre: ContactCentreConfig | None = None,
    ) -> None:
        super().__init__(scope, id)
        self._config = config
        centre = centre or contact_centre_config()
        self.instance, self.instance_arn, self.instance_id = self._instance(config)

        self.hours = {
            key_: connect.CfnHoursOfOperation(
                self,
                f"Hours{pascal(key_)}",
                instance_arn=self.instance_arn,
                name=self._name(hours.name),
                description=hours.description or None,
                time_zone=centre.timezone,
                config=hours_of_operation(hours),
            )
            for key_, hours in centre.hours.items()
        }
        self.queues = {
            queue.key: connect.CfnQueue(
                self,
                f"Queue{pascal(queue.key)}",
                instance_arn=self.instance_arn,
                name=self._name(queue.name),
                description=queue.description,
                hours_of_operation_arn=self.hours[queue.hours].attr_hours_of_operation_arn,
            )
            for queue in centre.queues
        }
        self.routing_profiles = self._routing_profiles()

        self.caller_salt = CallerSalt(self, "CallerSalt", config=config, key=key)
        self.functions = ConnectFunctions(
            self,
            "Functions",
            config=config,
            layers=layers,
            key=key,
            cases_table=cases_table,
            idempotency_table=idempotency_table,
            environment=function_environment(config, cases_table, idempotency_table, self.caller_salt.value),
            instance_arn=self.instance_arn,
            sms_arns=[
                arn
                for arn in (config.connect.sms_origination_arn, config.connect.sms_configuration_set_arn)
                if arn
            ],
        )
        self.flows = self._flows(centre)

        self.records: ContactRecords | None = None
        if self.instance is not None or config.connect.storage_on_existing_instance:
            self.records = ContactRecords(
                self, "Records", config=config, key=key, instance_arn=self.instance_arn
            )
        self.numbers = self._numbers(config, key)
        self.start_chat = self._start_chat(config, layers, key)
        self._outputs()

    # --- instance -----------------------------------------------------------------------------

    def _instance(self, config: StageConfig) -> tuple[connect.CfnInstance | None, str, str]:
        """A new instance with its ARN and ID, or none and the council's existing one's."""
        existing = config.connect.existing_instance_arn
        if existing:
            return None, existing, existing.rpartition("/")[2]
        instance = connect.CfnInstance(
            self,
            "Instance",
            identity_management_type="CONNECT_MANAGED",
            instance_alias=config.connect.instance_alias,
            attributes=connect.CfnInstance.AttributesProperty(
                inbound_calls=True,
                outbound_calls=True,
                contactflow_logs=True,
                contact_lens=True,
                auto_resolve_best_voices=True,
            ),
        )
        instance.apply_removal_policy(removal_policy(config))
        return instance, instance.attr_arn, instance.attr_id

    def _name(self, name: str) -> str:
        """Names are unique within an instance: on a shared, existing one, each stage marks its own."""
        return f"{name} ({self._config.stage})" if self.instance is None else name

    # --- routing ------------------------------------------------------------------------------

    def _routing_profiles(self) -> dict[str, connect.CfnRoutingProfile]:
        outbound = self.queues.get(OUTBOUND_QUEUE) or next(
            queue for key_, queue in self.queues.items() if key_ != PRIORITY_QUEUE
        )
        profiles = {
            "advisors": connect.CfnRoutingProfile(
                self,
                "AdvisorsProfile",
                instance_arn=self.instance_arn,
                name=self._name("Front Door advisors"),
                description="Every queue, calls and chats; vulnerable and high-risk callers first",
                default_outbound_queue_arn=outbound.attr_queue_arn,
                media_concurrencies=[_concurrency("VOICE", 1), _concurrency("CHAT", ADVISOR_CHATS)],
                queue_configs=[
                    _queue_config(queue, channel, priority=1 if key_ == PRIORITY_QUEUE else 2)
                    for key_, queue in self.queues.items()
                    for channel in CHANNELS
                ],
            )
        }
        telecare = self.queues.get(TELECARE_TEAM)
        if telecare is not None:
            profiles["telecare"] = connect.CfnRoutingProfile(
                self,
                "TelecareProfile",
                instance_arn=self.instance_arn,
                name=self._name("Front Door telecare"),
                description="Telecare and community alarm calls only, around the clock",
                default_outbound_queue_arn=telecare.attr_queue_arn,
                media_concurrencies=[_concurrency("VOICE", 1)],
                queue_configs=[_queue_config(telecare, "VOICE", priority=1)],
            )
        return profiles

    # --- flows --------------------------------------------------------------------------------

    def _flows(self, centre: ContactCentreConfig) -> dict[str, connect.CfnContactFlow]:
        """Every flow resource first, then each one's content from tokens of the others' ARNs."""
        flows = {
            key_: connect.CfnContactFlow(
                self,
                f"Flow{pascal(key_)}",
                instance_arn=self.instance_arn,
                name=self._name(spec.name),
                type=spec.type,
                description=spec.description,
                state="ACTIVE",
                content="{}",  # replaced below, once every flow's ARN exists
            )
            for key_, spec in FLOWS.items()
        }
        refs = FlowRefs(
            lambdas=self.functions.arns,
            queues={key_: queue.attr_queue_arn for key_, queue in self.queues.items()},
            hours={key_: hours.attr_hours_of_operation_arn for key_, hours in self.hours.items()},
            flows={key_: flow.attr_contact_flow_arn for key_, flow in flows.items()},
        )
        stack = Stack.of(self)
        for key_, content in build_flows(refs, centre).items():
            flows[key_].content = stack.to_json_string(content)
            # Connect checks a flow's Lambda functions are associated with the instance.
            for association in self.functions.associations.values():
                flows[key_].node.add_dependency(association)
        return flows

    # --- numbers ------------------------------------------------------------------------------

    def _numbers(self, config: StageConfig, key: kms.IKey) -> dict[str, ClaimedNumber]:
        wanted = {"main": config.connect.main_number, "telecare": config.connect.telecare_number}
        wanted_numbers = {name: number for name, number in wanted.items() if number is not None}
        associator = FlowAssociator(self, "NumberFlows", config=config, key=key)
        numbers = {
            name: ClaimedNumber(
                self,
                f"{name.capitalize()}Number",
                number=number,
                description=f"Front Door {config.stage}: {name} line ({NUMBER_FLOWS[name]} flow)",
                instance_arn=self.instance_arn,
                instance_id=self.instance_id,
                flow=self.flows[NUMBER_FLOWS[name]],
                associator=associator,
            )
            for name, number in wanted_numbers.items()
        }
        associator.acknowledge_provider()
        return numbers

    # --- webchat ------------------------------------------------------------------------------

    def _start_chat(
        self, config: StageConfig, layers: list[lambda_.ILayerVersion], key: kms.IKey
    ) -> FrontDoorFunction:
        """The function behind ``POST /chat/start``: StartChatContact on the chat flow, nothing else."""
        chat_flow = self.flows[CHAT_FLOW]
        function = FrontDoorFunction(
            self,
            "StartChat",
            entry="functions/start_chat",
            config=config,
            layers=layers,
            key=key,
            environment={
                settings.CONNECT_INSTANCE_ID: self.instance_id,
                settings.CONNECT_CHAT_FLOW_ID: flow_id(chat_flow.attr_contact_flow_arn),
            },
        )
        # StartChatContact's required resource is the flow the chat starts in (contact-flow*).
        function.function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["connect:StartChatContact"], resources=[chat_flow.attr_contact_flow_arn]
            )
        )
        return function

    def _outputs(self) -> None:
        outputs: dict[str, tuple[str, str]] = {
            "InstanceId": (self.instance_id, "Amazon Connect instance ID"),
            "InboundFlowId": (flow_id(self.flows["inbound"].attr_contact_flow_arn), "Main line's flow"),
            "ChatFlowId": (flow_id(self.flows[CHAT_FLOW].attr_contact_flow_arn), "Webchat's flow"),
        }
        if self.records is not None:
            outputs["ContactTraceRecordsStream"] = (
                self.records.ctr_stream.stream_arn,
                "Contact trace records",
            )
            outputs["RecordingsBucket"] = (
                self.records.recordings.bucket_name,
                "Recordings and chat transcripts",
            )
        for name, number in self.numbers.items():
            outputs[f"{name.capitalize()}Number"] = (number.phone_number.attr_address, f"The {name} line")
            outputs[f"{name.capitalize()}NumberId"] = (
                number.phone_number.attr_phone_number_arn,
                f"The {name} line's phone number ARN (its flow: {NUMBER_FLOWS[name]})",
            )
        scope = Construct(self, "Outputs")
        for name, (value, description) in outputs.items():
            CfnOutput(scope, name, value=value, description=description)


def function_environment(
    config: StageConfig, cases_table: dynamodb.ITable, idempotency_table: dynamodb.ITable, caller_salt: str
) -> Mapping[str, str]:
    """What the Connect-invoked functions read from their environment (``frontdoor.settings``);
    a text setting the stage leaves out is left out, and the functions send those callers to an
    advisor instead."""
    connect_config = config.connect
    optional = {
        settings.WEB_BASE_URL: connect_config.web_base_url,
        settings.PAYMENT_BASE_URL: connect_config.payment_base_url,
        settings.SMS_ORIGINATION: connect_config.sms_origination_arn,
        settings.SMS_CONFIGURATION_SET: connect_config.sms_configuration_set_arn,
    }
    return {
        **case_store_environment(config, cases_table, idempotency_table),
        settings.CALLER_SALT: caller_salt,
        **{name: value for name, value in optional.items() if value},
    }


def _concurrency(channel: str, concurrency: int) -> connect.CfnRoutingProfile.MediaConcurrencyProperty:
    return connect.CfnRoutingProfile.MediaConcurrencyProperty(channel=channel, concurrency=concurrency)


def _queue_config(
    queue: connect.CfnQueue, channel: str, *, priority: int
) -> connect.CfnRoutingProfile.RoutingProfileQueueConfigProperty:
    return connect.CfnRoutingProfile.RoutingProfileQueueConfigProperty(
        delay=0,
        priority=priority,
        queue_reference=connect.CfnRoutingProfile.RoutingProfileQueueReferenceProperty(
            channel=channel, queue_arn=queue.attr_queue_arn
        ),
    )
