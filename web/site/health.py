"""``/healthz``: the site function answers, without touching any AWS service."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

router = APIGatewayRouter()


@router.get("/healthz")
def healthz() -> Response[str]:
    return Response(200, "application/json", '{"status":"ok"}', headers={"Cache-Control": "no-store"})
