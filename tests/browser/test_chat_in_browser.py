"""Webchat in Chromium against make run: a resident at /chat and an advisor at /chat/advisor chat
end to end through the local chat service; every state of both pages passes axe-core at 320 and
1280 px; without JavaScript the page gives the other ways to get help; and with Amazon Connect's
chat client stubbed, the panel hands it the participant token /chat/start answered."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.checks import WIDTHS, axe_violations, capture, check_page, horizontal_overflow

CHATJS = "**/assets/amazon-connect-chat.js"
WAIT_MS = 15_000
_names = itertools.count(1)


def resident_name() -> str:
    """A name no other test's chat has (they share one running service)."""
    return f"Sam Tester{next(_names)}"


def check_state(page: Any, name: str) -> None:
    """The page as it is now (no reload): no axe violation, no sideways scrolling, both widths captured."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        capture(page, name)
        violations = axe_violations(page)
        assert not violations, f"{name} at {width}px:\n" + "\n".join(violations)
        assert horizontal_overflow(page) <= 0, f"{name} scrolls sideways at {width}px"
    page.set_viewport_size({"width": 320, "height": 640})


def start_chat(
    page: Any,
    site_url: str,
    name: str,
    topic: str = "Bins and recycling",
    phone: str = "",
    navigate: bool = True,
) -> None:
    if navigate:
        page.goto(site_url + "/chat")
    page.get_by_label("Your name").fill(name)
    if phone:
        page.get_by_label("Phone number (optional)").fill(phone)
    page.get_by_label(topic).check()
    page.get_by_role("button", name="Start chat").click()


def messages(page: Any) -> Any:
    return page.get_by_role("log")


def wait_for_message(page: Any, text: str) -> None:
    messages(page).get_by_text(text, exact=False).first.wait_for(timeout=WAIT_MS)


@pytest.fixture
def advisor(browser: Any) -> Iterator[Any]:
    """A second browser profile: the advisor, on a laptop-sized window."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    yield context.new_page()
    context.close()


