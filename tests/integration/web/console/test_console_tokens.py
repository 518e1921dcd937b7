"""The console's ID token check (web/console/tokens.py): its RS256 verdicts are joserfc's, and it takes
only a token of this pool, for this console, as an ID token, unexpired. No AWS needed."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from tests.integration.web.console.console_browser import moto_jwks, moto_private_key
from web.console.tokens import (
    IdTokenVerifier,
    InvalidToken,
    KeysUnavailable,
    SigningKeys,
    TokenExpired,
    rs256_valid,
)

ISSUER = "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_AbCdEf123"
CLIENT = "console-client-id"


def _claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "sub": "6f1c2a34-0000-4000-8000-000000000001",
        "iss": ISSUER,
        "aud": CLIENT,
        "token_use": "id",
        "cognito:username": "backoffice",
        "cognito:groups": ["back_office"],
        "exp": int(time.time()) + 600,
    }
    claims.update(changes)
    return claims


def _token(key: Any = None, kid: str = "dummy", alg: str = "RS256", **changes: Any) -> str:
    return jwt.encode({"alg": alg, "kid": kid}, _claims(**changes), key or moto_private_key())


def _verifier(jwks: Any = moto_jwks) -> IdTokenVerifier:
    return IdTokenVerifier(ISSUER, CLIENT, SigningKeys(jwks))


def _parts(token: str) -> tuple[bytes, bytes, int, int]:
    header, payload, signature = token.split(".")
    key = moto_jwks()["keys"][0]
    n = int.from_bytes(base64.urlsafe_b64decode(key["n"] + "=" * (-len(key["n"]) % 4)), "big")
    e = int.from_bytes(base64.urlsafe_b64decode(key["e"] + "=" * (-len(key["e"]) % 4)), "big")
    return (
        f"{header}.{payload}".encode(),
        base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)),
        n,
        e,
    )


def test_a_signature_joserfc_makes_is_valid_and_any_change_breaks_it():
    signed, signature, n, e = _parts(_token())
    keys = KeySet.import_key_set(moto_jwks())  # type: ignore[arg-type]
    assert jwt.decode(_token(), keys)  # joserfc agrees the token is good
    assert rs256_valid(signed, signature, n, e)
    assert not rs256_valid(signed + b"x", signature, n, e)
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    assert not rs256_valid(signed, flipped, n, e)
    assert not rs256_valid(signed, signature[:-1], n, e)  # the wrong length
    assert not rs256_valid(signed, (n + 1).to_bytes(len(signature) + 1, "big")[1:], n, e)  # not below n


@pytest.mark.filterwarnings("ignore:Key size should be")
def test_a_key_of_fewer_than_2048_bits_is_never_trusted():
    small = RSAKey.generate_key(1024)
    token = jwt.encode({"alg": "RS256", "kid": "small"}, _claims(), small)
    assert jwt.decode(token, small)  # a good signature: only the key's size refuses it
    public = small.as_dict(private=False)
    header, payload, signature = token.split(".")
    n = int.from_bytes(base64.urlsafe_b64decode(public["n"] + "=="), "big")
    raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    assert not rs256_valid(f"{header}.{payload}".encode(), raw, n, 65537)


def test_a_good_token_gives_its_claims():
    claims = _verifier().claims(_token())
    assert claims["cognito:username"] == "backoffice" and claims["cognito:groups"] == ["back_office"]


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        (
            {"iss": "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Other"},
            "issued by another user pool",
        ),
        ({"aud": "another-client"}, "issued for another app client"),
        ({"token_use": "access"}, "not an ID token"),
        ({"exp": None}, "no expiry"),
        ({"exp": True}, "no expiry"),
    ],
)
def test_a_token_not_for_this_console_is_refused(changes: dict[str, Any], why: str):
    with pytest.raises(InvalidToken, match=why) as refused:
        _verifier().claims(_token(**changes))
    assert not isinstance(refused.value, TokenExpired)


def test_an_expired_token_is_told_apart_so_the_session_can_refresh_it():
    with pytest.raises(TokenExpired):
        _verifier().claims(_token(exp=int(time.time()) - 1))


def test_another_keys_signature_an_unsigned_token_and_a_symmetric_one_are_refused():
    other = RSAKey.generate_key(2048)
    with pytest.raises(InvalidToken, match="signature does not match"):
        _verifier().claims(_token(key=other))  # the pool's key id, someone else's key
    with pytest.raises(InvalidToken, match="a key the pool does not publish"):
        _verifier().claims(_token(key=other, kid="their-own"))
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none"}).encode()).decode().rstrip("=")
    body = base64.urlsafe_b64encode(json.dumps(_claims()).encode()).decode().rstrip("=")
    with pytest.raises(InvalidToken, match="not signed with RS256"):
        _verifier().claims(f"{header}.{body}.")
    hs = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "kid": "dummy"}).encode()).decode().rstrip("=")
    with pytest.raises(InvalidToken, match="not signed with RS256"):
        _verifier().claims(f"{hs}.{body}.c2lnbmF0dXJl")


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c.d", "!!!.e30.sig", "e30.e30.%%%", "W10.e30.sig"])
def test_what_is_not_a_jwt_is_refused_without_an_error_of_its_own(token: str):
    with pytest.raises(InvalidToken):
        _verifier().claims(token)


def test_the_keys_are_fetched_once_and_again_only_for_a_new_key_id_at_most_every_five_minutes():
    fetched: list[float] = []
    clock = {"now": 1000.0}

    def jwks() -> dict[str, Any]:
        fetched.append(clock["now"])
        return moto_jwks()

    keys = SigningKeys(jwks, clock=lambda: clock["now"])
    verifier = IdTokenVerifier(ISSUER, CLIENT, keys)
    verifier.claims(_token())
    verifier.claims(_token())
    assert fetched == [1000.0]
    for kid in ("rotated-1", "rotated-2"):  # unknown ids within five minutes: no new fetch
        with pytest.raises(InvalidToken):
            verifier.claims(_token(kid=kid))
    assert fetched == [1000.0]
    clock["now"] += 301
    with pytest.raises(InvalidToken):
        verifier.claims(_token(kid="rotated-3"))
    assert fetched == [1000.0, 1301.0]


def test_keys_that_cannot_be_fetched_are_unavailable_and_fetched_again_next_time():
    calls = []

    def unreachable() -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("connection refused")
        return moto_jwks()

    verifier = IdTokenVerifier(ISSUER, CLIENT, SigningKeys(unreachable))
    with pytest.raises(KeysUnavailable):
        verifier.claims(_token())
    assert verifier.claims(_token())["token_use"] == "id"  # the next request tries again
