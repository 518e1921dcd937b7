"""HTML answers: pages, POST/redirect/GET redirects and the GOV.UK error pages.

Every HTML answer carries the security headers (``web.security``) and a Cache-Control header; a
page that carries a form session also refreshes its cookie and gets its CSRF token to render.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver, Response
from aws_lambda_powertools.shared.cookies import Cookie

from web.forms import CSRF_FIELD, BadSubmission, FormSession, session_cookie
from web.render import render
from web.security import SECURITY_HEADERS
from web.settings import site_settings

HTML = "text/html; charset=utf-8"
# Pages whose content changes with what residents do (the home page's tasks): always revalidate.
FRESH = "no-cache"
# Pages that change only with a deploy (standards, contact, accessibility).
STABLE = "public, max-age=300"
# Anything with a form session or a resident's answers: never stored anywhere.
PRIVATE = "no-store"


class FieldErrors:
    """What is wrong with a submitted form, field by field, in the order the fields appear.

    Renders as the GOV.UK error summary (``summary``: links to ``#<field id>``) and the inline error
    of each field (``for_field``). A page with errors gets "Error: " in its title.
    """

    def __init__(self, messages: Mapping[str, str] | None = None) -> None:
        self.messages: dict[str, str] = dict(messages or {})

    def add(self, field_id: str, message: str) -> None:
        self.messages.setdefault(field_id, message)  # the first problem with a field is the one shown

    def __bool__(self) -> bool:
        return bool(self.messages)

    def __contains__(self, field_id: object) -> bool:
        return field_id in self.messages

    def summary(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{field_id}"} for field_id, message in self.messages.items()]

    def for_field(self, field_id: str) -> dict[str, str] | None:
        """The ``errorMessage`` option of a GOV.UK field macro (None when the field is fine)."""
        message = self.messages.get(field_id)
        return {"text": message} if message else None


def page(
    template: str,
    *,
    title: str,
    status: int = 200,
    cache: str = FRESH,
    session: FormSession | None = None,
    errors: FieldErrors | None = None,
    **context: Any,
) -> Response[str]:
    """Render ``template`` (which extends layout.html) as a complete HTML answer."""
    settings = site_settings()
    cookies = []
    if session is not None:
        context[CSRF_FIELD] = session.csrf_token
        cookies.append(session_cookie(session))
        cache = PRIVATE
    body = render(
        template,
        title=title,
        errors=errors or FieldErrors(),
        council_name=settings.council_name,
        **context,
    )
    return html(body, status=status, cache=cache, cookies=cookies)


def html(
    body: str, *, status: int = 200, cache: str = FRESH, cookies: list[Cookie] | None = None
) -> Response[str]:
    # An answer that sets a cookie is never stored anywhere: the edge may keep a public page a second.
    headers = {**SECURITY_HEADERS, "Cache-Control": PRIVATE if cookies else cache}
    return Response(status, HTML, body, headers=headers, cookies=cookies or [])


def redirect(location: str, *, session: FormSession | None = None) -> Response[str]:
    """303 See Other to a path of this site: the browser GETs it (POST/redirect/GET)."""
    if not location.startswith("/") or location.startswith("//"):
        raise ValueError("redirects stay on this site: give a path starting with a single /")
    cookies = [session_cookie(session)] if session is not None else []
    headers = {**SECURITY_HEADERS, "Cache-Control": PRIVATE, "Location": location}
    return Response(303, HTML, "", headers=headers, cookies=cookies)


# --- error pages ----------------------------------------------------------------------------------------
def not_found_page() -> Response[str]:
    return page("errors/404.html", title="Page not found", status=404)


def bad_submission_page(form_path: str) -> Response[str]:
    return page(
        "errors/400.html", title="Sorry, there is a problem", status=400, cache=PRIVATE, form_path=form_path
    )


def server_error_page() -> Response[str]:
    return page(
        "errors/500.html", title="Sorry, there is a problem with the service", status=500, cache=PRIVATE
    )


def handle_errors(app: APIGatewayRestResolver, logger: Any) -> None:
    """Answer unknown pages, refused submissions and unexpected errors with GOV.UK pages."""

    @app.not_found
    def _not_found(_: Exception) -> Response[str]:
        return not_found_page()

    @app.exception_handler(BadSubmission)
    def _bad_submission(error: BadSubmission) -> Response[str]:
        logger.info("submission refused", extra={"reason": str(error), "path": app.current_event.path})
        return bad_submission_page(_same_site_path(app.current_event.path))

    @app.exception_handler(Exception)
    def _unexpected(error: Exception) -> Response[str]:
        # The type and where, never the message or the event: either may quote what a resident typed.
        logger.error(
            "unexpected error",
            extra={"error_type": type(error).__qualname__, "stack": _frames(error)},
        )
        try:
            return server_error_page()
        except Exception:  # the page itself failed (a broken template): plain words, still HTML
            return html(
                "<!DOCTYPE html><title>Sorry</title><p>Sorry, there is a problem with the service.",
                status=500,
                cache=PRIVATE,
            )


def _frames(error: BaseException) -> list[str]:
    return [
        f"{frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
    ]


def _same_site_path(path: str) -> str:
    return path if path.startswith("/") and not path.startswith("//") else "/"
