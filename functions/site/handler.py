"""The residents' website (API Gateway REST proxy on ``/`` and ``/{proxy+}``): GOV.UK pages rendered
on the server. Thin: the pages are the routers of ``web.site``; every error is a GOV.UK page.

Pages are gzipped when the request accepts it: CloudFront compresses only what it may cache, and
the site's pages are not cached at the edge."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.utilities.typing import LambdaContext

from frontdoor.observability import function_logger
from web.responses import handle_errors
from web.site import routers

logger = function_logger("site")
app = APIGatewayRestResolver()


def gzip_pages(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """Ask powertools to gzip a page (it does only if the request's Accept-Encoding has gzip)."""
    response = next_middleware(app)
    if response.body and str(response.headers.get("Content-Type", "")).startswith("text/html"):
        response.compress = True
        response.headers["Vary"] = "Accept-Encoding"  # one address, two bodies: caches must tell them apart
    return response


app.use(middlewares=[gzip_pages])
for router in routers():
    app.include_router(router)
handle_errors(app, logger)


@logger.inject_lambda_context(log_event=False)  # events carry form answers and cookies: never logged
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
