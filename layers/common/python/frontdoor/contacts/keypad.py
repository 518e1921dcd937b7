"""What a caller keys on the phone, as the functions receive it from the flow."""

from __future__ import annotations

import re

# Callers end an entry with # (or press * to start again); Connect may keep either, or spaces.
_NOT_KEYED = re.compile(r"[#*\s]")


def keyed_digits(raw: str | None) -> str:
    """The caller's entry without the keys that only end or frame it: '1234 5678 9#' -> '123456789'.

    The result is not checked: it may still hold anything the flow passed on, so callers of this
    function check it is digits (``str.isdigit`` and ``isascii``) before using it.
    """
    return _NOT_KEYED.sub("", raw or "")


def is_digits(text: str, length: int | None = None) -> bool:
    return text.isascii() and text.isdigit() and (length is None or len(text) == length)
