"""Case references a caller can key in on a phone: digits only, ending in a Damm check digit.

The Damm check digit catches every single mistyped digit and every swap of two adjacent digits,
so the IVR and the website can tell a resident "that reference doesn't look right" before any lookup.
"""

from __future__ import annotations

import secrets
import time

# The totally anti-symmetric quasigroup of order 10 from Damm (2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
BODY_DIGITS = 8
LENGTH = BODY_DIGITS + 1


def check_digit(digits: str) -> str:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][int(digit)]
    return str(interim)


def is_valid(reference: str) -> bool:
    """True for a well-formed reference: LENGTH ASCII digits whose Damm checksum is zero."""
    return (
        len(reference) == LENGTH
        and reference.isascii()
        and reference.isdigit()
        and check_digit(reference) == "0"
    )


def new_reference() -> str:
    """A random reference; the store's conditional write guarantees it is unused."""
    body = str(secrets.randbelow(9 * 10 ** (BODY_DIGITS - 1)) + 10 ** (BODY_DIGITS - 1))  # no leading zero
    return body + check_digit(body)


def sortable_id() -> str:
    """A unique id that sorts in the order ids were made, even within one second (history entries
    and audit records are keyed ``<second>#<id>``): nanoseconds in hex, then randomness."""
    return f"{time.time_ns():016x}{secrets.token_hex(8)}"
