"""The residents' site in Chromium: every page accessible (axe-core), usable at 320 px and by
keyboard, search and the home page's tasks working, JavaScript only enhancing."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.checks import check_page

PAGES = {
    "home": "/",
    "search": "/search?q=bins",
    "search-nothing": "/search?q=unicorns",
    "search-error": "/search?q=" + "a" * 101,
    "services": "/services",
    "service-pothole": "/services/pothole",
    "service-telecare": "/services/telecare",
    "standards": "/standards",
    "contact": "/contact",
    "accessibility": "/accessibility",
    "not-found": "/no/such/page",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_has_no_accessibility_violation_and_fits_a_phone(page: Any, site_url: str, name: str):
    check_page(page, site_url + PAGES[name], name)


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_the_content(page: Any, site_url: str):
    page.goto(site_url + "/contact")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent.trim()]")
    assert focused == ["govuk-skip-link", "Skip to main content"]

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_search_finds_a_pothole_by_the_keyword_road(page: Any, site_url: str):
    page.goto(site_url + "/")
    page.get_by_label("Search for a council service").fill("road")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url("**/search?q=road")
    result = page.get_by_role("link", name="Report a pothole")
    expect(result).to_be_visible()
    result.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Report a pothole"


def popular_tasks(page: Any) -> list[str]:
    return [name.strip() for name in page.locator("#popular-tasks + ul a").all_inner_texts()]


def file_open311_reports(site_url: str, service_code: str, count: int) -> None:
    """Report through the Open311 API, as a partner app would (the runtime's own demo key)."""
    from frontdoor.catalogue import default_catalogue
    from local.seed import demo_answers, ward_centres

    service = default_catalogue().get(service_code)
    assert service is not None
    lat, long = ward_centres()[1]
    fields = [
        ("api_key", "local-dev-key"),
        ("service_code", service_code),
        ("lat", str(lat)),
        ("long", str(long)),
        *(
            (f"attribute[{code}]", value)
            for code, values in demo_answers(service).items()
            for value in values
        ),
    ]
    for number in range(count):
        # A description of its own: the same form again is the same report (Open311 files it once).
        description = f"Browser test report {number} {uuid.uuid4().hex}"
        body = urllib.parse.urlencode([*fields, ("description", description)]).encode()
        request = urllib.request.Request(f"{site_url}/open311/v2/requests.json", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200, json.loads(response.read())


def test_the_home_page_tasks_follow_what_residents_report(page: Any, site_url: str):
    page.goto(site_url + "/")
    before = popular_tasks(page)
    assert len(before) == 6 and "Report a noise nuisance" not in before

    # The server is shared by the session, so other tests' reports (potholes, say) count too: file
    # noise complaints until they lead, which the top six must follow, within a bound.
    for _ in range(8):
        file_open311_reports(site_url, "noise_complaint", 5)
        page.reload()
        if popular_tasks(page)[0] == "Report a noise nuisance":
            break

    after = popular_tasks(page)
    assert after[0] == "Report a noise nuisance"
    assert len(after) == 6


def test_the_pages_work_without_javascript(browser: Any, site_url: str):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(site_url + "/")
        page.get_by_label("Search for a council service").fill("bins")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("link", name="Report a missed bin collection")).to_be_visible()
        # Without JavaScript the navigation is a plain list of links, all of them visible.
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation.get_by_role("link", name="Contact us")).to_be_visible()
    finally:
        context.close()


def test_the_content_security_policy_lets_govuk_frontend_enhance_the_page(browser: Any, site_url: str):
    """No CSP bypass here: the template's inline script runs by its hash, init.js as a module."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.goto(site_url + "/")
        classes = page.evaluate("document.body.className").split()
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes
        # GOV.UK Frontend's JavaScript ran: at phone size the navigation folds behind a Menu button.
        menu = page.get_by_role("button", name="Menu")
        menu.wait_for(state="visible")
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation.get_by_role("link", name="Service standards")).to_be_hidden()
        menu.click()
        expect(navigation.get_by_role("link", name="Service standards")).to_be_visible()
        assert refused == []
    finally:
        context.close()