# --- without JavaScript ----------------------------------------------------------------------------
def test_without_javascript_the_chat_page_says_so_and_gives_the_other_ways_to_get_help(
    browser: Any, site_url: str
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(site_url + "/chat")
            capture(page, "chat-no-js")
            assert horizontal_overflow(page) <= 0

        expect(page.get_by_text("Webchat needs JavaScript")).to_be_visible()
        expect(page.get_by_role("button", name="Start chat")).to_be_hidden()  # no dead button
        expect(page.get_by_role("link", name="01632 960000")).to_be_visible()
        expect(page.get_by_text("Advisors answer Monday to Friday, 9am to 5pm")).to_be_visible()
        expect(page.get_by_role("link", name="every way to contact us")).to_be_visible()
    finally:
        context.close()


# --- accessibility of every state -------------------------------------------------------------------
def test_the_chat_page_before_a_chat_is_accessible_and_fits_a_phone(page: Any, site_url: str):
    check_page(page, site_url + "/chat", "chat")
    expect(page.get_by_role("button", name="Start chat")).to_be_visible()
    expect(page.get_by_text("Webchat needs JavaScript")).to_be_hidden()


def test_the_advisors_page_is_accessible_and_fits_a_phone(page: Any, site_url: str):
    check_page(page, site_url + "/chat/advisor", "chat-advisor")


# --- both sides of a chat ---------------------------------------------------------------------------
def test_a_resident_and_an_advisor_chat_end_to_end(page: Any, advisor: Any, site_url: str):
    name = resident_name()

    # The resident starts a chat about bins and hears the flow.
    start_chat(page, site_url, name, topic="Bins and recycling")
    page.get_by_role("heading", name="Your chat").wait_for(timeout=WAIT_MS)
    wait_for_message(page, "Welcome to Example Borough Council.")
    wait_for_message(page, "Putting you through to Waste and Recycling.")
    page.get_by_role("status").get_by_text("Please wait for an advisor").wait_for(timeout=WAIT_MS)
    check_state(page, "chat-waiting")

    # The advisor finds it in the queue of its topic and picks it up.
    advisor.goto(site_url + "/chat/advisor")
    card = advisor.locator("[data-waiting-chat]").filter(has_text=name)
    assert "Waste and Recycling" in card.inner_text() and "Bins and recycling" in card.inner_text()
    check_state(advisor, "chat-advisor-waiting")
    card.get_by_role("button", name=f"Answer the chat with {name}").click()
    advisor.get_by_role("heading", level=1, name=f"Chat with {name}").wait_for()

    page.get_by_role("status").get_by_text("You are chatting with Alex.").wait_for(timeout=WAIT_MS)
    wait_for_message(page, "Alex has joined the chat.")

    # Messages go both ways: Enter sends.
    page.get_by_label("Your message").fill("My bin was missed on Tuesday")
    page.get_by_label("Your message").press("Enter")
    wait_for_message(page, "My bin was missed on Tuesday")
    assert page.get_by_label("Your message").input_value() == ""

    advisor.get_by_role("link", name="Check for new messages").click()
    advisor.get_by_text("My bin was missed on Tuesday").wait_for()
    advisor.get_by_label(f"Your message to {name}").fill("Sorry about that. I have booked a collection.")
    advisor.get_by_role("button", name="Send").click()
    advisor.locator(".fd-chat__messages").get_by_text("I have booked a collection.").wait_for()
    check_state(advisor, "chat-advisor-conversation")

    wait_for_message(page, "Sorry about that. I have booked a collection.")
    entry = messages(page).locator("li").filter(has_text="I have booked a collection")
    assert entry.locator(".fd-chat__who").inner_text() == "Alex"
    check_state(page, "chat-connected")

    # The advisor ends it; the resident sees it ended, and can start again or go elsewhere.
    advisor.get_by_role("button", name="End chat").click()
    advisor.get_by_text("This chat has ended.").wait_for()

    page.get_by_role("status").get_by_text("This chat has ended.").wait_for(timeout=WAIT_MS)
    expect(page.get_by_label("Your message")).to_be_hidden()
    expect(page.get_by_role("link", name="start a new chat")).to_be_visible()
    check_state(page, "chat-ended")


def test_the_resident_can_end_a_chat_and_it_leaves_the_queue(page: Any, advisor: Any, site_url: str):
    name = resident_name()
    start_chat(page, site_url, name, topic="Anything else")
    wait_for_message(page, "Putting you through to Customer Services.")

    page.get_by_role("button", name="End chat").click()

    page.get_by_role("status").get_by_text("You ended the chat.").wait_for(timeout=WAIT_MS)
    advisor.goto(site_url + "/chat/advisor")
    assert advisor.locator("[data-waiting-chat]").filter(has_text=name).count() == 0


def test_a_priority_resident_who_gives_their_number_is_first_in_the_advisors_queue(
    page: Any, advisor: Any, site_url: str
):
    name = resident_name()
    start_chat(page, site_url, name, topic="Roads, pavements and street lights", phone="07700 900123")
    wait_for_message(page, "We are putting you through to an advisor now.")

    advisor.goto(site_url + "/chat/advisor")
    first = advisor.locator("[data-waiting-chat]").first
    assert name in first.inner_text() and "Priority callers" in first.inner_text()
    first.get_by_role("button", name=f"Answer the chat with {name}").click()  # and take it out of the queue


# --- the start form's errors ------------------------------------------------------------------------
def test_the_start_form_shows_govuk_errors_and_keeps_what_was_typed(page: Any, site_url: str):
    page.goto(site_url + "/chat")
    page.get_by_role("button", name="Start chat").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement === document.querySelector('.govuk-error-summary')")
    assert summary.get_by_role("link").all_inner_texts() == [
        "Enter your name",
        "Select what you need help with",
    ]
    assert page.title().startswith("Error: Chat with an advisor")
    summary.get_by_role("link", name="Enter your name").click()
    assert page.evaluate("document.activeElement.id") == "chat-name"
    check_state(page, "chat-errors")

    # The server refuses a number that is not one; the form says which field and keeps the answers.
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Phone number (optional)").fill("call me")
    page.get_by_label("Bins and recycling").check()
    page.get_by_role("button", name="Start chat").click()
    page.get_by_role("link", name="Enter a UK phone number, like 07700 900 982, or leave it blank").wait_for()
    assert page.locator("#chat-phone").get_attribute("aria-describedby").split()[-1] == "phone-error"
    assert page.get_by_label("Your name").input_value() == "Sam"
    expect(page.get_by_role("heading", name="Your chat")).to_be_hidden()


# --- real CSP, and what the page loads ----------------------------------------------------------------
def test_the_chat_works_under_the_sites_content_security_policy(browser: Any, site_url: str):
    context = browser.new_context(viewport={"width": 320, "height": 640})  # no CSP bypass
    try:
        page = context.new_page()
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        start_chat(page, site_url, resident_name(), topic="Adult social care")
        wait_for_message(page, "Putting you through to Adult Social Care.")
        page.get_by_role("button", name="End chat").click()
        assert refused == []
    finally:
        context.close()


def test_amazon_connects_chat_client_is_never_loaded_for_a_local_chat_nor_before_a_chat(
    page: Any, site_url: str
):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "/")
    page.goto(site_url + "/chat")
    start_chat(page, site_url, resident_name())
    wait_for_message(page, "Welcome to Example Borough Council.")
    page.get_by_role("button", name="End chat").click()

    assert not [url for url in requested if "amazon-connect-chat" in url]


