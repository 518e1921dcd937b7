"""Opting out: the link in a message, the page behind it, the one-click unsubscribe, and nothing more
sent afterwards; the state kept on the reporter item, which expires with the resident's details."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.notifications.dynamo import DynamoOptOutStore
from tests.integration.notifications.conftest import Notifying, file_case, staff_update
from tests.integration.web.conftest import visit_with

LINK = re.compile(r"https://frontdoor\.example\.gov\.uk(/opt-out/\S+)")


@pytest.fixture
def site(notifying: Notifying):
    from functions.site.handler import lambda_handler

    return visit_with(lambda_handler)


def opt_out_path(notifying: Notifying) -> str:
    match = LINK.search(notifying.messages()[-1]["body"])
    assert match, "every message carries an opt-out link"
    return match.group(1)


def test_the_link_shows_the_request_and_a_button_to_stop_updates(notifying: Notifying, site):
    reference = file_case()
    notifying.poller.poll_once()

    page = site("GET", opt_out_path(notifying))

    assert page.status == 200
    assert '<h1 class="govuk-heading-l">Stop updates about your request</h1>' in page.body
    assert f"request {reference}" in page.body
    assert '<form method="post" novalidate>' in page.body
    assert page.headers["cache-control"] == "no-store"  # the address carries the link's secret


def test_stopping_updates_redirects_to_the_page_and_nothing_more_is_sent(notifying: Notifying, site):
    reference = file_case()
    notifying.poller.poll_once()
    path = opt_out_path(notifying)

    stopped = site("POST", path, form=[])
    page = site("GET", path)
    staff_update(reference, "fixed", public="Filled in.")
    notifying.poller.poll_once()

    assert (stopped.status, stopped.headers["location"]) == (303, path)
    assert "You will not get any more updates" in page.body
    assert len(notifying.messages()) == 1  # the acknowledgement only


def test_a_mail_programs_one_click_unsubscribe_is_answered_200(notifying: Notifying, site):
    reference = file_case()
    notifying.poller.poll_once()

    answer = site("POST", opt_out_path(notifying), form=[("List-Unsubscribe", "One-Click")])
    staff_update(reference, "fixed", public="Filled in.")
    notifying.poller.poll_once()

    assert answer.status == 200
    assert len(notifying.messages()) == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_made_up_link_finds_nothing_and_says_so_plainly(notifying: Notifying, site, method):
    reference = file_case()
    notifying.poller.poll_once()
    forged = f"/opt-out/{reference}-{'A' * 22}"

    page = site(method, forged, form=[] if method == "POST" else None)

    assert page.status == 404
    assert "This link has expired" in page.body
    staff_update(reference, "fixed", public="Filled in.")
    notifying.poller.poll_once()
    assert len(notifying.messages()) == 2  # the forged link stopped nothing


def test_the_secret_is_made_once_and_kept(notifying: Notifying):
    reference = file_case()
    store, now = DynamoOptOutStore(), datetime.now(UTC)

    first = store.link_secret(reference, "secret-one-0000000000", now)
    again = store.link_secret(reference, "secret-two-0000000000", now)

    assert first == again == "secret-one-0000000000"


def test_an_opt_out_is_kept_with_its_first_time(notifying: Notifying):
    reference = file_case()
    store, now = DynamoOptOutStore(), datetime.now(UTC).replace(microsecond=0)
    secret = store.link_secret(reference, "secret-one-0000000000", now)

    assert store.opt_out(reference, "wrong-secret-00000000", now) is False
    assert store.opt_out(reference, secret, now) is True
    assert store.opt_out(reference, secret, now + timedelta(days=1)) is True
    state = store.state(reference, now)
    assert state is not None and state.opted_out_at == now


def test_past_retention_there_is_no_link_and_nothing_is_brought_back(notifying: Notifying):
    from frontdoor.cases.dynamo import REPORTER_SK, case_pk
    from frontdoor.cases.tables import ReporterItem

    reference = file_case()
    store = DynamoOptOutStore()
    after = datetime.now(UTC) + timedelta(days=366)  # the local retention is 365 days

    assert store.link_secret(reference, "secret-one-0000000000", after) is None
    assert store.state(reference, after) is None
    assert store.opt_out(reference, "secret-one-0000000000", after) is False
    assert ReporterItem.get(case_pk(reference), REPORTER_SK).opt_out_secret is None


def test_a_case_without_a_reporter_gets_no_link(notifying: Notifying):
    from frontdoor.cases.model import Reporter

    reference = file_case(Reporter())

    assert DynamoOptOutStore().link_secret(reference, "secret-one-0000000000", datetime.now(UTC)) is None
