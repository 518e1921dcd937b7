"""The back office: staff sign-in (Amazon Cognito) and the staff API, with the audit table's wiring.

- ``StaffSignIn``: a user pool with a group per role (advisor, back_office, supervisor, admin),
  TOTP MFA required, threat protection (Plus feature plan) enforced, no self sign-up; and the
  console's app client, without a secret: the console signs staff in server-side with InitiateAuth
  (USER_PASSWORD_AUTH, SRP allowed too), so no token or client id is ever a browser's to steal.
- ``StaffApi``: a REST API of its own (its own throttling, gateway answers in the staff API's error
  shape, a regional WAF) into the staff_api function. ``/staff/v1/{proxy+}`` takes a staff member's
  ID token (Cognito user pool authorizer); the function authorises by group. ``/system/v1/{proxy+}``
  takes AWS Signature Version 4 (IAM): integrations granted ``execute-api:Invoke`` on it
  (``grant_system_access``) act as systems, audited under their IAM identity.
- The audit table: the function may only PutItem (always conditional: never an overwrite) and Query
  it, and the table's resource policy denies every principal the item actions that could change or
  delete a record. It has no TTL: records outlive the personal data they name but never copy.
"""

from __future__ import annotations

import json

from aws_cdk import CfnOutput, Duration, Names, Size
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct, IConstruct

from frontdoor import settings
from frontdoor.backoffice.errors import GATEWAY_REFUSALS
from frontdoor.backoffice.roles import ROLES
from infra.acknowledge import acknowledge
from infra.config import StageConfig
from infra.constructs.common import case_store_environment, encrypted_log_group, removal_policy
from infra.constructs.function import FrontDoorFunction
from infra.constructs.waf import log_blocked_requests, protective_rules, visibility
from web.delivery import COMPRESS_FROM_BYTES

# What the staff function does with the case store: reads by key and index (BatchGetItem for a
# resident's cases), files cases and commits staff changes in transactions of conditional puts, and
# counts demand (an UpdateItem ADD on the day's counter); with the audit table, appends and queries.
CASE_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:UpdateItem",
)
AUDIT_ACTIONS = ("dynamodb:PutItem", "dynamodb:Query")
# Nobody, whatever their IAM policies say, changes or removes an audit record.
AUDIT_IMMUTABLE = (
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
)
GROUP_DESCRIPTIONS = {
    "advisor": "Advisors: take contacts, find and note cases, log cases for residents",
    "back_office": "Back office: work cases to resolution (status, teams, links, merges)",
    "supervisor": "Supervisors: everything the back office does, reopen cases, read the audit",
    "admin": "Admins: accounts and the audit; no residents' personal data",
}
PASSWORD_MIN_LENGTH = 12
STAFF_PREFIX, SYSTEM_PREFIX = ("staff", "v1"), ("system", "v1")


class StaffSignIn(Construct):
    """The staff user pool, its groups and the console's app client."""

    def __init__(self, scope: Construct, id: str, *, config: StageConfig) -> None:
        super().__init__(scope, id)
        self.user_pool = cognito.UserPool(
            self,
            "UserPool",
            self_sign_up_enabled=False,  # admins invite staff
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            sign_in_case_sensitive=False,
            standard_attributes=cognito.StandardAttributes(
                email=cognito.StandardAttribute(required=True, mutable=True)
            ),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            password_policy=cognito.PasswordPolicy(
                min_length=PASSWORD_MIN_LENGTH,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
                temp_password_validity=Duration.days(3),
            ),
            # Staff read residents' personal data: an authenticator app on top of the password.
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            # Compromised-credential and risk-based checks on every sign-in, enforced.
            feature_plan=cognito.FeaturePlan.PLUS,
            standard_threat_protection_mode=cognito.StandardThreatProtectionMode.FULL_FUNCTION,
            deletion_protection=config.deletion_protection,
            removal_policy=removal_policy(config),
        )
        self.groups = {
            role: cognito.CfnUserPoolGroup(
                self,
                f"Group{role.title().replace('_', '')}",
                user_pool_id=self.user_pool.user_pool_id,
                group_name=role,
                description=GROUP_DESCRIPTIONS[role],
                precedence=precedence,
            )
            for precedence, role in enumerate(ROLES)
        }
        self.console_client = self.user_pool.add_client(
            "ConsoleClient",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_password=True, user_srp=True),
            disable_o_auth=True,  # no hosted UI: the console has its own GOV.UK sign-in page
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            # Cognito's default of 3 minutes to answer a sign-in challenge is tight for setting up an
            # authenticator app at first sign-in; 15 is the most it allows.
            auth_session_validity=Duration.minutes(15),
            id_token_validity=Duration.minutes(config.staff.token_validity_minutes),
            access_token_validity=Duration.minutes(config.staff.token_validity_minutes),
            refresh_token_validity=Duration.hours(config.staff.refresh_token_validity_hours),
        )

    def environment(
        self,
        config: StageConfig,
        cases_table: dynamodb.ITable,
        idempotency_table: dynamodb.ITable,
        audit_table: dynamodb.ITable,
    ) -> dict[str, str]:
        """What every function staff reach reads: the case store, the audit trail and this pool."""
        return {
            **case_store_environment(config, cases_table, idempotency_table),
            settings.AUDIT_TABLE: audit_table.table_name,
            settings.STAFF_USER_POOL_ID: self.user_pool.user_pool_id,
            settings.STAFF_CLIENT_ID: self.console_client.user_pool_client_id,
        }