# --- Amazon Connect's transport, with chatjs stubbed ----------------------------------------------------
FAKE_CHATJS = """
window.__chatjs = {calls: [], handlers: {}};
const record = (name, args) => window.__chatjs.calls.push([name, JSON.parse(JSON.stringify(args ?? null))]);
window.connect = {
  ChatSession: {
    SessionTypes: {AGENT: "AGENT", CUSTOMER: "CUSTOMER"},
    setGlobalConfig(config) { record("setGlobalConfig", config); },
    create(args) {
      record("create", args);
      const on = (name) => (handler) => { window.__chatjs.handlers[name] = handler; };
      return {
        onMessage: on("message"), onTyping: on("typing"), onEnded: on("ended"),
        onConnectionBroken: on("broken"), onConnectionEstablished: on("established"),
        async connect() { record("connect"); return {}; },
        async getTranscript(args) {
          record("getTranscript", args);
          return {data: {Transcript: [{Id: "g1", Type: "MESSAGE", ParticipantRole: "SYSTEM",
            DisplayName: "SYSTEM_MESSAGE", ContentType: "text/plain", Content: "Welcome from Connect."}]}};
        },
        async sendMessage(args) {
          record("sendMessage", args);
          return {data: {Id: "m1", AbsoluteTime: "t"}};
        },
        async sendEvent(args) { record("sendEvent", args); return {data: {}}; },
        async disconnectParticipant() {  // chatjs 4+: Connect's chat-ended event comes first
          record("disconnectParticipant");
          window.__chatjs.handlers.ended({data: {}});
          return {};
        },
      };
    },
  },
};
"""
STARTED = {"ContactId": "contact-1", "ParticipantId": "participant-1", "ParticipantToken": "token-from-start"}


def chatjs_calls(page: Any, name: str) -> list[Any]:
    return [args for called, args in page.evaluate("window.__chatjs.calls") if called == name]


def emit(page: Any, handler: str, data: dict[str, str]) -> None:
    page.evaluate("([handler, data]) => window.__chatjs.handlers[handler]({data})", [handler, data])


