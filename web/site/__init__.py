"""The residents' site: one powertools Router per area, included by functions/site/handler.py.

Paths the phone line texts (``frontdoor.contacts.links``) are part of the contract: ``/report``,
``/report/<service_code>``, ``/track``, ``/track/<reference>`` and ``/opt-out/<token>``.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from web.site import chat, health, information, opt_out, report, services, track


def routers() -> list[APIGatewayRouter]:
    """Every router of the site, in the order the resolver includes them."""
    return [
        health.router,
        services.router,
        information.router,
        opt_out.router,
        chat.router,
        report.router,
        track.router,
    ]
