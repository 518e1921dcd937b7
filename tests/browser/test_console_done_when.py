"""The back office's "Done when", in Chromium on make run: a member of the back office signs in to the
console, finds the demo case a resident reported (the pothole whose reporter asked for updates),
moves it to fixed with a public note; the resident's email reaches /outbox, the update shows on
Track a case and in Open311's servicerequestupdates. And an advisor cannot change a status: the
control is absent and a forged POST is refused."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import expect

from tests.browser.checks import expect_heading, heading
from tests.browser.console_steps import (
    LAPTOP,
    TABLET,
    check_console_page,
    fetch_json,
    open311_reference,
    sign_in,
)

RESIDENT = "sam.resident@example.com"  # the seeded pothole's reporter (local/seed.py)
NOTE = "We filled the pothole today. Thank you for telling us."
DELIVERED_WITHIN_S = 15  # the stream poller delivers within a second or two


def _wait_for_outbox(page: Any, site_url: str, text: str) -> None:
    deadline = time.monotonic() + DELIVERED_WITHIN_S
    while True:
        page.goto(site_url + "/outbox")
        if text in page.content():
            return
        assert time.monotonic() < deadline, f"no message with {text!r} in /outbox"
        time.sleep(0.5)


def test_the_back_office_moves_the_demo_case_to_fixed_and_the_resident_hears_of_it(browser: Any, site_url):
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900}, bypass_csp=True)
    page = context.new_page()

    # Signs in at /console (the page first asked for comes back after).
    page.goto(site_url + "/console")
    assert page.url.endswith("/console/sign-in?next=/console/search")
    sign_in(page, site_url, "backoffice")
    expect_heading(page, "Find cases")
    assert page.url.endswith("/console/search")

    # Finds the demo case the resident reported: their cases, by the email address they gave.
    page.get_by_label("Their phone number or email address").fill(RESIDENT)
    with page.expect_navigation():
        page.get_by_role("button", name="Find their cases").click()
    expect_heading(page, "A resident's cases")
    check_console_page(page, "resident-cases")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Report a pothole" in rows.first.inner_text()
    with page.expect_navigation():
        rows.first.get_by_role("link").click()
    reference = heading(page).removeprefix("Case ")
    assert reference.isdigit() and len(reference) == 9

    # Moves it to fixed with a public note.
    with page.expect_navigation():
        page.get_by_role("button", name="Update case").click()
    page.set_viewport_size({"width": TABLET, "height": 900})  # on a tablet now
    page.get_by_label("Fixed").check()
    page.get_by_label("Public note").fill(NOTE)
    page.get_by_label("Internal note (optional)").fill("Crew 4 filled it in 20 minutes.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save update").click()
    assert page.url.endswith(f"/console/cases/{reference}?done=updated")
    assert "The case has been updated" in page.locator(".govuk-notification-banner").inner_text()
    check_console_page(page, "case-updated")
    history = " ".join(page.locator("ol.govuk-list").inner_text().split())
    assert history.index("Internal note") < history.index("Public update Fixed") < history.index(NOTE)

    # The resident's email is in the outbox, with the note and the reference.
    _wait_for_outbox(page, site_url, NOTE)
    outbox = page.content()
    assert RESIDENT in outbox and reference in outbox

    # Track a case shows the update.
    page.goto(f"{site_url}/track/{reference}")
    assert page.get_by_role("heading", level=1).inner_text().strip() == f"Request {reference}"
    assert NOTE in page.content()
    assert "Crew 4" not in page.content()  # never the internal note

    # Open311's servicerequestupdates has it, with its id, status, time and description.
    updates = fetch_json(f"{site_url}/open311/v2/servicerequestupdates.json")
    (update,) = [u for u in updates if u["service_request_id"] == reference and u["description"] == NOTE]
    assert update["status"].lower() == "fixed"
    assert update["update_id"] and update["updated_datetime"].endswith("Z")
    assert "Crew 4" not in str(updates)
    context.close()


def test_an_advisor_has_no_status_control_and_a_forged_status_change_is_refused(browser: Any, site_url):
    reference = open311_reference(site_url, "street_light_fault")
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, site_url, "advisor")
    page.goto(f"{site_url}/console/cases/{reference}")
    assert page.get_by_role("link", name="Assign to a team").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Update case").click()
    assert page.get_by_role("group", name="Status").count() == 0
    assert page.locator('input[name="status"]').count() == 0
    expect(page.get_by_label("Public note")).to_be_visible()  # notes, yes

    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    forged = page.request.post(
        f"{site_url}/console/cases/{reference}/update",
        form={"csrf_token": token, "status": "fixed", "public-note": "Forged."},
        max_redirects=0,
    )
    assert forged.status == 403
    assert "Your role does not allow you to change a case" in forged.text()
    updates = fetch_json(f"{site_url}/open311/v2/requests/{reference}.json")
    assert updates[0]["status"] == "open"
    page.goto(f"{site_url}/console/cases/{reference}/team")
    expect_heading(page, "You cannot do this")
    check_console_page(page, "forbidden")
    context.close()
