"""Who is told: only residents who gave contact details and consent, until they opt out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from frontdoor.notifications.rules import NotTold, Recipient, recipient_for
from tests.unit.notifications.fakes import ADA


def test_a_resident_with_an_email_and_consent_is_emailed_even_with_a_phone_number():
    assert recipient_for(ADA) == Recipient("email", "ada@example.com", "Ada")


def test_without_an_email_a_uk_mobile_gets_a_text_in_e164():
    reporter = replace(ADA, email=None, phone="07700 900123")

    assert recipient_for(reporter) == Recipient("sms", "+447700900123", "Ada")


@pytest.mark.parametrize("phone", ["01632 960001", "+33 6 12 34 56 78", "withheld", None])
def test_a_landline_a_foreign_or_no_number_gets_nothing_without_an_email(phone):
    assert recipient_for(replace(ADA, email=None, phone=phone)) == NotTold("no_email_or_mobile")


def test_no_consent_no_message():
    assert recipient_for(replace(ADA, consent_to_updates=False)) == NotTold("no_consent")


def test_opted_out_residents_get_nothing_further():
    opted_out = replace(ADA, opted_out_at=datetime(2026, 3, 3, tzinfo=UTC))

    assert recipient_for(opted_out) == NotTold("opted_out")


def test_no_reporter_or_one_past_retention_gets_nothing():
    assert recipient_for(None) == NotTold("no_contact_details")
