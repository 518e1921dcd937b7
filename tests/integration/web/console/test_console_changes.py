"""Changing cases in the console on moto: the update form offers only the statuses the rules and the
role allow, shows the back office's refusals on the right field keeping what was typed, and a forged
POST of a hidden control is refused (403) with nothing changed; teams, urgency, links and merges;
CSRF on every change; POST/redirect/GET back to the case; every change audited."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from frontdoor.backoffice.roles import Actor
from frontdoor.backoffice.service import StatusUpdate
from frontdoor.wiring import back_office, case_service
from tests.integration.web.console.console_browser import ConsoleBrowser, audit_of, errors_of, title_of

Report = Callable[..., str]
SUPERVISOR = Actor.staff("22222222-0000-4000-8000-000000000002", "sue.supervisor", ["supervisor"])


def _statuses_offered(page_body: str) -> list[str]:
    return re.findall(r'name="status" type="radio" value="([^"]*)"', page_body)


# --- the update form ----------------------------------------------------------------------------------
def test_the_back_office_moves_a_case_to_fixed_with_a_public_note_and_an_internal_one(console, reported):
    reference = reported()
    console.sign_in("backoffice")
    form = console.get(f"/console/cases/{reference}/update")
    assert title_of(form).startswith(f"Update case {reference}")
    assert _statuses_offered(form.body) == [
        "",
        "investigating",
        "in_progress",
        "action_scheduled",
        "fixed",
        "not_councils_responsibility",
        "no_further_action",
        "internal_referral",
    ]

    answer = console.post(
        f"/console/cases/{reference}/update",
        [("status", "fixed"), ("public-note", "We filled the pothole today."), ("internal-note", "Crew 4")],
    )
    assert answer.status == 303 and answer.headers["location"] == f"/console/cases/{reference}?done=updated"
    page = console.get(answer.headers["location"])
    assert "The case has been updated" in page.body and "We filled the pothole today." in page.body

    case = case_service().get(reference)
    assert case.status == "fixed" and case.status_notes == "We filled the pothole today."
    public = case_service().history(reference)[-1]
    assert (public.status, public.description) == ("fixed", "We filled the pothole today.")
    record = [r for r in audit_of(reference) if r.action == "change_status"][0]
    assert record.actor_name == "backoffice"
    assert dict(record.detail) == {"status": "fixed", "from_status": "open"}


def test_closing_without_a_public_note_is_refused_on_that_field_keeping_what_was_typed(console, reported):
    reference = reported()
    console.sign_in("backoffice")
    console.get(f"/console/cases/{reference}/update")
    page = console.post(
        f"/console/cases/{reference}/update",
        [("status", "fixed"), ("public-note", " "), ("internal-note", "Crew 4")],
    )
    assert page.status == 409
    assert title_of(page).startswith(f"Error: Update case {reference}")
    assert errors_of(page) == ["Closing a case needs a public note telling the resident what happened"]
    assert 'href="#public-note"' in page.body
    assert ">Crew 4</textarea>" in page.body  # kept
    assert re.search(r'value="fixed" checked', page.body)
    assert case_service().get(reference).status == "open"


def test_nothing_to_change_and_notes_too_long_are_explained(console, reported):
    reference = reported()
    console.sign_in("backoffice")
    console.get(f"/console/cases/{reference}/update")
    nothing = console.post(f"/console/cases/{reference}/update", [("status", ""), ("public-note", "")])
    assert errors_of(nothing) == ["Nothing to change: give a new status, a public note or an internal note"]
    long = console.post(f"/console/cases/{reference}/update", [("public-note", "x" * 2001)])
    assert errors_of(long) == ["The public note must be 2,000 characters or fewer"]
    html = console.post(f"/console/cases/{reference}/update", [("public-note", "<b>done</b>")])
    assert errors_of(html) == ["The public note must be plain text, without HTML or control characters"]


def test_an_advisor_adds_notes_but_has_no_status_control_and_a_forged_status_is_refused(console, reported):
    reference = reported()
    console.sign_in("advisor")
    form = console.get(f"/console/cases/{reference}/update")
    assert form.status == 200 and _statuses_offered(form.body) == []
    assert 'name="status"' not in form.body

    forged = console.post(
        f"/console/cases/{reference}/update", [("status", "fixed"), ("public-note", "Done.")]
    )
    assert forged.status == 403
    assert "Your role does not allow you to change a case&#39;s status." in forged.body
    assert case_service().get(reference).status == "open"
    assert [r.action for r in audit_of(reference)] == []

    noted = console.post(f"/console/cases/{reference}/update", [("internal-note", "Resident rang again")])
    assert noted.status == 303
    assert [r.action for r in audit_of(reference)] == ["add_note"]


def test_only_a_supervisor_may_reopen_a_closed_case(console, reported):
    reference = reported()
    back_office().update(SUPERVISOR, reference, StatusUpdate(status="fixed", public_note="Filled."))
    console.sign_in("backoffice")
    form = console.get(f"/console/cases/{reference}/update")
    assert _statuses_offered(form.body) == [
        "",
        "not_councils_responsibility",
        "no_further_action",
        "internal_referral",
    ]
    forged = console.post(
        f"/console/cases/{reference}/update", [("status", "open"), ("public-note", "Again.")]
    )
    assert forged.status == 403

    supervisor = ConsoleBrowser(console.visit)
    supervisor.sign_in("supervisor")
    offered = _statuses_offered(supervisor.get(f"/console/cases/{reference}/update").body)
    assert {"open", "investigating", "in_progress", "action_scheduled"} <= set(offered)
    reopened = supervisor.post(
        f"/console/cases/{reference}/update", [("status", "open"), ("public-note", "Again.")]
    )
    assert reopened.status == 303 and case_service().get(reference).status == "open"


def test_an_admin_cannot_reach_the_update_form_nor_post_it(console, reported):
    reference = reported()
    console.sign_in("admin")
    assert console.get(f"/console/cases/{reference}/update").status == 403
    assert console.post(f"/console/cases/{reference}/update", [("internal-note", "x")]).status == 403


def test_a_change_needs_the_sessions_csrf_token_and_a_session(console, reported):
    reference = reported()
    console.sign_in("backoffice")
    refused = console.post(f"/console/cases/{reference}/update", [("status", "investigating")], csrf="forged")
    assert refused.status == 400 and "Nothing has been changed." in refused.body
    stranger = ConsoleBrowser(console.visit)
    answer = stranger.post(f"/console/cases/{reference}/update", [("status", "investigating")], csrf="x")
    assert answer.status == 303 and answer.headers["location"] == "/console/sign-in"
    assert case_service().get(reference).status == "open"


# --- team and urgency ------------------------------------------------------------------------------------
def test_the_back_office_assigns_a_team_and_marks_a_case_urgent(console, reported):
    reference = reported()
    console.sign_in("backoffice")
    form = console.get(f"/console/cases/{reference}/team")
    assert re.search(r'value="highways" checked', form.body)  # the service's own team to begin with
    blank = console.post(f"/console/cases/{reference}/team", [("team", "")])
    assert errors_of(blank) == ["Select a team"]
    unknown = console.post(f"/console/cases/{reference}/team", [("team", "nobody")])
    assert errors_of(unknown) == ["That is not one of the council's teams"]
    team = next(t.id for t in case_service().catalogue.teams if t.id != "highways")
    answer = console.post(f"/console/cases/{reference}/team", [("team", team)])
    assert answer.headers["location"] == f"/console/cases/{reference}?done=assigned"
    assert case_service().get(reference).team == team

    console.get(f"/console/cases/{reference}")
    urgent = console.post(f"/console/cases/{reference}/urgent", [("urgent", "yes")])
    assert urgent.headers["location"] == f"/console/cases/{reference}?done=urgent"
    page = console.get(urgent.headers["location"])
    assert "The case is marked urgent" in page.body and "Mark as not urgent" in page.body
    assert case_service().get(reference).urgent is True
    assert [r.action for r in audit_of(reference)][:3] == ["view_case", "mark_urgent", "view_case"]


def test_an_advisor_may_mark_urgent_but_not_assign(console, reported):
    reference = reported()
    console.sign_in("advisor")
    assert console.get(f"/console/cases/{reference}/team").status == 403
    console.get(f"/console/cases/{reference}")
    assert console.post(f"/console/cases/{reference}/team", [("team", "highways")]).status == 403
    assert console.post(f"/console/cases/{reference}/urgent", [("urgent", "yes")]).status == 303
    assert console.post(f"/console/cases/{reference}/urgent", [("urgent", "maybe")]).status == 400


# --- link and merge ----------------------------------------------------------------------------------------
def test_linking_two_cases_shows_each_on_the_other(console, reported):
    first, second = reported(), reported("graffiti")
    console.sign_in("backoffice")
    console.get(f"/console/cases/{first}/link")
    itself = console.post(f"/console/cases/{first}/link", [("into", first)])
    assert errors_of(itself) == ["A case cannot be linked to itself"]
    missing = console.post(f"/console/cases/{first}/link", [("into", "123456786")])
    assert errors_of(missing) == ["There is no case with the reference 123456786"]
    answer = console.post(f"/console/cases/{first}/link", [("into", second)])
    assert answer.headers["location"] == f"/console/cases/{first}?done=linked"
    assert f'href="/console/cases/{second}"' in console.get(answer.headers["location"]).body
    assert second in case_service().get(first).linked and first in case_service().get(second).linked


def test_merging_closes_the_case_as_a_duplicate_and_tells_its_resident_where_to_follow(console, reported):
    duplicate, kept = reported(), reported(lat=52.64, long=-1.13)
    console.sign_in("backoffice")
    form = console.get(f"/console/cases/{duplicate}/merge")
    assert "can never be reopened" in form.body
    answer = console.post(
        f"/console/cases/{duplicate}/merge", [("into", kept), ("public-note", "Thank you for telling us.")]
    )
    assert answer.headers["location"] == f"/console/cases/{duplicate}?done=merged"
    closed = case_service().get(duplicate)
    assert closed.status == "duplicate" and closed.duplicate_of == kept
    told = case_service().history(duplicate)[-1].description
    assert told == (
        f"This has already been reported as case {kept}: follow that case for updates."
        " Thank you for telling us."
    )
    page = console.get(answer.headers["location"])
    assert f'Merged into <a class="govuk-link" href="/console/cases/{kept}">' in page.body
    assert f"/console/cases/{duplicate}/merge" not in page.body  # a closed case is merged no more

    again = console.post(f"/console/cases/{kept}/merge", [("into", duplicate)])
    assert errors_of(again) == [f"Case {duplicate} is closed: merge into an open case, or reopen it first"]


def test_an_advisor_may_neither_link_nor_merge(console, reported):
    first, second = reported(), reported("graffiti")
    console.sign_in("advisor")
    for path in ("link", "merge"):
        assert console.get(f"/console/cases/{first}/{path}").status == 403
    console.get(f"/console/cases/{first}")
    assert console.post(f"/console/cases/{first}/merge", [("into", second)]).status == 403
    assert case_service().get(first).status == "open"


@pytest.mark.parametrize("path", ["update", "team", "link", "merge"])
def test_change_forms_of_a_case_that_does_not_exist_are_not_found(console, path):
    console.sign_in("supervisor")
    assert console.get(f"/console/cases/123456786/{path}").status == 404
    assert console.get(f"/console/cases/12345/{path}").status == 404
