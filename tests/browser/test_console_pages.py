"""Every page of the staff console in Chromium on make run: axe-core finds no WCAG 2.0/2.1/2.2 A or AA
violation, nothing scrolls sideways on a tablet (768 px) or a laptop (1280 px), and each is captured
at both into build/browser-artefacts/. Then the console with the keyboard alone: sign in and update a
case with Tab, Enter and Space, every stop showing where the focus is."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.checks import expect_heading
from tests.browser.console_steps import (
    LAPTOP,
    PASSWORDS,
    check_console_page,
    error_messages,
    local_cognito,
    open311_reference,
    sign_in,
    tab_to,
)


@pytest.fixture
def laptop(browser: Any) -> Iterator[Any]:
    """A fresh browser profile at laptop size; CSP bypassed so axe-core can be injected."""
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def _submit(page: Any, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_the_sign_in_pages_are_accessible(laptop: Any, site_url: str):
    page = laptop
    page.goto(site_url + "/console/sign-in")
    expect_heading(page, "Sign in to the staff console")
    check_console_page(page, "sign-in")
    page.get_by_label("Username or email address").fill("backoffice")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    _submit(page, "Sign in")
    assert page.title().startswith("Error: Sign in to the staff console")
    assert error_messages(page) == ["Enter a correct username and password"]
    check_console_page(page, "sign-in-error")

    sign_in(page, site_url, "advisor")
    _submit(page, "Sign out")
    expect_heading(page, "You have signed out")
    check_console_page(page, "signed-out")


def test_every_casework_page_is_accessible_on_a_tablet_and_a_laptop(laptop: Any, site_url: str):
    page = laptop
    reference = open311_reference(site_url, "fly_tipping")
    sign_in(page, site_url, "supervisor")
    check_console_page(page, "search")

    page.get_by_label("Case reference").fill("123 456 787")
    _submit(page, "Find case")
    assert error_messages(page) == ["Check the case reference: one of its digits looks wrong"]
    check_console_page(page, "search-error")

    page.get_by_label("Service", exact=True).select_option(label="Report a pothole")
    page.get_by_label("Status").select_option(label="Any open status")
    _submit(page, "Search")
    expect_heading(page, "Cases found")
    check_console_page(page, "results")

    page.goto(f"{site_url}/console/cases/{reference}")
    check_console_page(page, "case")
    _submit(page, "Show contact details")
    expect_heading(page, f"Contact details for case {reference}")
    check_console_page(page, "contact-details")

    page.goto(f"{site_url}/console/cases/{reference}/update")
    check_console_page(page, "update")
    page.get_by_label("No further action").check()
    _submit(page, "Save update")
    assert error_messages(page) == ["Closing a case needs a public note telling the resident what happened"]
    check_console_page(page, "update-error")

    for path, name in (("team", "team"), ("link", "link"), ("merge", "merge")):
        page.goto(f"{site_url}/console/cases/{reference}/{path}")
        check_console_page(page, name)
    page.goto(f"{site_url}/console/cases/123456786")
    check_console_page(page, "not-found")


def test_logging_a_case_and_the_audit_are_accessible(laptop: Any, site_url: str):
    page = laptop
    reference = open311_reference(site_url, "graffiti")
    sign_in(page, site_url, "supervisor")
    page.goto(site_url + "/console/log-case")
    check_console_page(page, "log-case")
    page.get_by_label("Service", exact=True).select_option(label="Report a missed bin collection")
    page.get_by_label("Post").check()
    _submit(page, "Continue")
    expect_heading(page, "Log a case: Report a missed bin collection")
    check_console_page(page, "log-case-details")
    page.get_by_label("Email address (optional)").fill("not an email")
    _submit(page, "Log case")
    assert error_messages(page)[:2] == ["Select an answer", "Select an answer"]
    check_console_page(page, "log-case-errors")

    page.goto(site_url + "/console/audit")
    check_console_page(page, "audit")
    page.get_by_label("Case reference").fill(reference)
    _submit(page, "Show the case's audit")
    expect_heading(page, f"Audit of case {reference}")
    check_console_page(page, "audit-case")
    page.goto(site_url + "/console/audit")
    with page.expect_navigation():
        page.get_by_role("link", name="Your own actions").click()
    expect_heading(page, "Your actions")
    check_console_page(page, "audit-staff")


def test_a_first_sign_in_with_an_authenticator_app_is_accessible(laptop: Any, site_url: str):
    """An invited member of staff in a pool that requires an authenticator app (as in AWS): a new
    password, the app's setup key, then, signing in again, a code."""
    idp, pool_id = local_cognito()
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    username, temporary, chosen = f"starter-{uuid.uuid4().hex[:8]}", "Temporary-pass-1!", "Chosen-password-2!"
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        TemporaryPassword=temporary,
        UserAttributes=[{"Name": "email", "Value": f"{username}@staff.example.invalid"}],
        MessageAction="SUPPRESS",
    )
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName="advisor")
    page = laptop
    sign_in(page, site_url, username, temporary)
    expect_heading(page, "Create a new password")
    check_console_page(page, "new-password")
    page.get_by_label("New password", exact=True).fill(chosen)
    page.get_by_label("Enter the new password again").fill(chosen)
    _submit(page, "Save password and continue")
    expect_heading(page, "Set up an authenticator app")
    assert re.search(r"[A-Za-z2-7]{4}( [A-Za-z2-7]{1,4})+", page.locator("code").inner_text())
    check_console_page(page, "set-up-authenticator")
    page.get_by_label("Code from the app").fill("123456")  # make run's Cognito takes any code
    _submit(page, "Continue")
    expect_heading(page, "Find cases")

    _submit(page, "Sign out")
    sign_in(page, site_url, username, chosen)
    expect_heading(page, "Enter the code from your authenticator app")
    check_console_page(page, "code")
    page.get_by_label("Enter the code from your authenticator app").fill("123456")
    _submit(page, "Sign in")
    expect_heading(page, "Find cases")


def test_signing_in_and_updating_a_case_with_the_keyboard_alone(laptop: Any, site_url: str):
    page = laptop
    reference = open311_reference(site_url, "missed_bin")
    page.goto(site_url + "/console/sign-in")

    tab_to(page, "el.id === 'username'")
    page.keyboard.type("backoffice")
    tab_to(page, "el.id === 'password'")
    page.keyboard.type(PASSWORDS["backoffice"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_heading(page, "Find cases")

    tab_to(page, "el.id === 'reference'")
    page.keyboard.type(reference)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_heading(page, f"Case {reference}")

    tab_to(page, "el.textContent.trim() === 'Update case'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_heading(page, f"Update case {reference}")
    tab_to(page, "el.id === 'public-note'")
    page.keyboard.type("An officer will look at the car this week.")
    tab_to(page, "el.textContent.trim() === 'Save update'")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.url.endswith(f"/console/cases/{reference}?done=updated")
    assert "An officer will look at the car this week." in page.locator("ol.govuk-list").inner_text()

    tab_to(page, "el.textContent.trim() === 'Mark as urgent'")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.url.endswith("?done=urgent")
    assert "The case is marked urgent" in page.locator(".govuk-notification-banner").inner_text()

    tab_to(page, "el.textContent.trim() === 'Sign out'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect_heading(page, "You have signed out")
