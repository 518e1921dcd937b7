"""Errors raised by the service catalogue.

They are deliberately unrelated: a ``CatalogueError`` means the council's configuration is
broken (an operator must fix ``services.yaml``), while an ``InvalidAnswer`` means a resident or
API client sent a bad form answer and can be told so.
"""


class CatalogueError(Exception):
    """The service catalogue could not be read or is not valid."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAnswer(ValueError):
    """An answer to a service's question (an Open311 attribute) was not acceptable.

    ``message`` is plain English, names the attribute's code and never repeats the submitted
    value (it may be personal data), so it is safe to return to the resident or API client.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
