"""The console's HTML answers: pages with the console's navigation, redirects, and its error pages.

Every console answer is ``no-store`` (cases and residents' details must not sit in any cache) and
carries the site's security headers; a page refreshes the session cookie and renders the CSRF token.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.shared.cookies import Cookie

from frontdoor.backoffice.roles import Action
from web.console.access import HOME, Staff
from web.console.sessions import ConsoleSession, cookie
from web.render import render
from web.responses import HTML, PRIVATE, FieldErrors, html
from web.security import SECURITY_HEADERS
from web.settings import site_settings

# The console's navigation: (path, words, the action it needs).
NAVIGATION: list[tuple[str, str, Action]] = [
    (HOME, "Find cases", "find_cases"),
    ("/console/log-case", "Log a case", "log_case"),
    ("/console/audit", "Audit", "read_audit"),
]


def navigation(staff: Staff | None, active: str | None) -> list[dict[str, Any]]:
    if staff is None:
        return []
    return [
        {"href": href, "text": text, "current": href == active}
        for href, text, action in NAVIGATION
        if staff.may(action)
    ]


def console_page(
    template: str,
    *,
    title: str,
    staff: Staff | None = None,
    session: ConsoleSession | None = None,
    status: int = 200,
    errors: FieldErrors | None = None,
    active: str | None = None,
    cookies: list[Cookie] | None = None,
    **context: Any,
) -> Response[str]:
    """Render ``template`` (which extends console/layout.html) for ``staff`` (or, on the sign-in
    pages, for the anonymous ``session``)."""
    session = session or (staff.session if staff else None)
    body = render(
        template,
        title=title,
        errors=errors or FieldErrors(),
        council_name=site_settings().council_name,
        staff=staff,
        console_navigation=navigation(staff, active),
        csrf_token=session.csrf_token if session else "",
        **context,
    )
    sent = [cookie(session)] if session is not None else []
    return html(body, status=status, cache=PRIVATE, cookies=sent + (cookies or []))


def see_other(
    location: str, *, session: ConsoleSession | None = None, cookies: list[Cookie] | None = None
) -> Response[str]:
    """303 See Other to a console path (POST/redirect/GET)."""
    if not location.startswith("/") or location.startswith("//"):
        raise ValueError("redirects stay on this site: give a path starting with a single /")
    sent = ([cookie(session)] if session is not None else []) + (cookies or [])
    headers = {**SECURITY_HEADERS, "Cache-Control": PRIVATE, "Location": location}
    return Response(303, HTML, "", headers=headers, cookies=sent)


# --- error pages --------------------------------------------------------------------------------------
def forbidden_page(staff: Staff | None, message: str) -> Response[str]:
    return console_page(
        "console/errors/403.html", title="You cannot do this", staff=staff, status=403, message=message
    )


def not_found_page(staff: Staff | None = None, message: str | None = None) -> Response[str]:
    return console_page(
        "console/errors/404.html", title="Page not found", staff=staff, status=404, message=message
    )


def bad_submission_page(staff: Staff | None = None) -> Response[str]:
    return console_page("console/errors/400.html", title="Sorry, there is a problem", staff=staff, status=400)


def conflict_page(staff: Staff | None, back: str) -> Response[str]:
    return console_page(
        "console/errors/409.html", title="Someone else changed this case", staff=staff, status=409, back=back
    )


def unavailable_page(staff: Staff | None = None) -> Response[str]:
    return console_page(
        "console/errors/503.html", title="Sorry, the service is unavailable", staff=staff, status=503
    )


def server_error_page() -> Response[str]:
    return console_page(
        "console/errors/500.html", title="Sorry, there is a problem with the service", status=500
    )
