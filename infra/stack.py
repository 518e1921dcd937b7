"""The Front Door stack of one stage: it only composes the capability constructs."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from frontdoor import settings
from frontdoor.cases.tables import AuditTable, CasesTable, IdempotencyTable
from infra.config import StageConfig
from infra.constructs.api import Open311Api
from infra.constructs.console import Console
from infra.constructs.contact_centre import ContactCentre
from infra.constructs.data import Data
from infra.constructs.edge import Edge
from infra.constructs.layers import SharedLayers
from infra.constructs.notifications import Notifications
from infra.constructs.site import Site
from infra.constructs.staff import Staff


class FrontDoorStack(Stack):
    def __init__(
        self, scope: Construct, id: str, *, config: StageConfig, edge_web_acl_arn: str, **kwargs: Any
    ) -> None:
        """``edge_web_acl_arn``: the CLOUDFRONT web ACL of the stage's us-east-1 stack."""
        super().__init__(
            scope, id, description=f"Front Door ({config.council_name}, {config.stage})", **kwargs
        )
        self.data = Data(self, "Data", config=config)
        self.layers = SharedLayers(self, "Layers", config=config)
        self.open311 = Open311Api(
            self,
            "Open311",
            config=config,
            layers=self.layers.all,
            key=self.data.key,
            cases_table=self.data.tables[CasesTable.__name__],
            idempotency_table=self.data.tables[IdempotencyTable.__name__],
        )
        # The back office: staff sign-in and the staff API (staff by Cognito group, systems by IAM).
        self.staff: Staff | None = None
        if config.staff.enabled:
            self.staff = Staff(
                self,
                "Staff",
                config=config,
                layers=self.layers.all,
                key=self.data.key,
                cases_table=self.data.tables[CasesTable.__name__],
                idempotency_table=self.data.tables[IdempotencyTable.__name__],
                audit_table=self.data.tables[AuditTable.__name__],
                account_logging_role=self.open311.rest_api.node.find_child("Account"),
            )
        self.notifications: Notifications | None = None
        if config.notifications.enabled:
            self.notifications = Notifications(
                self,
                "Notifications",
                config=config,
                layers=self.layers.all,
                key=self.data.key,
                cases_table=self.data.tables[CasesTable.__name__],
                idempotency_table=self.data.tables[IdempotencyTable.__name__],
            )
        self.contact_centre: ContactCentre | None = None
        if config.connect.enabled:
            self.contact_centre = ContactCentre(
                self,
                "ContactCentre",
                config=config,
                layers=self.layers.all,
                key=self.data.key,
                cases_table=self.data.tables[CasesTable.__name__],
                idempotency_table=self.data.tables[IdempotencyTable.__name__],
            )
            self.open311.add_chat_start(self.contact_centre.start_chat.function)
            # Reports filed online are linked to the reporter's number too, so the phone line knows them.
            self.open311.handler.function.add_environment(
                settings.CALLER_SALT, self.contact_centre.caller_salt.value
            )
            if self.staff is not None:
                self.staff.api.add_caller_salt(self.contact_centre.caller_salt.value)
        # The residents' website: the REST API's catch-all, beside Open311 and the start-chat endpoint.
        self.site = Site(
            self,
            "Site",
            config=config,
            layers=self.layers.for_web,
            key=self.data.key,
            cases_table=self.data.tables[CasesTable.__name__],
            idempotency_table=self.data.tables[IdempotencyTable.__name__],
            rest_api=self.open311.rest_api,
        )
        # The staff console: pages on the same API (under /console), signing staff in with Cognito.
        self.console: Console | None = None
        if self.staff is not None:
            self.console = Console(
                self,
                "Console",
                config=config,
                layers=self.layers.for_web,
                key=self.data.key,
                cases_table=self.data.tables[CasesTable.__name__],
                idempotency_table=self.data.tables[IdempotencyTable.__name__],
                audit_table=self.data.tables[AuditTable.__name__],
                sign_in=self.staff.sign_in,
                rest_api=self.open311.rest_api,
            )
        if self.contact_centre is not None:
            if self.console is not None:
                self.console.add_caller_salt(self.contact_centre.caller_salt.value)
            self.site.link_callers_with(self.contact_centre.caller_salt.value)
            if "main" in self.contact_centre.numbers:
                self.site.call_us_on(self.contact_centre.numbers["main"].phone_number.attr_address)
        # Last: CloudFront fronts the whole API stage, whatever routes the constructs above added.
        self.edge = Edge(
            self,
            "Edge",
            config=config,
            key=self.data.key,
            rest_api=self.open311.rest_api,
            web_acl_arn=edge_web_acl_arn,
        )
