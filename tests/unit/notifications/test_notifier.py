"""The notifier: one public update in, at most one message out, to the right resident, or none."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from frontdoor.catalogue import default_catalogue
from frontdoor.contacts.links import Links
from frontdoor.messaging.ports import EmailNotSent, TextNotSent
from frontdoor.notifications.service import Notifier, Outcome
from tests.unit.notifications.fakes import (
    ADA,
    EXPIRES_AT,
    FILED_AT,
    REFERENCE,
    FakeCases,
    FakeEmails,
    FakeOptOuts,
    FakeTexts,
    first_update,
    later_update,
    pothole_case,
)

SECRET = "AbCdEfGhIjKlMnOpQrStUv"
SITE = "https://frontdoor.example.gov.uk"
OPT_OUT = f"{SITE}/opt-out/{REFERENCE}-{SECRET}"


@dataclass
class World:
    cases: FakeCases
    opt_outs: FakeOptOuts
    emails: FakeEmails
    texts: FakeTexts
    notifier: Notifier


@pytest.fixture
def world() -> World:
    cases = FakeCases(cases={REFERENCE: pothole_case()}, reporters={REFERENCE: (ADA, EXPIRES_AT)})
    opt_outs, emails, texts = FakeOptOuts(cases), FakeEmails(), FakeTexts()
    notifier = Notifier(
        cases=cases,
        catalogue=default_catalogue(),
        opt_outs=opt_outs,
        links=Links(SITE, None),
        council_name="Example Borough Council",
        emails=lambda: emails,
        texts=lambda: texts,
        clock=lambda: FILED_AT + timedelta(minutes=1),
        new_secret=lambda: SECRET,
    )
    return World(cases, opt_outs, emails, texts, notifier)


def reporter_is(world: World, **changes: object) -> None:
    world.cases.reporters[REFERENCE] = (replace(ADA, **changes), EXPIRES_AT)  # type: ignore[arg-type]


def test_a_new_case_is_acknowledged_by_email_with_the_reference_and_links(world):
    outcome = world.notifier.notify(first_update())

    assert outcome == Outcome("u-first", REFERENCE, "sent", "email", "received")
    (email,) = world.emails.sent
    assert email.to == "ada@example.com"
    assert email.subject == f"We have received your request (reference {REFERENCE})"
    assert email.body.startswith("Hello Ada,\n\nWe have received your request.")
    assert "Request: Report a pothole" in email.body
    assert f"{SITE}/track/{REFERENCE}" in email.body
    assert email.body.rstrip().endswith(OPT_OUT)
    assert email.unsubscribe_url == OPT_OUT
    assert world.texts.sent == []


def test_a_public_update_sends_its_note(world):
    world.notifier.notify(later_update("action_scheduled", "A crew will fill it in on Thursday."))

    (email,) = world.emails.sent
    assert email.subject.startswith("Work on your request has been booked")
    assert "Our update:\nA crew will fill it in on Thursday." in email.body


def test_an_internal_note_is_never_sent(world):
    update = later_update(
        "in_progress", "Work has started.", internal_note="Resident was abusive on the phone"
    )

    world.notifier.notify(update)

    assert "abusive" not in world.emails.sent[0].body
    assert "abusive" not in world.emails.sent[0].subject


def test_a_merged_case_tells_the_resident_which_request_to_follow(world):
    world.cases.cases[REFERENCE] = pothole_case(status="duplicate", duplicate_of="100000006")

    outcome = world.notifier.notify(later_update("duplicate", "Already reported by a neighbour."))

    assert outcome.situation == "duplicate"
    assert f"Follow request 100000006 for updates:\n{SITE}/track/100000006" in world.emails.sent[0].body


def test_without_an_email_a_uk_mobile_gets_a_text(world):
    reporter_is(world, email=None, phone="07700 900123")

    outcome = world.notifier.notify(later_update("fixed", "Filled in today."))

    assert (outcome.result, outcome.channel) == ("sent", "sms")
    ((to, body),) = world.texts.sent
    assert to == "+447700900123"
    assert body.startswith("Example Borough Council: we have dealt with your request.")
    assert f"Stop updates: {OPT_OUT}" in body
    assert world.emails.sent == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"consent_to_updates": False}, "no_consent"),
        ({"opted_out_at": FILED_AT}, "opted_out"),
        ({"email": None, "phone": "01632 960001"}, "no_email_or_mobile"),
    ],
)
def test_nobody_is_told_without_consent_after_opting_out_or_without_an_address(world, changes, reason):
    reporter_is(world, **changes)

    outcome = world.notifier.notify(later_update("fixed"))

    assert (outcome.result, outcome.reason) == ("not_told", reason)
    assert world.emails.sent == world.texts.sent == []
    assert world.opt_outs.secrets == {}  # no link is made for a message never sent


def test_a_report_without_contact_details_or_past_retention_tells_nobody(world):
    del world.cases.reporters[REFERENCE]

    assert world.notifier.notify(first_update()).reason == "no_contact_details"


def test_once_opted_out_through_the_link_nothing_more_is_sent(world):
    world.notifier.notify(first_update())
    assert world.opt_outs.opt_out(REFERENCE, SECRET, FILED_AT + timedelta(hours=1))

    outcome = world.notifier.notify(later_update("fixed"))

    assert outcome.reason == "opted_out"
    assert len(world.emails.sent) == 1


def test_every_message_about_a_case_carries_the_same_opt_out_link(world):
    world.notifier.notify(first_update())
    world.notifier.new_secret = lambda: "another-secret-000000"
    world.notifier.notify(later_update("fixed"))

    assert [email.unsubscribe_url for email in world.emails.sent] == [OPT_OUT, OPT_OUT]


def test_a_stage_without_texts_tells_a_mobile_only_resident_nothing_and_says_why(world):
    reporter_is(world, email=None)
    world.notifier.texts = None

    outcome = world.notifier.notify(later_update("fixed"))

    assert (outcome.result, outcome.channel, outcome.reason) == ("not_told", "sms", "sms_not_configured")


@pytest.mark.parametrize("code", ["TooManyRequestsException", "SendingPausedException", "ReadTimeoutError"])
def test_a_send_that_may_work_later_raises_so_the_record_is_retried(world, code):
    world.emails.failing_with = code

    with pytest.raises(EmailNotSent) as raised:
        world.notifier.notify(later_update("fixed"))

    assert raised.value.code == code


def test_an_address_that_can_never_be_sent_to_is_an_outcome_not_a_retry(world):
    world.emails.failing_with = "BadRequestException"

    outcome = world.notifier.notify(later_update("fixed"))

    assert (outcome.result, outcome.reason) == ("undeliverable", "BadRequestException")


def test_a_number_that_replied_stop_is_undeliverable(world):
    reporter_is(world, email=None)
    world.texts.failing_with = "ConflictException"

    assert world.notifier.notify(later_update("fixed")).result == "undeliverable"


def test_a_failed_text_that_may_work_later_raises(world):
    reporter_is(world, email=None)
    world.texts.failing_with = "ThrottlingException"

    with pytest.raises(TextNotSent):
        world.notifier.notify(later_update("fixed"))


def test_the_outcome_holds_codes_and_references_only(world):
    outcome = world.notifier.notify(later_update("fixed", "Filled in today."))

    assert outcome.as_dict() == {
        "update_id": "u-later",
        "reference": REFERENCE,
        "result": "sent",
        "channel": "email",
        "situation": "fixed",
    }