def test_in_aws_the_panel_hands_chatjs_the_participant_token_and_shows_what_it_delivers(
    page: Any, site_url: str
):
    chatjs_requests: list[str] = []
    started_with: list[Any] = []

    def fake_chatjs(route: Any) -> None:
        chatjs_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body=FAKE_CHATJS)

    def fake_start(route: Any) -> None:  # /chat/start as in AWS: Connect's three values, no Transport
        started_with.append((route.request.headers, json.loads(route.request.post_data or "{}")))
        route.fulfill(status=200, content_type="application/json", body=json.dumps(STARTED))

    page.route(CHATJS, fake_chatjs)
    page.route("**/chat/start", fake_start)
    page.goto(site_url + "/chat")
    assert chatjs_requests == []  # not before a chat starts

    start_chat(page, site_url, "Sam", topic="Bins and recycling", phone="07700 900456")
    wait_for_message(page, "Welcome from Connect.")

    headers, body = started_with[0]
    assert body == {"displayName": "Sam", "phone": "07700 900456", "topic": "waste"}
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,100}", headers["idempotency-key"])
    assert len(chatjs_requests) == 1
    assert chatjs_calls(page, "setGlobalConfig") == [{"region": "eu-west-2"}]
    assert chatjs_calls(page, "create") == [
        {
            "chatDetails": {
                "contactId": "contact-1",
                "participantId": "participant-1",
                "participantToken": "token-from-start",
            },
            "options": {"region": "eu-west-2"},
            "type": "CUSTOMER",
            "disableCSM": True,
        }
    ]
    assert chatjs_calls(page, "getTranscript") == [
        {"scanDirection": "BACKWARD", "sortOrder": "ASCENDING", "maxResults": 15}
    ]

    # What chatjs delivers: the advisor joins, types, writes.
    emit(
        page,
        "message",
        {
            "Id": "j1",
            "Type": "EVENT",
            "ParticipantRole": "AGENT",
            "DisplayName": "Priya",
            "ContentType": "application/vnd.amazonaws.connect.event.participant.joined",
        },
    )
    page.get_by_role("status").get_by_text("You are chatting with Priya.").wait_for()
    emit(
        page,
        "typing",
        {
            "Type": "EVENT",
            "ParticipantRole": "AGENT",
            "DisplayName": "Priya",
            "ContentType": "application/vnd.amazonaws.connect.event.typing",
        },
    )
    page.get_by_text("Priya is typing.").wait_for()
    emit(
        page,
        "message",
        {
            "Id": "a1",
            "Type": "MESSAGE",
            "ParticipantRole": "AGENT",
            "DisplayName": "Priya",
            "ContentType": "text/plain",
            "Content": "How can I help?",
        },
    )
    wait_for_message(page, "How can I help?")
    assert page.get_by_text("Priya is typing.").count() == 0
    check_state(page, "chat-connect-stubbed")

    # What the resident does goes to chatjs; their message shows once, though Connect echoes it.
    page.get_by_label("Your message").press_sequentially("Hello")
    page.get_by_label("Your message").press("Enter")
    wait_for_message(page, "Hello")
    assert chatjs_calls(page, "sendMessage") == [{"contentType": "text/plain", "message": "Hello"}]
    assert chatjs_calls(page, "sendEvent") == [
        {"contentType": "application/vnd.amazonaws.connect.event.typing"}
    ]
    emit(
        page,
        "message",
        {
            "Id": "m1",
            "Type": "MESSAGE",
            "ParticipantRole": "CUSTOMER",
            "DisplayName": "Sam",
            "ContentType": "text/plain",
            "Content": "Hello",
        },
    )
    assert messages(page).locator("li").filter(has_text="Hello").count() == 1

    # The chat ends on Connect's side.
    emit(page, "ended", {})
    page.get_by_role("status").get_by_text("This chat has ended.").wait_for()
    expect(page.get_by_label("Your message")).to_be_hidden()


def test_in_aws_ending_the_chat_disconnects_the_participant_and_says_who_ended_it(page: Any, site_url: str):
    page.route(
        CHATJS, lambda route: route.fulfill(status=200, content_type="text/javascript", body=FAKE_CHATJS)
    )
    page.route(
        "**/chat/start",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(STARTED)),
    )
    start_chat(page, site_url, "Sam")
    wait_for_message(page, "Welcome from Connect.")

    page.get_by_role("button", name="End chat").click()

    page.get_by_role("status").get_by_text("You ended the chat.").wait_for()
    assert chatjs_calls(page, "disconnectParticipant") == [None]


@pytest.mark.parametrize(
    ("status", "body"),
    [(503, {"message": "Webchat is not available just now."}), (429, {"message": "Too Many Requests"})],
)
def test_when_a_chat_cannot_start_the_page_says_so_and_stays_usable(
    page: Any, site_url: str, status: int, body: dict[str, str]
):
    page.route(
        "**/chat/start",
        lambda route: route.fulfill(status=status, content_type="application/json", body=json.dumps(body)),
    )
    start_chat(page, site_url, "Sam")

    page.locator(".govuk-error-summary").get_by_text("Webchat is not available just now.").wait_for()
    assert page.get_by_role("button", name="Start chat").is_enabled()
    expect(page.get_by_role("heading", name="Your chat")).to_be_hidden()


# --- weight ------------------------------------------------------------------------------------------
def test_the_chat_page_stays_within_the_weight_budget_even_once_chatjs_has_loaded(
    browser: Any, site_url: str
):
    """make bench's measure (bench/site.py): gzipped HTML + CSS + JS under 150 KB, with Amazon
    Connect's real chat client loaded as in AWS (its calls to AWS refused: there is no network)."""
    from bench.site import BUDGET_KB, _weight

    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.route("https://*.amazonaws.com/**", lambda route: route.abort())
        page.route(
            "**/chat/start",
            lambda route: route.fulfill(
                status=200, content_type="application/json", body=json.dumps(STARTED)
            ),
        )
        assets: dict[str, int] = {}
        response = page.goto(site_url + "/chat")
        page.wait_for_load_state("load")
        before = _weight(page, response, assets)
        with page.expect_response("**/assets/amazon-connect-chat.js"):
            start_chat(page, site_url, "Sam", navigate=False)
        page.wait_for_load_state("load")
        during = _weight(page, response, assets)
    finally:
        context.close()

    assert before["total_kb"] < during["total_kb"] < BUDGET_KB, (before, during)
