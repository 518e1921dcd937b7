"""What residents read: plain English per situation, always the reference, the links and the note."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import get_args

import pytest

from frontdoor.notifications.templates import (
    WORDING,
    MessageFacts,
    Situation,
    email_for,
    public_note,
    situation_of,
    text_for,
)
from tests.unit.notifications.fakes import first_update, later_update, pothole_case

SITUATIONS: tuple[Situation, ...] = get_args(Situation)
TRACK = "https://frontdoor.example.gov.uk/track/482019371"
OPT_OUT = "https://frontdoor.example.gov.uk/opt-out/482019371-AbCdEfGhIjKlMnOpQrStUv"
# Words of the back office, not of residents.
JARGON = re.compile(r"\b(duplicate|status|internal|referral|escalat\w*|ticket|open311|case)\b", re.IGNORECASE)
URL = re.compile(r"https?://\S+")


def facts(situation: Situation, **changes: object) -> MessageFacts:
    values: dict[str, object] = {
        "council_name": "Example Borough Council",
        "situation": situation,
        "reference": "482019371",
        "track_url": TRACK,
        "opt_out_url": OPT_OUT,
        "service_name": "Report a pothole",
        **changes,
    }
    return MessageFacts(**values)  # type: ignore[arg-type]


def words_of(text: str) -> str:
    return URL.sub("", text)


def test_every_situation_has_its_own_wording():
    assert set(WORDING) == set(SITUATIONS)
    assert len({w.headline for w in WORDING.values()}) == len(SITUATIONS)
    assert len({w.lead for w in WORDING.values()}) == len(SITUATIONS)


@pytest.mark.parametrize("situation", SITUATIONS)
def test_an_email_names_the_request_and_its_reference_and_links_to_track_and_to_stop(situation):
    email = email_for(facts(situation, note="We will fill it in on Thursday."))

    assert email.subject.endswith(" (reference 482019371)")
    assert "Request: Report a pothole\nReference: 482019371" in email.body
    assert f"Track your request:\n{TRACK}" in email.body
    assert email.body.rstrip().endswith(OPT_OUT)
    assert "Our update:\nWe will fill it in on Thursday." in email.body
    assert "Example Borough Council" in email.body


@pytest.mark.parametrize("situation", SITUATIONS)
def test_a_text_carries_the_same_reference_note_and_links(situation):
    text = text_for(facts(situation, note="We will fill it in on Thursday."))

    assert text.startswith("Example Borough Council: ")
    assert "Ref 482019371." in text
    assert "Update: We will fill it in on Thursday." in text
    assert f"Track it: {TRACK}" in text
    assert text.endswith(f"Stop updates: {OPT_OUT}")


@pytest.mark.parametrize("situation", SITUATIONS)
def test_messages_are_plain_english(situation):
    email, text = email_for(facts(situation)), text_for(facts(situation))

    for message in (email.subject, words_of(email.body), words_of(text)):
        assert not JARGON.search(message), message
        assert "_" not in message  # no status codes such as in_progress
        sentences = [s for s in re.split(r"[.!?:\n]", message) if s.strip()]
        assert max(len(s.split()) for s in sentences) <= 25


def test_a_duplicate_says_which_request_to_follow_and_links_to_it():
    follow = "https://frontdoor.example.gov.uk/track/100000006"
    chosen = facts("duplicate", follow_reference="100000006", follow_url=follow)

    assert f"Follow request 100000006 for updates:\n{follow}" in email_for(chosen).body
    assert f"Follow ref 100000006: {follow}" in text_for(chosen)


def test_a_new_request_says_by_when_the_council_aims_to_deal_with_it_on_the_councils_clock():
    # 23:30 UTC on Sunday 29 March 2026 is already Monday in London (BST).
    email = email_for(facts("received", expected_at=datetime(2026, 3, 29, 23, 30, tzinfo=UTC)))

    assert "We aim to deal with it by Monday 30 March 2026." in email.body


def test_a_later_update_says_nothing_of_the_first_promise():
    email = email_for(facts("fixed", expected_at=datetime(2026, 3, 6, 9, 30, tzinfo=UTC)))

    assert "We aim to" not in email.body


def test_without_a_first_name_or_service_the_email_still_reads_well():
    email = email_for(facts("investigating", service_name=None, first_name=None))

    assert email.body.startswith("Hello,\n\nWe are looking into your request.")
    assert "Request:" not in email.body
    assert "Reference: 482019371" in email.body


def test_the_email_greets_the_resident_by_first_name():
    assert email_for(facts("fixed", first_name="Ada")).body.startswith("Hello Ada,\n\n")


def test_a_long_note_is_shortened_in_a_text_without_making_it_unicode():
    note = "The road surface needs a full resurfacing " * 10
    text = text_for(facts("action_scheduled", note=note))

    shortened = text.split("Update: ", 1)[1].split(" Track it:", 1)[0]
    assert len(shortened) == 140
    assert shortened.endswith("...")
    assert text.isascii()


def test_a_case_starts_received_or_waiting_for_payment_and_later_updates_are_their_status():
    case = pothole_case()

    assert situation_of(first_update(), case) == "received"
    assert situation_of(first_update(description="Awaiting payment"), case) == "awaiting_payment"
    assert situation_of(later_update("in_progress"), case) == "in_progress"
    assert situation_of(later_update("fixed"), case) == "fixed"
    assert situation_of(later_update("open"), case) == "reopened"


def test_notes_that_only_restate_the_situation_are_not_repeated_as_an_update():
    assert public_note(first_update()) is None
    assert public_note(first_update(description="Awaiting payment")) is None
    assert public_note(later_update("investigating", "We are looking into this.")) is None  # staff's default
    assert public_note(later_update("fixed", "  ")) is None
    assert public_note(later_update("fixed", " Filled in today. ")) == "Filled in today."
