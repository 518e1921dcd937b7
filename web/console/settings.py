"""The staff console's own settings: which user pool and app client it signs staff in with, and how
long a sign-in lasts.

Names are constants shared by infra (which sets them), the local runtime and tests. The pool and the
client are the back office's (``frontdoor.settings``); they are read when the console first needs
them, not at import, because ``make run`` creates its user pool after the functions' settings exist.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from frontdoor.contacts.links import NotConfigured
from frontdoor.settings import STAFF_CLIENT_ID, STAFF_USER_POOL_ID, Settings

# A sign-in ends after this long without a request (the ID token's lifetime, so a token is
# refreshed at most once between two requests) ...
IDLE_MINUTES = "CONSOLE_IDLE_MINUTES"
# ... and in any case this long after it began (the refresh token's lifetime: a working day).
SESSION_HOURS = "CONSOLE_SESSION_HOURS"
DEFAULT_IDLE = timedelta(minutes=60)
DEFAULT_LONGEST = timedelta(hours=10)


@dataclass(frozen=True)
class ConsoleSettings:
    user_pool_id: str  # "eu-west-2_AbCdEf123"
    client_id: str
    idle: timedelta = DEFAULT_IDLE
    longest: timedelta = DEFAULT_LONGEST

    @property
    def region(self) -> str:
        return self.user_pool_id.split("_", 1)[0]

    @property
    def issuer(self) -> str:
        """The ``iss`` of the pool's tokens (and where its signing keys are published)."""
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        """The pool's public signing keys. Where AWS is emulated (``make run``: botocore pointed at
        moto by AWS_ENDPOINT_URL), the emulator serves them under the same path."""
        endpoint = os.environ.get("AWS_ENDPOINT_URL", "").rstrip("/")
        base = f"{endpoint}/{self.user_pool_id}" if endpoint else self.issuer
        return f"{base}/.well-known/jwks.json"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ConsoleSettings:
        env = dict(os.environ) if env is None else env
        shared = Settings.from_env(env)  # checks the pool and client ids' shapes
        if not shared.staff_user_pool_id:
            raise NotConfigured(STAFF_USER_POOL_ID)
        if not shared.staff_client_id:
            raise NotConfigured(STAFF_CLIENT_ID)
        return cls(
            user_pool_id=shared.staff_user_pool_id,
            client_id=shared.staff_client_id,
            idle=timedelta(minutes=_whole(env, IDLE_MINUTES, DEFAULT_IDLE.total_seconds() // 60, 5, 1440)),
            longest=timedelta(
                hours=_whole(env, SESSION_HOURS, DEFAULT_LONGEST.total_seconds() // 3600, 1, 720)
            ),
        )


def _whole(env: dict[str, str], name: str, default: float, least: int, most: int) -> int:
    text = (env.get(name) or "").strip()
    if not text:
        return int(default)
    if not text.isdigit() or not least <= int(text) <= most:
        raise ValueError(f"{name}: {text!r} is not a whole number from {least} to {most}")
    return int(text)


@lru_cache(maxsize=1)
def console_settings() -> ConsoleSettings:
    return ConsoleSettings.from_env()
