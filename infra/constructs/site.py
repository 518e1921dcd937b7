"""The residents' website: the site function behind the REST API's catch-all.

The function answers ``/`` and ``/{proxy+}`` (ANY) on the stage's REST API, beside the more specific
``/open311/{proxy+}`` and ``/chat/start``, which API Gateway prefers. CloudFront (``edge.py``) is in
front of the whole API, and serves ``/assets/`` from its own bucket, so the function only renders
pages. ``function`` and ``rest_api`` are what the edge reads.
"""

from __future__ import annotations

from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from frontdoor import settings
from infra.acknowledge import acknowledge
from infra.config import StageConfig
from infra.constructs.api import IDEMPOTENCY_ACTIONS
from infra.constructs.common import case_store_environment
from infra.constructs.function import FrontDoorFunction
from web.settings import MAIN_PHONE_NUMBER

# What the site's pages do on the cases table: form sessions by key (get, put, delete), the home
# page's demand counters (one Query), and filing a report (its transaction's puts, the nearby-case
# Query, the demand counter's and the opt-out's UpdateItem).
CASE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
)


class Site(Construct):
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
        rest_api: apigw.RestApi,
    ) -> None:
        """``layers``: the shared layers with the web layer (``SharedLayers.for_web``)."""
        super().__init__(scope, id)
        self.handler = FrontDoorFunction(
            self,
            "Handler",
            entry="functions/site",
            config=config,
            layers=layers,
            key=key,
            memory=1024,
            environment={
                **case_store_environment(config, cases_table, idempotency_table),
            },
        )
        self.function = self.handler.function
        # The links the site shares with the phone line's texts: one place for the site's address
        # and the payment page (a renewal's confirmation offers "Pay now").
        for variable, value in (
            (settings.WEB_BASE_URL, config.connect.web_base_url),
            (settings.PAYMENT_BASE_URL, config.connect.payment_base_url),
        ):
            if value:
                self.function.add_environment(variable, value)
        self.handler.grant_items(cases_table, *CASE_ACTIONS)
        # Report it files once per journey through powertools Idempotency, as Open311 does.
        self.handler.grant_items(idempotency_table, *IDEMPOTENCY_ACTIONS)
        self.rest_api = rest_api
        pages = apigw.LambdaIntegration(self.function, proxy=True)
        self.root_method = rest_api.root.add_method("ANY", pages)
        self.proxy_method = rest_api.root.add_resource("{proxy+}").add_method(
            "ANY", pages, request_parameters={"method.request.path.proxy": True}
        )
        public = (
            "The residents' website is public, as the council's website is: residents report and "
            "track without an account. Forms carry a CSRF token tied to a short-lived server-side "
            "session, and the API answers only CloudFront, behind its web ACL and the stage throttling."
        )
        for method in (self.root_method, self.proxy_method):
            for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
                acknowledge(method, rule, public)

    def call_us_on(self, e164_number: str) -> None:
        """The number the site's pages give residents to call (the contact centre's main line)."""
        self.function.add_environment(MAIN_PHONE_NUMBER, e164_number)

    def link_callers_with(self, caller_salt: str) -> None:
        """Reports filed on the site are known on the phone line too (the stage's caller salt)."""
        self.function.add_environment(settings.CALLER_SALT, caller_salt)
