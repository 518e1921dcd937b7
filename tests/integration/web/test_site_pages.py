"""Every page of the site function on moto: status, headers, and what each page promises to show."""

from __future__ import annotations

import re
from html import unescape

import pytest

from frontdoor.cases.model import Location, NewReport
from frontdoor.catalogue import default_catalogue
from local.seed import demo_answers, ward_centres
from tests.integration.web.conftest import Page, Visit
from web.security import SECURITY_HEADERS

PAGES = {
    "/": "no-cache",
    "/search?q=bins": "no-cache",
    "/services": "public, max-age=300",
    "/services/pothole": "public, max-age=300",
    "/standards": "public, max-age=300",
    "/contact": "public, max-age=300",
    "/accessibility": "public, max-age=300",
}


def text(page: Page) -> str:
    """The page's words, without tags (inline ones run on with the text around them)."""
    inline_gone = re.sub(r"</?(?:a|strong|span|abbr)\b[^>]*>", "", page.body)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline_gone)).split())


def task_names(page: Page) -> list[str]:
    tasks = page.body.split('id="popular-tasks"', 1)[1].split("</ul>", 1)[0]
    return [unescape(name) for name in re.findall(r'<a [^>]*href="/services/[^"]+">([^<]+)</a>', tasks)]


def title(page: Page) -> str:
    found = re.search(r"<title>([^<]*)</title>", page.body)
    assert found
    return unescape(found[1])


@pytest.mark.parametrize(("path", "cache"), PAGES.items())
def test_each_page_is_html_with_the_security_headers_one_heading_and_its_own_title(
    site: Visit, path: str, cache: str
):
    page = site("GET", path)
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == cache
    for name, value in SECURITY_HEADERS.items():
        assert page.headers[name.lower()] == value
    assert len(re.findall(r"<h1[ >]", page.body)) == 1
    assert '<html lang="en-GB"' in page.body


def test_every_page_has_a_title_of_its_own(site: Visit):
    titles = [title(site("GET", path)) for path in PAGES]
    assert len(set(titles)) == len(titles), titles


def test_with_no_demand_the_home_page_offers_the_catalogues_first_six_web_services(site: Visit):
    expected = [s.name for s in default_catalogue().for_channel("web")[:6]]
    assert task_names(site("GET", "/")) == expected


def file_reports(service_code: str, count: int, channel: str = "web") -> None:
    from frontdoor.wiring import case_service

    service = default_catalogue().get(service_code)
    assert service is not None
    lat, long = ward_centres()[0]
    for _ in range(count):
        report = NewReport(
            service_code=service_code,
            channel=channel,  # type: ignore[arg-type]
            location=Location(lat=lat, long=long),
            answers=demo_answers(service),
        )
        case_service().file(report)


def test_the_home_page_tasks_follow_what_residents_report(site: Visit):
    file_reports("noise_complaint", 3)
    file_reports("graffiti", 2, channel="phone")  # every channel counts
    file_reports("abandoned_vehicle", 2)  # a tie with graffiti: graffiti is earlier in the catalogue

    tasks = task_names(site("GET", "/"))

    assert tasks[:3] == ["Report a noise nuisance", "Report graffiti", "Report an abandoned vehicle"]
    assert len(tasks) == 6


def test_search_finds_a_service_by_keyword(site: Visit):
    page = site("GET", "/search?q=road")
    assert page.status == 200
    assert '<a class="govuk-link" href="/services/pothole">Report a pothole</a>' in page.body
    assert title(page).startswith("Search results for ‘road’")
    assert 'value="road"' in page.body  # the search box keeps the words


def test_search_says_when_nothing_matches_and_how_to_do_better(site: Visit):
    page = site("GET", "/search?q=unicorns")
    assert "0 results" in text(page) and "There are no matching services" in text(page)


def test_a_search_too_long_is_an_error_on_the_search_box(site: Visit):
    page = site("GET", "/search?q=" + "a" * 101)
    assert page.status == 400
    assert title(page).startswith("Error: ")
    assert 'href="#q"' in page.body and 'id="q-error"' in page.body


def test_the_standards_page_has_one_standard_per_service_whatever_its_channels(site: Visit):
    page = site("GET", "/standards")
    for service in default_catalogue().services:
        assert f'id="{service.service_code}">{service.name}</h3>' in unescape(page.body)
        assert unescape(service.standard.summary) in unescape(page.body)
    assert "Telecare and community alarms" in page.body  # phone only, still a standard
    assert "0300 123 4567" in page.body


def test_the_contact_page_gives_numbers_hours_webchat_and_help_offline(site: Visit):
    words = text(site("GET", "/contact"))
    assert "Telephone: 01632 960000" in words  # the main line, from the stage's setting
    assert "Advisors answer Monday to Friday, 9am to 5pm" in words  # contact_centre.yaml, in words
    assert "0300 123 4500" in words and "999" in words  # the emergency numbers read out of hours
    assert (
        "Telecare and community alarms: call 0300 123 4567, 24 hours a day" in words
    )  # the catalogue's line
    assert "Chat with an advisor online" in words
    assert "If you cannot get online" in words


def test_the_accessibility_statement_says_how_accessible_the_site_is_and_how_to_complain(site: Visit):
    words = text(site("GET", "/accessibility"))
    for heading in (
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert heading in words
    assert "Web Content Accessibility Guidelines version 2.2 AA" in words


def test_a_service_page_starts_the_online_journey_or_says_how_else(site: Visit):
    online = site("GET", "/services/pothole")
    assert 'href="/report/pothole"' in online.body and "Start now" in online.body
    phone_only = site("GET", "/services/telecare")
    assert "/report/telecare" not in phone_only.body
    assert 'href="tel:+443001234567"' in phone_only.body


@pytest.mark.parametrize("path", ["/no/such/page", "/services/no_such_service", "/services/../../etc"])
def test_unknown_pages_are_the_govuk_404_page(site: Visit, path: str):
    page = site("GET", path)
    assert page.status == 404
    assert "Page not found" in title(page)
    assert page.headers["x-content-type-options"] == "nosniff"


def test_a_post_to_a_page_without_a_form_is_not_found(site: Visit):
    assert site("POST", "/", form=[("a", "b")]).status == 404


def test_healthz_answers_without_touching_aws(site: Visit):
    page = site("GET", "/healthz")
    assert page.status == 200 and page.body == '{"status":"ok"}'
