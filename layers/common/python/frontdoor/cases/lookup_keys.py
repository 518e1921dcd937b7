"""Email addresses as lookup keys: normalised, then hashed with the stage's secret salt.

Staff find a resident's cases by the email address they gave, so a case filed with one also writes
a link item keyed by an HMAC-SHA256 of the address (never the address), which expires with the
resident's personal data. The salt is the one that keys phone numbers (``contacts.phone``); an
``email:`` prefix keeps the two kinds of key apart.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def normalise_email(raw: str | None) -> str | None:
    """The address as one key for every way of writing it (case, spaces), or None if not one.

    Only what every mail system treats alike is folded: letter case and surrounding spaces. Dots
    and +tags are kept, since only some providers ignore them.
    """
    email = (raw or "").strip().casefold()
    return email if _EMAIL.match(email) and len(email) <= 254 else None


@dataclass(frozen=True)
class EmailKeys:
    salt: str

    def for_email(self, raw: str | None) -> str | None:
        email = normalise_email(raw)
        if email is None:
            return None
        return hmac.new(self.salt.encode(), f"email:{email}".encode(), hashlib.sha256).hexdigest()
