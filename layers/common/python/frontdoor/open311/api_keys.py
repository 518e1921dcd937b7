"""Open311 api_keys: issued per client, stored hashed in SSM Parameter Store, revocable without a deploy.

Each client (FixMyStreet, a partner app) has a SecureString parameter under the configured path
whose value is the SHA-256 of its key. The set of hashes is cached briefly, so a revoked key
stops working within a minute.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

CACHE_SECONDS = 60.0


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode("utf-8")).hexdigest()


class KeyRing:
    def __init__(self, path: str, ssm_client: Callable[[], Any], clock: Callable[[], float] = time.monotonic):
        self._path = path
        self._ssm_client = ssm_client
        self._clock = clock
        self._hashes: frozenset[str] = frozenset()
        self._loaded_at: float | None = None

    def is_valid(self, api_key: str | None) -> bool:
        if not api_key or len(api_key) > 256:
            return False
        presented = hash_key(api_key)
        return any(hmac.compare_digest(presented, known) for known in self._current())

    def _current(self) -> frozenset[str]:
        now = self._clock()
        if self._loaded_at is None or now - self._loaded_at > CACHE_SECONDS:
            self._hashes = self._load()
            self._loaded_at = now
        return self._hashes

    def _load(self) -> frozenset[str]:
        paginator = self._ssm_client().get_paginator("get_parameters_by_path")
        pages = paginator.paginate(Path=self._path, Recursive=False, WithDecryption=True)
        return frozenset(parameter["Value"] for page in pages for parameter in page["Parameters"])
