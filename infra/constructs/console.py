"""The staff console: the console function on the residents' REST API, under ``/console``.

The console is server-rendered GOV.UK pages (``web.console``), so it sits where the residents' pages
sit: ``/console`` and ``/console/{proxy+}`` (ANY) on the stage's REST API, behind CloudFront (its own
``/console*`` behaviours forward only the console's cookie, nothing cached) and the API's origin
firewall. API Gateway does not authorise it: the sign-in page must answer anyone, and the function
signs staff in with Cognito itself (InitiateAuth on the console's app client, server-side) and checks
their ID token on every request; the back office's role matrix then decides each action.

The function does what the staff function does with the case store and the audit (the staff
construct's grant table, reused), plus deleting its own session items on signing out. Its Cognito
calls (InitiateAuth, RespondToAuthChallenge, AssociateSoftwareToken, VerifySoftwareToken,
GlobalSignOut) are ones Cognito authorises by the password, challenge session or token they carry,
not by IAM: the role needs no Cognito permission.
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
from infra.constructs.function import FrontDoorFunction
from infra.constructs.staff import AUDIT_ACTIONS, CASE_ACTIONS, StaffSignIn
from web.console import settings as console_settings

# Signing out deletes the console's session item (the staff function has no sessions to delete).
SESSION_ACTIONS = ("dynamodb:DeleteItem",)
CONSOLE_PATH = "console"


class Console(Construct):
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
        audit_table: dynamodb.ITable,
        sign_in: StaffSignIn,
        rest_api: apigw.RestApi,
    ) -> None:
        """``layers``: the shared layers with the web layer (``SharedLayers.for_web``); ``rest_api``:
        the residents' API, which CloudFront fronts."""
        super().__init__(scope, id)
        self.handler = FrontDoorFunction(
            self,
            "Handler",
            entry="functions/console",
            config=config,
            layers=layers,
            key=key,
            memory=1024,
            environment={
                **sign_in.environment(config, cases_table, idempotency_table, audit_table),
                # A sign-in lasts as long as Cognito's tokens do: idle for an ID token's lifetime,
                # at most a refresh token's.
                console_settings.IDLE_MINUTES: str(config.staff.token_validity_minutes),
                console_settings.SESSION_HOURS: str(config.staff.refresh_token_validity_hours),
            },
        )
        self.function = self.handler.function
        self.handler.grant_items(cases_table, *CASE_ACTIONS, *SESSION_ACTIONS)
        self.handler.grant_items(audit_table, *AUDIT_ACTIONS)

        pages = apigw.LambdaIntegration(self.function, proxy=True)
        console = rest_api.root.add_resource(CONSOLE_PATH)
        self.root_method = console.add_method("ANY", pages)
        self.proxy_method = console.add_resource("{proxy+}").add_method(
            "ANY", pages, request_parameters={"method.request.path.proxy": True}
        )
        own_sign_in = (
            "The console signs staff in itself: its sign-in page must answer anyone, and every other "
            "page checks the member of staff's Cognito ID token (kept server-side in their session, "
            "verified against the user pool's keys on each request) before the role matrix decides; "
            "POSTs also need the session's CSRF token. An API Gateway authorizer would need the token "
            "in the browser, which the console never gives it."
        )
        for method in (self.root_method, self.proxy_method):
            for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
                acknowledge(method, rule, own_sign_in)

    def add_caller_salt(self, salt: str) -> None:
        """Finding a resident's cases by phone or email, and logging cases with a number, need the
        stage's caller salt (as the staff function does)."""
        self.function.add_environment(settings.CALLER_SALT, salt)
