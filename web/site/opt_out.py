"""Stopping updates: the page every email and text to a resident links to (``/opt-out/<token>``).

GET shows which request the link is about and a button to stop updates (or that they have stopped);
the button POSTs back to the same address, which records the opt-out and redirects to the page
(POST/redirect/GET). A mail program's one-click unsubscribe (RFC 8058: a POST whose body is
``List-Unsubscribe=One-Click``, without cookies) gets a plain 200 instead. No CSRF token is asked
for: the link's secret is the resident's authority here, and a forged POST could only do what the
link does. The pages are never stored (``no-store``): their address carries that secret.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.notifications.optout import OptOutLinkNotFound, OptOutPage, OptOuts
from web.responses import PRIVATE, html, page, redirect

router = APIGatewayRouter()


@router.get("/opt-out/<token>")
def opt_out_page(token: str) -> Response[str]:
    try:
        found = _opt_outs().find(token)
    except OptOutLinkNotFound:
        return _not_found()
    return _page(found)


@router.post("/opt-out/<token>")
def opt_out(token: str) -> Response[str]:
    try:
        _opt_outs().opt_out(token)
    except OptOutLinkNotFound:
        return _not_found()
    if _is_one_click(router.current_event.decoded_body or ""):
        return html("", cache=PRIVATE)
    return redirect(f"/opt-out/{token}")


def _page(found: OptOutPage) -> Response[str]:
    title = "You will not get any more updates" if found.opted_out else "Stop updates about your request"
    return page(
        "site/opt_out.html", title=title, cache=PRIVATE, reference=found.reference, opted_out=found.opted_out
    )


def _not_found() -> Response[str]:
    return page("site/opt_out_not_found.html", title="This link has expired", status=404, cache=PRIVATE)


def _is_one_click(body: str) -> bool:
    return parse_qs(body).get("List-Unsubscribe") == ["One-Click"]


def _opt_outs() -> OptOuts:
    from frontdoor.wiring import opt_outs  # loaded on first use, as the site's other services

    return opt_outs()