class StaffApi(Construct):
    """The staff API: its REST API, the staff function, the authorizer, routes, WAF and grants."""

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
        audit_table: dynamodb.Table,
        sign_in: StaffSignIn,
        account_logging_role: IConstruct,
    ) -> None:
        """``account_logging_role``: what sets the account's API Gateway CloudWatch role (the Open311
        API's ``CfnAccount``): this API's stage logs through it, so it is deployed first."""
        super().__init__(scope, id)
        self.handler = FrontDoorFunction(
            self,
            "Handler",
            entry="functions/staff_api",
            config=config,
            layers=layers,
            key=key,
            memory=1024,
            environment=sign_in.environment(config, cases_table, idempotency_table, audit_table),
        )
        self.handler.grant_items(cases_table, *CASE_ACTIONS)
        self.handler.grant_items(audit_table, *AUDIT_ACTIONS)
        protect_audit_records(audit_table)

        self.access_logs = encrypted_log_group(self, "AccessLogs", config=config, key=key)
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            description=f"Front Door {config.stage}: staff API (staff by Cognito group, systems by IAM)",
            endpoint_configuration=apigw.EndpointConfiguration(types=[apigw.EndpointType.REGIONAL]),
            cloud_watch_role=False,  # the account's role is the Open311 API's (one per account)
            # Pages, Open311 and JSON answers gzipped when the client accepts it (web/delivery.py).
            min_compression_size=Size.bytes(COMPRESS_FROM_BYTES),
            deploy_options=apigw.StageOptions(
                stage_name=config.stage,
                throttling_rate_limit=config.staff.api_throttle.rate_limit,
                throttling_burst_limit=config.staff.api_throttle.burst_limit,
                access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False,
                    http_method=True,
                    ip=False,
                    protocol=True,
                    request_time=True,
                    resource_path=True,
                    response_length=True,
                    status=True,
                    user=False,
                ),
                logging_level=apigw.MethodLoggingLevel.INFO,
                data_trace_enabled=False,  # bodies carry residents' personal data: never logged
                metrics_enabled=True,
                tracing_enabled=True,
            ),
        )
        self.rest_api.deployment_stage.node.add_dependency(account_logging_role)
        self._gateway_responses()
        validator = self.rest_api.add_request_validator(
            "Validator", validate_request_body=True, validate_request_parameters=True
        )
        self.authorizer = apigw.CognitoUserPoolsAuthorizer(
            self,
            "StaffAuthorizer",
            cognito_user_pools=[sign_in.user_pool],
            identity_source=apigw.IdentitySource.header("Authorization"),
        )
        integration = apigw.LambdaIntegration(self.handler.function, proxy=True)
        self.staff_method = self._proxy(STAFF_PREFIX).add_method(
            "ANY",
            integration,
            authorizer=self.authorizer,
            authorization_type=apigw.AuthorizationType.COGNITO,
            request_validator=validator,
            request_parameters={"method.request.path.proxy": True},
        )
        self.system_method = self._proxy(SYSTEM_PREFIX).add_method(
            "ANY",
            integration,
            authorization_type=apigw.AuthorizationType.IAM,
            request_validator=validator,
            request_parameters={"method.request.path.proxy": True},
        )
        self.web_acl = self._web_acl(config, key)
        self._outputs(sign_in)
        self._acknowledge()

    def grant_system_access(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let an integration (a role) call the system routes, signing with its credentials."""
        return iam.Grant.add_to_principal(
            grantee=grantee, actions=["execute-api:Invoke"], resource_arns=[self.system_invoke_arn]
        )

    @property
    def system_invoke_arn(self) -> str:
        return self.rest_api.arn_for_execute_api(
            "*", "/system/v1/*", self.rest_api.deployment_stage.stage_name
        )

    def add_caller_salt(self, salt: str) -> None:
        """Lookups by phone or email, and cases logged with a number, need the stage's caller salt."""
        self.handler.function.add_environment(settings.CALLER_SALT, salt)

    def _proxy(self, prefix: tuple[str, str]) -> apigw.Resource:
        resource = self.rest_api.root
        for part in prefix:
            resource = resource.get_resource(part) or resource.add_resource(part)  # type: ignore[assignment]
        return resource.add_resource("{proxy+}")  # type: ignore[return-value]

    def _gateway_responses(self) -> None:
        """What API Gateway answers before the function runs comes in the staff API's error shape."""
        types = {
            member.response_type: member
            for member in (
                getattr(apigw.ResponseType, name) for name in dir(apigw.ResponseType) if name.isupper()
            )
        }
        for kind, status, code, message in GATEWAY_REFUSALS:
            self.rest_api.add_gateway_response(
                f"Staff{kind.title().replace('_', '')}",
                type=types[kind],
                status_code=str(status),
                templates={
                    "application/json": json.dumps(
                        {"error": {"code": code, "message": message, "field": None}}
                    )
                },
            )

    def _web_acl(self, config: StageConfig, key: kms.IKey) -> wafv2.CfnWebACL:
        """AWS's managed rule groups and a rate limit per IP address, as at the edge; blocked
        requests logged without query strings or cookies."""
        metric = Names.unique_id(self)[-200:]
        rules = protective_rules(metric, config.staff.waf_rate_limit_per_5min)
        acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=rules,
            visibility_config=visibility(metric),
            description=f"Front Door {config.stage}: the staff API",
        )
        wafv2.CfnWebACLAssociation(
            self,
            "WebAclAssociation",
            resource_arn=self.rest_api.deployment_stage.stage_arn,
            web_acl_arn=acl.attr_arn,
        )
        # The ID token travels in the Authorization header: never in a WAF log line either.
        self.waf_logs = log_blocked_requests(
            self, acl, config=config, key=key, redacted_headers=["authorization"]
        )
        return acl

    def _outputs(self, sign_in: StaffSignIn) -> None:
        CfnOutput(self, "StaffApiUrl", value=self.rest_api.url_for_path("/staff/v1/"))
        CfnOutput(self, "SystemInvokeArn", value=self.system_invoke_arn)
        CfnOutput(self, "StaffUserPoolId", value=sign_in.user_pool.user_pool_id)
        CfnOutput(self, "ConsoleClientId", value=sign_in.console_client.user_pool_client_id)
        # For `python -m frontdoor.backoffice --function <name>`.
        CfnOutput(self, "StaffFunctionName", value=self.handler.function.function_name)

    def _acknowledge(self) -> None:
        iam_only = (
            "System routes are authorised by IAM (AWS_IAM, SigV4): integrations sign with their own "
            "role's credentials and need execute-api:Invoke on /system/v1/*; a Cognito user pool "
            "authorizer would need a machine user with a password instead of IAM credentials."
        )
        acknowledge(self.system_method, "AwsSolutions-COG4", iam_only)
        stage = self.rest_api.deployment_stage
        acknowledge(
            stage,
            "NIST.800.53.R5-APIGWCacheEnabledAndEncrypted",
            "No API cache cluster: every answer is per-request case data, often personal, and "
            "changes must never be served from a cache; a cache cluster also bills by the hour.",
        )
        acknowledge(
            stage,
            "NIST.800.53.R5-APIGWSSLEnabled",
            "The only backend is a Lambda proxy integration invoked over AWS's signed internal API; "
            "backend client certificates apply to HTTP integrations only.",
        )


def protect_audit_records(table: dynamodb.Table) -> None:
    """The audit table's resource policy: no principal may update or delete an item in it."""
    table.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AuditRecordsAreAppendOnly",
            effect=iam.Effect.DENY,
            principals=[iam.AnyPrincipal()],
            actions=list(AUDIT_IMMUTABLE),
            resources=["*"],  # in a table's resource policy, "*" means this table
        )
    )


class Staff(Construct):
    """Sign-in and the staff API together, as the stack composes them."""

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
        audit_table: dynamodb.Table,
        account_logging_role: IConstruct,
    ) -> None:
        super().__init__(scope, id)
        self.sign_in = StaffSignIn(self, "SignIn", config=config)
        self.api = StaffApi(
            self,
            "Api",
            config=config,
            layers=layers,
            key=key,
            cases_table=cases_table,
            idempotency_table=idempotency_table,
            audit_table=audit_table,
            sign_in=self.sign_in,
            account_logging_role=account_logging_role,
        )
