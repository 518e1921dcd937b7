"""The staff console: GOV.UK pages for council staff, behind Cognito sign-in, over the back office.

One powertools Router per area, included by functions/console/handler.py. Every page but the
sign-in pages needs a signed-in member of staff (``access.signed_in``); what each may do is the back
office's role matrix, which hides what a role may not do and refuses it (403) if posted anyway.
"""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayRouter


def routers() -> list[APIGatewayRouter]:
    """Every router of the console, in the order the resolver includes them."""
    from web.console import audit, cases, changes, log_case, sign_in

    return [sign_in.router, cases.router, changes.router, log_case.router, audit.router]
