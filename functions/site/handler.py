"""The residents' website (API Gateway REST proxy on ``/`` and ``/{proxy+}``): GOV.UK pages rendered
on the server. Thin: the pages are the routers of ``web.site``; every error is a GOV.UK page.

API Gateway gzips the pages when the browser accepts it (web/delivery.py), not the function."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.observability import function_logger
from web.responses import handle_errors
from web.site import routers

logger = function_logger("site")
app = APIGatewayRestResolver()
for router in routers():
    app.include_router(router)
handle_errors(app, logger)


@logger.inject_lambda_context(log_event=False)  # events carry form answers and cookies: never logged
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
