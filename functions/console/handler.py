"""The staff console (API Gateway REST proxy on ``/console`` and ``/console/{proxy+}``, behind
CloudFront like the residents' site): GOV.UK pages for staff, signed in with Cognito server-side.

Thin: the pages are the routers of ``web.console``; every refusal and error is a console page."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.observability import function_logger
from web.console import routers
from web.console.errors import handle_errors

logger = function_logger("console")
app = APIGatewayRestResolver()
for router in routers():
    app.include_router(router)
handle_errors(app, logger)


@logger.inject_lambda_context(log_event=False)  # events carry cookies, passwords and residents' details
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
