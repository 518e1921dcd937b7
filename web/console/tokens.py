"""Staff ID tokens, checked on every console request as API Gateway's Cognito authorizer checks them:
signed by the user pool (RS256, a key of its JWKS), issued by it, for the console's app client, an ID
token, unexpired.

The tokens come from Cognito over TLS and are kept server-side only, so this is defence in depth:
nothing but a token the pool signed for this console ever names a member of staff, even if a session
record were tampered with.

RS256 is RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 section 3.3). Verifying needs only the public key,
so it is done here with integers (RFC 8017 section 8.2.2) rather than by shipping a cryptography
library in every console cold start: the signature is raised to the key's exponent and the whole
encoded message compared with the one expected for the token's SHA-256, byte for byte. Nothing of the
decoded message is parsed, which is what keeps PKCS#1 v1.5 verification safe. Tests hold it to
joserfc's verdicts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

# The DER prefix of a SHA-256 DigestInfo (RFC 8017 section 9.2, note 1).
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
MIN_KEY_BITS = 2048
CLOCK_SKEW_S = 0  # tokens are checked where they were issued: no leeway on expiry
REFETCH_AFTER_S = 300  # an unknown key id fetches the keys again, at most this often (key rotation)
FETCH_TIMEOUT_S = 3.0

KeySource = Callable[[], Mapping[str, Any]]


class InvalidToken(Exception):
    """Not a token of this pool for this console. The message says why, never what the token holds."""


class TokenExpired(InvalidToken):
    """A good token whose time is up: the session may refresh it."""


class KeysUnavailable(Exception):
    """The pool's signing keys could not be fetched: nobody's token can be judged just now."""


def rs256_valid(signing_input: bytes, signature: bytes, modulus: int, exponent: int) -> bool:
    """Whether ``signature`` is the RSASSA-PKCS1-v1_5 SHA-256 signature of ``signing_input``."""
    size = (modulus.bit_length() + 7) // 8
    if modulus.bit_length() < MIN_KEY_BITS or len(signature) != size:
        return False
    number = int.from_bytes(signature, "big")
    if number >= modulus:
        return False
    encoded = pow(number, exponent, modulus).to_bytes(size, "big")
    digest = SHA256_DIGEST_INFO + hashlib.sha256(signing_input).digest()
    expected = b"\x00\x01" + b"\xff" * (size - len(digest) - 3) + b"\x00" + digest
    return hmac.compare_digest(encoded, expected)


def _b64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidToken("a part of the token is not base64url") from None


def _json(part: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64url(part))
    except (UnicodeDecodeError, ValueError):
        raise InvalidToken("a part of the token is not JSON") from None
    if not isinstance(value, dict):
        raise InvalidToken("a part of the token is not a JSON object")
    return value


class SigningKeys:
    """The pool's RSA public keys by key id, fetched once and again only for a key id not seen yet."""

    def __init__(self, source: KeySource, clock: Callable[[], float] = time.monotonic) -> None:
        self._source = source
        self._clock = clock
        self._keys: dict[str, tuple[int, int]] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def get(self, key_id: str) -> tuple[int, int] | None:
        """The (modulus, exponent) of ``key_id``, or None if the pool has no such key."""
        with self._lock:
            if key_id not in self._keys and self._may_fetch():
                try:
                    self._keys = _rsa_keys(self._source())
                except (OSError, ValueError) as error:  # network, HTTP error, not JSON
                    raise KeysUnavailable(type(error).__name__) from None
                self._fetched_at = self._clock()
            return self._keys.get(key_id)

    def _may_fetch(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= REFETCH_AFTER_S


def _rsa_keys(jwks: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    keys = {}
    for key in jwks.get("keys", []):
        if not isinstance(key, dict) or key.get("kty") != "RSA" or key.get("use", "sig") != "sig":
            continue
        try:
            modulus = int.from_bytes(_b64url(str(key["n"])), "big")
            exponent = int.from_bytes(_b64url(str(key["e"])), "big")
        except (KeyError, InvalidToken):
            continue
        keys[str(key.get("kid", ""))] = (modulus, exponent)
    return keys


def fetch_jwks(url: str) -> KeySource:
    """A key source that reads the pool's published JWKS over HTTPS (in AWS: Cognito's endpoint)."""

    def fetch() -> Mapping[str, Any]:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as answer:
            return dict(json.loads(answer.read()))

    return fetch


class IdTokenVerifier:
    def __init__(self, issuer: str, client_id: str, keys: SigningKeys) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self.keys = keys

    def claims(self, token: str, now: float | None = None) -> dict[str, Any]:
        """The token's claims if it is good; ``TokenExpired`` if only its time is up; else
        ``InvalidToken``."""
        parts = token.split(".")
        if len(parts) != 3:
            raise InvalidToken("not a signed JWT")
        header, payload = _json(parts[0]), _json(parts[1])
        if header.get("alg") != "RS256":
            raise InvalidToken("not signed with RS256")
        key = self.keys.get(str(header.get("kid", "")))
        if key is None:
            raise InvalidToken("signed with a key the pool does not publish")
        if not rs256_valid(f"{parts[0]}.{parts[1]}".encode("ascii"), _b64url(parts[2]), *key):
            raise InvalidToken("the signature does not match")
        if payload.get("iss") != self.issuer:
            raise InvalidToken("issued by another user pool")
        if payload.get("aud") != self.client_id:
            raise InvalidToken("issued for another app client")
        if payload.get("token_use") != "id":
            raise InvalidToken("not an ID token")
        expires = payload.get("exp")
        if not isinstance(expires, int | float) or isinstance(expires, bool):
            raise InvalidToken("no expiry")
        if expires + CLOCK_SKEW_S <= (time.time() if now is None else now):
            raise TokenExpired("the token has expired")
        return payload
