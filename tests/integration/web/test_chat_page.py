"""``/chat`` through the site function on moto: the start form offers the phone menu's advisor
options, the hours in words, the other ways to get help, and needs JavaScript to show itself."""

from __future__ import annotations

import re
from html import unescape

import msgspec
import pytest

from frontdoor.flows.config import AdvisorOption, contact_centre_config
from frontdoor.flows.project.hours import describe
from tests.integration.web.conftest import Page, Visit
from web.security import SECURITY_HEADERS
from web.site import chat


def words(html: str) -> str:
    inline_gone = re.sub(r"</?(?:a|strong|span)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline_gone)).split())


def topics_offered(page: Page) -> list[tuple[str, str]]:
    """(value, label) of each topic radio, in page order."""
    found = re.findall(
        r'<input class="govuk-radios__input" id="([^"]+)" name="topic" type="radio" value="([^"]+)">\s*'
        r'<label class="govuk-label govuk-radios__label" for="\1">\s*([^<]+?)\s*</label>',
        page.body,
    )
    return [(value, unescape(label)) for _, value, label in found]


def element(page: Page, marker: str) -> str:
    """The opening tag of the element carrying attribute ``marker``."""
    found = re.search(rf"<[a-z]+[^>]*\s{re.escape(marker)}(?=[\s>=])[^>]*>", page.body)
    assert found, marker
    return found[0]


@pytest.fixture
def chat_page(site: Visit) -> Page:
    return site("GET", "/chat")


def test_the_chat_page_is_a_stable_html_page_with_the_security_headers(chat_page: Page):
    assert chat_page.status == 200
    assert chat_page.headers["content-type"] == "text/html; charset=utf-8"
    assert chat_page.headers["cache-control"] == "public, max-age=300"
    for name, value in SECURITY_HEADERS.items():
        assert chat_page.headers[name.lower()] == value
    assert len(re.findall(r"<h1[ >]", chat_page.body)) == 1
    assert "<title>Chat with an advisor - " in chat_page.body


def test_topics_are_the_phone_menus_advisor_options_in_menu_order(chat_page: Page):
    advisors = [option for option in contact_centre_config().menu if isinstance(option, AdvisorOption)]

    offered = topics_offered(chat_page)

    assert [value for value, _ in offered] == [option.team for option in advisors]
    assert offered[0] == ("adult_social_care", "Adult social care")  # "For adult social care"
    assert ("customer_services", "Anything else") in offered


def test_a_topic_is_worded_from_the_menu_and_a_menu_edit_reaches_the_page(monkeypatch: pytest.MonkeyPatch):
    config = contact_centre_config()
    edited = msgspec.structs.replace(
        config,
        menu=[
            AdvisorOption(say="For parking permits and fines", team="parking"),
            AdvisorOption(say="To talk to the library", team="libraries"),  # not "For ...": the team's name
            *config.menu,
        ],
    )
    monkeypatch.setattr("frontdoor.flows.config.contact_centre_config", lambda: edited)

    topics = chat.chat_topics()

    assert topics[:2] == [
        chat.ChatTopic("parking", "Parking permits and fines"),
        chat.ChatTopic("libraries", "Libraries"),
    ]


def test_the_page_gives_advisors_hours_in_words_and_the_other_ways_to_get_help(chat_page: Page):
    text = words(chat_page.body)
    hours = describe(contact_centre_config().hours["advisors"])

    assert f"They answer chats {hours}." in text
    assert "Call us on 01632 960000." in text
    for sentence in contact_centre_config().emergency_numbers:
        assert sentence in text
    assert 'href="tel:+441632960000"' in chat_page.body


def test_without_javascript_the_page_says_chat_needs_it_and_shows_no_form_or_button(chat_page: Page):
    assert "Webchat needs JavaScript, which is turned off or not available in your browser." in words(
        chat_page.body
    )
    # Everything that needs JavaScript is rendered hidden; chat.js shows it.
    assert " hidden" in element(chat_page, "data-chat-start")
    assert " hidden" in element(chat_page, "data-chat-panel")
    assert '<script type="module" src="/assets/chat.js"></script>' in chat_page.body


def test_chatjs_is_not_on_the_page_it_is_loaded_when_a_chat_starts(chat_page: Page, site: Visit):
    assert "amazon-connect-chat" not in chat_page.body
    assert "chat.js" not in site("GET", "/contact").body


def test_the_panel_knows_the_connect_region_and_the_councils_name(chat_page: Page):
    root = element(chat_page, 'id="chat"')
    assert 'data-connect-region="eu-west-2"' in root
    assert 'data-council-name="Example Borough Council (local)"' in root


@pytest.mark.parametrize(
    ("environment", "region"),
    [
        ({"AWS_REGION": "us-east-1"}, "us-east-1"),
        ({"AWS_REGION": "", "AWS_DEFAULT_REGION": "eu-central-1"}, "eu-central-1"),
        ({"AWS_REGION": "not a region<script>"}, "eu-west-2"),
    ],
)
def test_the_region_is_the_functions_own(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], region: str
):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert chat.connect_region() == region


def test_contact_us_and_the_footer_link_to_the_chat(site: Visit):
    assert 'href="/chat">Chat with an advisor online</a>' in site("GET", "/contact").body
    assert '<a class="govuk-footer__link" href="/chat">Webchat</a>' in site("GET", "/").body
