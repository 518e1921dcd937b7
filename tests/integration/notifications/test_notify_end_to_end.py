"""From the domain to the outbox: a case filed with consent, public updates through the back office,
the cases table's stream, the local poller as the event source mapping, the real notifier."""

from __future__ import annotations

import json
import time
from dataclasses import replace

from frontdoor.cases.model import Reporter
from frontdoor.wiring import case_service
from tests.integration.notifications.conftest import ADA, Notifying, file_case, staff_update


def test_a_resident_who_consented_is_emailed_when_the_case_is_filed_and_when_it_is_fixed(
    notifying: Notifying,
):
    reference = file_case()
    notifying.poller.poll_once()

    staff_update(reference, "fixed", public="We filled it in this morning.")
    notifying.poller.poll_once()

    received, fixed = notifying.messages()
    assert (received["channel"], received["to"]) == ("email", "ada@example.com")
    assert received["subject"] == f"We have received your request (reference {reference})"
    assert f"https://frontdoor.example.gov.uk/track/{reference}" in received["body"]
    assert fixed["subject"] == f"We have dealt with your request (reference {reference})"
    assert "Our update:\nWe filled it in this morning." in fixed["body"]
    opt_out_links = {
        line for m in (received, fixed) for line in m["body"].splitlines() if "/opt-out/" in line
    }
    assert len(opt_out_links) == 1  # one link per request, in every message
    assert opt_out_links.pop().startswith(f"https://frontdoor.example.gov.uk/opt-out/{reference}-")


def test_the_running_poller_delivers_within_two_seconds(notifying: Notifying):
    notifying.poller.poll_interval_s = 0.1
    notifying.poller.start()

    file_case()
    deadline = time.monotonic() + 2
    while not notifying.messages() and time.monotonic() < deadline:
        time.sleep(0.05)

    assert len(notifying.messages()) == 1


def test_an_internal_note_sends_nothing_and_never_reaches_a_message(notifying: Notifying):
    reference = file_case()
    staff_update(reference, internal="Resident was abusive on the phone")
    staff_update(reference, "investigating", public="An inspector will visit this week.")
    notifying.poller.poll_once()

    subjects = [m["subject"] for m in notifying.messages()]
    assert subjects == [
        f"We have received your request (reference {reference})",
        f"We are looking into your request (reference {reference})",
    ]
    assert "abusive" not in json.dumps(notifying.messages())


def test_without_consent_nothing_is_sent(notifying: Notifying):
    reference = file_case(replace(ADA, consent_to_updates=False))
    staff_update(reference, "fixed", public="Filled in.")
    notifying.poller.poll_once()

    assert notifying.messages() == []


def test_an_open311_report_carries_no_consent_and_is_never_told(notifying: Notifying):
    reference = file_case(Reporter(email="resident@example.com"), channel="open311")
    staff_update(reference, "fixed", public="Filled in.")
    notifying.poller.poll_once()

    assert notifying.messages() == []


def test_without_an_email_a_uk_mobile_gets_a_text(notifying: Notifying):
    reference = file_case(Reporter(first_name="Ada", phone="07700 900123", consent_to_updates=True))
    notifying.poller.poll_once()

    (text,) = notifying.messages()
    assert (text["channel"], text["to"]) == ("sms", "+447700900123")
    assert f"Ref {reference}." in text["body"] and "Stop updates: https://" in text["body"]


def test_a_merged_case_tells_its_reporter_which_request_to_follow(notifying: Notifying):
    from frontdoor.backoffice.roles import Actor
    from frontdoor.wiring import back_office

    kept = file_case(replace(ADA, consent_to_updates=False))
    merged = file_case()
    officer = Actor("staff-1", "bo.officer", "staff", frozenset({"back_office"}))
    back_office().merge(officer, merged, kept)
    notifying.poller.poll_once()

    duplicate = notifying.messages()[-1]
    assert duplicate["subject"] == f"Someone had already told us about this (reference {merged})"
    assert (
        f"Follow request {kept} for updates:\nhttps://frontdoor.example.gov.uk/track/{kept}"
        in duplicate["body"]
    )


def test_the_update_is_kept_whatever_becomes_of_the_message(notifying: Notifying, monkeypatch):
    from frontdoor.messaging.outbox import LocalOutbox
    from frontdoor.messaging.ports import EmailNotSent

    def refuse(*args: object, **kwargs: object) -> str:
        raise EmailNotSent("SendingPausedException")

    monkeypatch.setattr(LocalOutbox, "send_email", refuse)
    reference = file_case()
    staff_update(reference, "fixed", public="Filled in.")
    notifying.poller.poll_once()

    assert [u.status for u in case_service().history(reference)] == ["open", "fixed"]
    assert case_service().get(reference).status == "fixed"
    assert notifying.messages() == []
