"""Opt-out links: unguessable, tied to the request's contact details, and harmless to use twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdoor.notifications.optout import (
    OptOutLinkNotFound,
    OptOutPage,
    OptOuts,
    new_secret,
    parse_token,
    token_for,
)
from tests.unit.notifications.fakes import ADA, EXPIRES_AT, FILED_AT, REFERENCE, FakeCases, FakeOptOuts

SECRET = "AbCdEfGhIjKlMnOpQrSt-_"


@pytest.fixture
def store() -> FakeOptOuts:
    cases = FakeCases(reporters={REFERENCE: (ADA, EXPIRES_AT)})
    store = FakeOptOuts(cases)
    store.link_secret(REFERENCE, SECRET, FILED_AT)
    return store


def opt_outs(store: FakeOptOuts, days_after_filing: int = 1) -> OptOuts:
    return OptOuts(store, clock=lambda: FILED_AT + timedelta(days=days_after_filing))


def test_secrets_are_128_random_bits_in_22_url_safe_characters():
    secrets = {new_secret() for _ in range(100)}

    assert len(secrets) == 100
    assert all(len(secret) == 22 and parse_token(token_for(REFERENCE, secret)) for secret in secrets)


def test_a_token_is_the_reference_and_the_secret():
    assert token_for(REFERENCE, SECRET) == f"{REFERENCE}-{SECRET}"
    assert parse_token(f"{REFERENCE}-{SECRET}") == (REFERENCE, SECRET)


@pytest.mark.parametrize(
    "token",
    [
        f"482019372-{SECRET}",  # the reference's check digit is wrong
        f"{REFERENCE}-{SECRET[:-1]}",
        f"{REFERENCE}-{SECRET}x",
        f"{REFERENCE}{SECRET}",
        f"{REFERENCE}-{SECRET[:-1]}/",
        "",
    ],
)
def test_anything_else_is_not_a_token(token):
    assert parse_token(token) is None


def test_following_the_link_shows_the_request_still_sending_updates(store):
    assert opt_outs(store).find(token_for(REFERENCE, SECRET)) == OptOutPage(REFERENCE, opted_out=False)


def test_confirming_stops_updates_and_doing_it_again_is_harmless(store):
    service = opt_outs(store)

    assert service.opt_out(token_for(REFERENCE, SECRET)) == OptOutPage(REFERENCE, opted_out=True)
    first = store.opted_out[REFERENCE]
    assert opt_outs(store, days_after_filing=5).opt_out(token_for(REFERENCE, SECRET)).opted_out
    assert store.opted_out[REFERENCE] == first  # the first opt-out is the one kept
    assert service.find(token_for(REFERENCE, SECRET)) == OptOutPage(REFERENCE, opted_out=True)


def test_a_wrong_secret_finds_nothing_and_changes_nothing(store):
    wrong = token_for(REFERENCE, "x" * 22)

    with pytest.raises(OptOutLinkNotFound):
        opt_outs(store).find(wrong)
    with pytest.raises(OptOutLinkNotFound):
        opt_outs(store).opt_out(wrong)
    assert store.opted_out == {}


def test_a_request_that_never_sent_a_message_has_no_link(store):
    store.secrets.clear()

    with pytest.raises(OptOutLinkNotFound):
        opt_outs(store).opt_out(token_for(REFERENCE, SECRET))


def test_the_link_stops_working_when_the_contact_details_expire(store):
    after_retention = (EXPIRES_AT - FILED_AT).days + 1

    with pytest.raises(OptOutLinkNotFound):
        opt_outs(store, days_after_filing=after_retention).find(token_for(REFERENCE, SECRET))


def test_the_refusal_never_echoes_the_link(store):
    with pytest.raises(OptOutLinkNotFound) as raised:
        opt_outs(store).find("not-a-token<script>")

    assert "script" not in str(raised.value)
    assert str(raised.value) == "This link to stop updates is not valid, or has expired."
