"""Phone numbers as callers give them: UK forms to E.164, and a keyed hash that names a caller.

A caller's number is personal data, so the case store never keys anything by it: items about a
caller sit under an HMAC-SHA256 of the number (salted with a secret from the environment), which
the console shows as hex and nobody can turn back into the number without the salt.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

# What a network or Connect puts where a number would be when the caller hides it.
_WITHHELD = frozenset({"", "anonymous", "withheld", "private", "restricted", "unknown", "unavailable"})
_SEPARATORS = re.compile(r"[\s().\-]")
# A UK national significant number: 9 or 10 digits, never starting with 0.
_UK_NATIONAL = re.compile(r"[1-9][0-9]{8,9}")
_E164 = re.compile(r"\+[1-9][0-9]{7,14}")
# UK mobiles: 071-075 and 077-079 (070 is personal numbering, 076 pagers), and 07624 (Isle of Man).
_UK_MOBILE = re.compile(r"\+44(?:7[1-57-9][0-9]{8}|7624[0-9]{6})")


def normalise_number(raw: str | None) -> str | None:
    """The number in E.164 (+447700900123), or None when withheld, anonymous or not a number.

    UK numbers come in any usual form: 07700 900123, +44 7700 900123, +44 (0)7700 900123,
    0044 7700 900123. Other international numbers are kept as they are, if well formed.
    """
    if raw is None or raw.strip().casefold() in _WITHHELD:
        return None
    compact = _SEPARATORS.sub("", raw.strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+44"):
        national = compact[3:]
        national = national[1:] if national.startswith("0") else national  # +44 (0)7700 ...
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        return compact if _E164.fullmatch(compact) else None
    return "+44" + national if _UK_NATIONAL.fullmatch(national) else None


def can_receive_texts(number: str) -> bool:
    """True for a UK mobile number in E.164: the only numbers the council's texts go to."""
    return bool(_UK_MOBILE.fullmatch(number))


@dataclass(frozen=True)
class CallerKeys:
    """Turns a phone number into the key of its caller's items: the same number, the same key."""

    salt: str

    def for_number(self, raw: str | None) -> str | None:
        """The caller key of a number in any form, or None when there is no usable number."""
        number = normalise_number(raw)
        return self.for_e164(number) if number else None

    def for_e164(self, number: str) -> str:
        return hmac.new(self.salt.encode(), number.encode(), hashlib.sha256).hexdigest()
