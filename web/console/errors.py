"""What the console answers when a route does not: each kind of refusal mapped once to its page.

- no signed-in member of staff: 303 to the sign-in page (and back to the page asked for after);
- a role that may not do what was asked (the back office's ``NotAllowed``, also for a forged POST of
  a control the page never showed): 403;
- a POST without the session's CSRF token: 400; an unknown page or case: 404;
- a change that crossed another member of staff's: 409, with the way back to the case;
- Cognito or the case store not answering, a setting missing: 503; anything else: 500.

Logs name the kind and where, never a message or the event (either may quote a resident or a token).
"""

from __future__ import annotations

import traceback
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from frontdoor.backoffice.errors import BackOfficeError, NotAllowed, NotSignedIn, Unavailable
from frontdoor.cases.errors import CaseChanged, CaseNotFound
from frontdoor.contacts.links import NotConfigured
from web.console import access
from web.console.access import SignInNeeded, current_staff
from web.console.cognito import SignInRefused
from web.console.pages import (
    bad_submission_page,
    conflict_page,
    forbidden_page,
    not_found_page,
    see_other,
    server_error_page,
    unavailable_page,
)
from web.console.tokens import KeysUnavailable
from web.forms import BadSubmission
from web.responses import PRIVATE, html


def handle_errors(app: APIGatewayRestResolver, logger: Any) -> None:
    def fresh_request(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
        access.forget_staff()
        return next_middleware(app)

    app.use(middlewares=[fresh_request])

    @app.not_found
    def _not_found(_: Exception) -> Response[str]:
        try:  # the member of staff's navigation on the page, if they are signed in
            staff = access.signed_in(app.current_event)
        except (SignInNeeded, SignInRefused, KeysUnavailable):
            staff = None
        return not_found_page(staff)

    @app.exception_handler(SignInNeeded)
    def _sign_in(error: SignInNeeded) -> Response[str]:
        return see_other(error.location)

    @app.exception_handler(NotSignedIn)
    def _not_signed_in(_: NotSignedIn) -> Response[str]:
        return see_other(access.SIGN_IN)

    @app.exception_handler(NotAllowed)
    def _forbidden(error: NotAllowed) -> Response[str]:
        logger.info("refused by role", extra={"path": _path(app)})
        return forbidden_page(current_staff(), error.message)

    @app.exception_handler(BadSubmission)
    def _bad_submission(error: BadSubmission) -> Response[str]:
        logger.info("submission refused", extra={"reason": str(error), "path": _path(app)})
        return bad_submission_page(current_staff())

    @app.exception_handler(CaseNotFound)
    def _no_case(_: CaseNotFound) -> Response[str]:
        return not_found_page(current_staff(), "There is no case with that reference.")

    @app.exception_handler(CaseChanged)
    def _crossed(_: CaseChanged) -> Response[str]:
        return conflict_page(current_staff(), _case_path(app))

    @app.exception_handler(Unavailable)
    def _unavailable(error: Unavailable) -> Response[str]:
        logger.warning("not available on this stage", extra={"code": error.code})
        return unavailable_page(current_staff())

    @app.exception_handler(BackOfficeError)
    def _refused(error: BackOfficeError) -> Response[str]:
        # Routes show the domain's refusals on their forms; one that gets here is a bad request.
        logger.info("back office refused", extra={"code": error.code, "path": _path(app)})
        return not_found_page(current_staff())

    @app.exception_handler(SignInRefused)
    def _cognito_down(error: SignInRefused) -> Response[str]:
        return unavailable_page(current_staff())

    _handle_faults(app, logger)


def _handle_faults(app: APIGatewayRestResolver, logger: Any) -> None:
    """What no route could help: settings missing, AWS not answering, bugs."""

    @app.exception_handler(KeysUnavailable)
    def _no_keys(error: KeysUnavailable) -> Response[str]:
        logger.warning("the user pool's signing keys are unavailable", extra={"error_type": str(error)})
        return unavailable_page()

    @app.exception_handler(NotConfigured)
    def _not_configured(error: NotConfigured) -> Response[str]:
        logger.error("not configured", extra={"variable": error.code})
        return unavailable_page()

    @app.exception_handler(Exception)
    def _unexpected(error: Exception) -> Response[str]:
        transient = {"ClientError", "ConnectTimeoutError", "ReadTimeoutError", "EndpointConnectionError"}
        names = {kind.__name__ for kind in type(error).__mro__}
        if names & transient or any(name.endswith("Error") and "PynamoDB" in name for name in names):
            logger.warning("AWS call failed", extra={"error_type": type(error).__name__})
            return unavailable_page(current_staff())
        logger.error(
            "unexpected error", extra={"error_type": type(error).__qualname__, "stack": _frames(error)}
        )
        try:
            return server_error_page()
        except Exception:  # the page itself failed: plain words, still HTML
            return html(
                "<!DOCTYPE html><title>Sorry</title><p>Sorry, there is a problem with the service.",
                status=500,
                cache=PRIVATE,
            )


def _path(app: APIGatewayRestResolver) -> str:
    return str(app.current_event.path)


def _case_path(app: APIGatewayRestResolver) -> str:
    """The case page a change was made from (/console/cases/<reference>/...), else the search."""
    parts = _path(app).split("/")
    if len(parts) >= 4 and parts[1:3] == ["console", "cases"] and parts[3].isdigit():
        return f"/console/cases/{parts[3]}"
    return access.HOME


def _frames(error: BaseException) -> list[str]:
    return [
        f"{frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
    ]
