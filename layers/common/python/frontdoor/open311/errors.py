"""Open311 errors: a list of {code, description} with status 400, 403, 404 (and 409, 500)."""

from __future__ import annotations

from typing import Any

from .formats import Format, render


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class BadRequest(Open311Error):
    def __init__(self, description: str) -> None:
        super().__init__(400, description)


class Forbidden(Open311Error):
    def __init__(self, description: str = "api_key is missing or not valid.") -> None:
        super().__init__(403, description)


class NotFound(Open311Error):
    def __init__(self, description: str) -> None:
        super().__init__(404, description)


def render_errors(fmt: Format, status: int, descriptions: list[str]) -> str:
    """The spec's error body, the one way every error of the API is written."""
    errors: list[dict[str, Any]] = [{"code": status, "description": text} for text in descriptions]
    return render(fmt, "errors", errors)
