"""The site's own settings, beside the functions' shared ones (``frontdoor.settings``).

Names are constants shared by infra (which sets them), the local runtime and tests.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from frontdoor.settings import settings

# The council's main number in E.164 (in AWS: the number Amazon Connect claimed for the main line).
MAIN_PHONE_NUMBER = "COUNCIL_MAIN_PHONE_NUMBER"
_E164_UK = re.compile(r"^\+44[1-9]\d{8,9}$")


@dataclass(frozen=True)
class SiteSettings:
    council_name: str
    contact_email: str
    main_phone: str | None  # E.164, or None when the council has no line configured

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SiteSettings:
        env = dict(os.environ) if env is None else env
        shared = settings()
        phone = (env.get(MAIN_PHONE_NUMBER) or "").strip() or None
        if phone is not None and not _E164_UK.match(phone):
            raise ValueError(f"{MAIN_PHONE_NUMBER}: {phone!r} is not a UK number in E.164 (+44...)")
        return cls(council_name=shared.council_name, contact_email=shared.contact_email, main_phone=phone)


@lru_cache(maxsize=1)
def site_settings() -> SiteSettings:
    return SiteSettings.from_env()
