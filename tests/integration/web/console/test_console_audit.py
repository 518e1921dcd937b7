"""The audit in the console on moto: supervisors and admins list a case's records and one member of
staff's, each naming who, when, what and which fields, never a resident's words; other roles get 403."""

from __future__ import annotations

import html
import re

import pytest

from tests.integration.web.console.console_browser import ConsoleBrowser, errors_of, title_of


def test_a_supervisor_reads_a_cases_audit_and_follows_a_name_to_their_actions(console, reported):
    reference = reported()
    worker = ConsoleBrowser(console.visit)
    worker.sign_in("backoffice")
    worker.get(f"/console/cases/{reference}")
    worker.post(f"/console/cases/{reference}/contact-details")
    worker.get(f"/console/cases/{reference}/update")
    worker.post(
        f"/console/cases/{reference}/update", [("status", "investigating"), ("internal-note", "Crew 4")]
    )

    console.sign_in("supervisor")
    choose = console.get("/console/audit")
    assert choose.status == 200 and title_of(choose).startswith("Audit")
    page = console.get(f"/console/audit?reference={reference}")
    assert title_of(page).startswith(f"Audit of case {reference}")
    rows = page.body.split("<tbody", 1)[1]
    for words in (
        "Changed the status",
        "Viewed the resident&#39;s contact details",
        "Viewed the case and its history",
        "new status: Investigating; previous status: Open",
        "status, internal note",
    ):
        assert words in rows, words
    assert "Crew 4" not in page.body and "ada@example.com" not in page.body  # never what was written

    link = re.search(r'href="(/console/audit\?staff=[^"]+)">backoffice</a>', page.body)
    assert link is not None
    theirs = console.get(html.unescape(link[1]))
    assert title_of(theirs).startswith("Actions of backoffice")
    assert f'href="/console/audit?reference={reference}">{reference}</a>' in theirs.body
    assert theirs.body.count('<tr class="govuk-table__row">') >= 4

    own = console.get(
        html.unescape(re.search(r'href="(/console/audit\?staff=[^"]+)">Your own', choose.body)[1])
    )
    assert title_of(own).startswith("Your actions")


def test_admins_read_the_audit_too(console, reported):
    reference = reported()
    console.sign_in("admin")
    assert console.get(f"/console/audit?reference={reference}").status == 200


@pytest.mark.parametrize("username", ["advisor", "backoffice"])
def test_advisors_and_the_back_office_do_not_read_the_audit(console, reported, username):
    reference = reported()
    page = console.sign_in(username)
    assert 'href="/console/audit"' not in page.body
    assert console.get("/console/audit").status == 403
    assert console.get(f"/console/audit?reference={reference}").status == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("reference=12345", "A case reference is 9 digits, like 123456786"),
        ("reference=123456787", "Check the case reference: one of its digits looks wrong"),
        ("staff=", "Enter the member of staff's id"),
    ],
)
def test_a_bad_audit_question_is_explained(console, query, message):
    console.sign_in("supervisor")
    page = console.get(f"/console/audit?{query}")
    assert page.status == 400 and errors_of(page) == [message]
