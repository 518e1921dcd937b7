"""make run's webchat over HTTP on moto: the real start-chat function reaching the local Amazon
Connect through botocore, the chat flow with the real handlers and the demo callers, the resident's
side and the advisor's page (CSRF included), and nothing personal in any log line."""

from __future__ import annotations

import json
import logging
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlencode

import pytest

from local.chat_api import CONNECT_ENDPOINT_VARIABLE, LOCAL_CONNECT_PATH, chat_routes
from local.chat_service import ENDED, JOINED, ChatFlows, LocalChats, LocalConnect, use_local_connect
from local.gateway import make_gateway
from local.seed import DEMO_KNOWN_CALLER, DEMO_PRIORITY_CALLER

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


class Http:
    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def __call__(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        data = None
        if json_body is not None:
            data, sent["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        if form is not None:
            data, sent["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=10) as response:
                answer = Answer(response.status, dict(response.headers), response.read().decode())
                cookie_lines = response.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, dict(error.headers), error.read().decode())
            cookie_lines = error.headers.get_all("Set-Cookie") or []
        for line in cookie_lines:
            name, _, rest = line.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return answer


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Resident:
    """The panel's side: /chat/start, then the local transport with the participant token."""

    def __init__(self, http: Http) -> None:
        self.http = http
        self.token = ""
        self.contact_id = ""

    def start(self, **answers: str) -> Answer:
        answer = self.http("POST", "/chat/start", json_body=answers, headers={"Idempotency-Key": "key-0001"})
        if answer.status == 200:
            self.token, self.contact_id = answer.json()["ParticipantToken"], answer.json()["ContactId"]
        return answer

    def call(self, method: str, action: str, body: Any = None, token: str | None = None) -> Answer:
        headers = {"X-Amz-Bearer": self.token if token is None else token}
        return self.http(method, f"/chat/local/{action}", json_body=body, headers=headers)

    def transcript(self) -> list[dict[str, str]]:
        answer = self.call("GET", "transcript?after=0")
        assert answer.status == 200
        return list(answer.json()["Transcript"])

    def messages(self) -> list[str]:
        return [item["Content"] for item in self.transcript() if item["Type"] == "MESSAGE"]

    def say(self, text: str) -> Answer:
        return self.call("POST", "message", {"ContentType": "text/plain", "Content": text})


class Advisor:
    """The advisor's pages, as a browser without JavaScript uses them (one form session)."""

    def __init__(self, http: Http) -> None:
        self.http = http
        self.csrf: str | None = None

    def page(self, path: str = "/chat/advisor") -> Answer:
        answer = self.http("GET", path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', answer.body)
        if found:
            self.csrf = found[1]
        return answer

    def post(self, path: str, *fields: tuple[str, str], csrf: str | None = None) -> Answer:
        if csrf is None and self.csrf is None:
            self.page(path.rsplit("/", 1)[0] if path.endswith(("/message", "/end")) else "/chat/advisor")
        return self.http("POST", path, form=[("csrf_token", csrf or self.csrf or ""), *fields])

    def waiting(self) -> list[dict[str, str]]:
        cards = self.page().body.split("data-waiting-chat")[1:]
        return [
            {
                "name": unescape(re.search(r'govuk-summary-card__title">([^<]+?)\s*<', card)[1]),  # type: ignore[index]
                **{key.lower(): unescape(value) for key, value in re.findall(ROW, card)},
                "id": re.search(r"/chat/advisor/([0-9a-f-]+)/accept", card)[1],  # type: ignore[index]
                "priority": ">Priority<" in card.split("</h3>", 1)[0].replace(" ", "").replace("\n", ""),
            }
            for card in cards
        ]


ROW = r'summary-list__key">([^<]+)</dt>\s*<dd class="govuk-summary-list__value">([^<]*)</dd>'


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found[1]


def page_words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def gateway(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from local.seed import seed_demo_callers, seed_demo_cases

    seed_demo_cases()
    seed_demo_callers()
    chats = LocalChats()
    # The flow runs inside StartChatContact here, so each start has finished its flow on return.
    use_local_connect(LocalConnect(chats, ChatFlows(chats, hours="open", background=False)))
    server = make_gateway(chat_routes(), port=0)
    monkeypatch.setenv(CONNECT_ENDPOINT_VARIABLE, server.url + LOCAL_CONNECT_PATH)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()
    use_local_connect(None)


@pytest.fixture
def resident(gateway: str) -> Resident:
    return Resident(Http(gateway))


@pytest.fixture
def advisor(gateway: str) -> Advisor:
    return Advisor(Http(gateway))


# --- starting ----------------------------------------------------------------------------------------
def test_the_start_chat_function_starts_a_local_chat_and_tells_the_panel_to_talk_to_it(resident: Resident):
    answer = resident.start(displayName="Sam", topic="highways")

    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "no-store"
    body = answer.json()
    assert set(body) == {"ContactId", "ParticipantId", "ParticipantToken", "Transport"}
    assert body["Transport"] == "local"
    assert resident.messages()[:2] == [
        "Welcome to Example Borough Council.",
        "Putting you through to Highways.",
    ]


def test_the_chat_waits_in_the_queue_of_its_topic_on_the_advisors_page(resident: Resident, advisor: Advisor):
    resident.start(displayName="Sam", topic="highways")

    assert advisor.waiting() == [
        {
            "name": "Sam",
            "queue": "Highways",
            "topic": "Roads, pavements and street lights",
            "waiting": "Less than a minute",
            "id": resident.contact_id,
            "priority": False,
        }
    ]


def test_a_vulnerable_resident_who_gives_their_number_is_answered_first(gateway: str, advisor: Advisor):
    first, vulnerable = Resident(Http(gateway)), Resident(Http(gateway))
    first.start(displayName="Ana", topic="waste")

    vulnerable.start(displayName="Bo", topic="waste", phone="07700 900123")

    assert DEMO_PRIORITY_CALLER == "+447700900123"
    assert [(chat["name"], chat["queue"], chat["priority"]) for chat in advisor.waiting()] == [
        ("Bo", "Priority callers", True),
        ("Ana", "Waste and Recycling", False),
    ]


def test_a_resident_with_an_open_request_is_told_of_it_and_the_advisor_sees_it(
    resident: Resident, advisor: Advisor
):
    resident.start(displayName="Sam", topic="waste", phone=DEMO_KNOWN_CALLER)
    advisor.post(f"/chat/advisor/{resident.contact_id}/accept")

    shown = page_words(advisor.page(f"/chat/advisor/{resident.contact_id}").body)
    reference = re.search(r"Open request (\d{9})", shown)
    assert reference is not None and "Known to us Yes" in shown
    told = [text for text in resident.messages() if text.startswith("Welcome back.")]
    assert len(told) == 1 and reference[1] in re.sub(r"\D", "", told[0])  # read out digit by digit


def test_a_retried_start_with_the_same_idempotency_key_joins_the_same_chat(gateway: str, advisor: Advisor):
    first, retry = Resident(Http(gateway)), Resident(Http(gateway))

    first.start(displayName="Sam", topic="waste")
    retry.start(displayName="Sam", topic="waste")

    assert retry.contact_id == first.contact_id and retry.token == first.token
    assert len(advisor.waiting()) == 1


def test_a_start_the_function_refuses_never_reaches_connect(resident: Resident, advisor: Advisor):
    answer = resident.start(displayName="Sam", phone="call me")

    assert answer.status == 400 and answer.json()["field"] == "phone"
    assert advisor.waiting() == []


def test_when_local_connect_refuses_the_function_answers_503_as_in_aws(
    resident: Resident, monkeypatch: pytest.MonkeyPatch
):
    from frontdoor import settings

    monkeypatch.setenv(settings.CONNECT_CHAT_FLOW_ID, "00000000-0000-4000-8000-00000000dead")
    settings.chat_settings.cache_clear()
    try:
        answer = resident.start(displayName="Sam", topic="waste")
    finally:
        settings.chat_settings.cache_clear()
    assert answer.status == 503
    assert answer.json() == {
        "message": "Webchat is not available just now. Please try again later, or phone us."
    }


def test_local_connect_answers_only_signed_start_chat_contact_requests(gateway: str):
    http = Http(gateway)
    unsigned = http("PUT", f"{LOCAL_CONNECT_PATH}/contact/chat", json_body={})
    other = http("GET", f"{LOCAL_CONNECT_PATH}/contacts", headers={"Authorization": "AWS4-HMAC-SHA256 x"})

    assert (unsigned.status, unsigned.headers["x-amzn-ErrorType"]) == (403, "AccessDeniedException")
    assert (other.status, other.headers["x-amzn-ErrorType"]) == (404, "ResourceNotFoundException")


# --- the conversation --------------------------------------------------------------------------------
def test_messages_go_both_ways_until_the_advisor_ends_the_chat(resident: Resident, advisor: Advisor):
    resident.start(displayName="Sam", topic="waste")
    assert resident.say("My bin was missed on Tuesday").status == 200

    accepted = advisor.post(f"/chat/advisor/{resident.contact_id}/accept")
    assert (accepted.status, accepted.headers["Location"]) == (303, f"/chat/advisor/{resident.contact_id}")
    conversation = advisor.page(accepted.headers["Location"])
    assert "My bin was missed on Tuesday" in page_words(conversation.body)  # said while waiting

    sent = advisor.post(
        f"/chat/advisor/{resident.contact_id}/message",
        ("message", "Sorry, Sam. I will book a collection."),
        csrf=csrf_token(conversation.body),
    )
    assert sent.status == 303
    resident.say("Thank you")
    assert "Sam: Thank you" not in page_words(advisor.page(f"/chat/advisor/{resident.contact_id}").body)
    assert "Sam Thank you" in page_words(advisor.page(f"/chat/advisor/{resident.contact_id}").body)

    advisor.post(f"/chat/advisor/{resident.contact_id}/end")

    transcript = resident.transcript()
    joined = next(item for item in transcript if item["ContentType"] == JOINED)
    assert (joined["ParticipantRole"], joined["DisplayName"]) == ("AGENT", "Alex")
    assert [
        item["Content"]
        for item in transcript
        if item["ParticipantRole"] == "AGENT" and item["Type"] == "MESSAGE"
    ] == ["Sorry, Sam. I will book a collection."]
    assert transcript[-1]["ContentType"] == ENDED
    assert resident.say("Hello?").status == 409
    assert "This chat has ended." in page_words(advisor.page(f"/chat/advisor/{resident.contact_id}").body)


def test_the_resident_can_end_the_chat_while_waiting(resident: Resident, advisor: Advisor):
    resident.start(displayName="Sam", topic="waste")

    assert resident.call("POST", "disconnect", {}).status == 200

    assert advisor.waiting() == []
    assert resident.transcript()[-1]["ContentType"] == ENDED


def test_the_transcript_pages_after_the_last_item_seen(resident: Resident):
    resident.start(displayName="Sam", topic="waste")
    last = resident.transcript()[-1]["Id"]

    resident.say("Hello")

    newer = resident.call("GET", f"transcript?after={last}").json()["Transcript"]
    assert [(item["ParticipantRole"], item["Content"]) for item in newer] == [("CUSTOMER", "Hello")]


@pytest.mark.parametrize(
    ("method", "action", "body", "status"),
    [
        ("GET", "transcript?after=abc", None, 400),
        ("POST", "message", {"ContentType": "text/html", "Content": "<b>hi</b>"}, 400),
        ("POST", "message", {"ContentType": "text/plain", "Content": "   "}, 400),
        ("POST", "message", {"ContentType": "text/plain", "Content": "x" * 1025}, 400),
        ("POST", "message", [1, 2], 400),
        ("POST", "event", {"ContentType": "application/vnd.amazonaws.connect.event.chat.ended"}, 400),
        ("POST", "nothing", {}, 404),
        ("DELETE", "transcript", None, 404),
    ],
)
def test_the_residents_side_refuses_bad_requests_with_a_message(
    resident: Resident, method: str, action: str, body: Any, status: int
):
    resident.start(displayName="Sam", topic="waste")

    answer = resident.call(method, action, body)

    assert answer.status == status and answer.json()["Message"]


@pytest.mark.parametrize("token", ["", "local-not-a-token"])
def test_only_the_chats_participant_token_opens_it(resident: Resident, token: str):
    resident.start(displayName="Sam", topic="waste")

    answer = resident.call("GET", "transcript?after=0", token=token)

    assert answer.status == 403


# --- the advisor's page -------------------------------------------------------------------------------
def test_advisor_actions_without_the_csrf_token_are_refused_and_change_nothing(
    resident: Resident, advisor: Advisor
):
    resident.start(displayName="Sam", topic="waste")

    forged = advisor.post(f"/chat/advisor/{resident.contact_id}/accept", csrf="x" * 43)
    no_session = Advisor(Http(advisor.http.base)).http(
        "POST", f"/chat/advisor/{resident.contact_id}/accept", form=[("csrf_token", "y" * 43)]
    )

    assert forged.status == no_session.status == 400
    assert "Sorry, there is a problem" in forged.body
    assert [chat["id"] for chat in advisor.waiting()] == [resident.contact_id]


def test_a_chat_already_picked_up_is_not_picked_up_again(resident: Resident, advisor: Advisor):
    resident.start(displayName="Sam", topic="waste")
    advisor.post(f"/chat/advisor/{resident.contact_id}/accept")

    again = advisor.post(f"/chat/advisor/{resident.contact_id}/accept")

    assert again.status == 409
    assert "That chat is no longer waiting" in page_words(again.body)


def test_an_empty_message_shows_the_govuk_error_and_sends_nothing(resident: Resident, advisor: Advisor):
    resident.start(displayName="Sam", topic="waste")
    advisor.post(f"/chat/advisor/{resident.contact_id}/accept")

    refused = advisor.post(f"/chat/advisor/{resident.contact_id}/message", ("message", "  "))

    assert refused.status == 400
    assert "<title>Error: Chat with Sam" in refused.body
    assert 'href="#message">Enter a message</a>' in refused.body
    assert [
        item
        for item in resident.transcript()
        if item["ParticipantRole"] == "AGENT" and item["Type"] == "MESSAGE"
    ] == []


@pytest.mark.parametrize(
    "path", ["/chat/advisor/not-a-chat", "/chat/advisor/0b0f6f0e-7bd5-4a8e-9d8e-2f4d6a1c0b11"]
)
def test_an_unknown_chat_is_a_404_page(advisor: Advisor, path: str):
    answer = advisor.page(path)
    assert answer.status == 404 and "Page not found" in answer.body


def test_advisor_pages_are_never_stored_and_carry_the_security_headers(advisor: Advisor):
    answer = advisor.page()
    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "fd_session=" in (answer.headers.get("Set-Cookie") or "")


# --- privacy -----------------------------------------------------------------------------------------
def test_nothing_the_resident_or_advisor_wrote_reaches_a_log_line(
    resident: Resident, advisor: Advisor, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    resident.start(displayName="Zebedee Quux", topic="waste", phone="07700 900123")
    resident.say("My address is 12 Acacia Avenue")
    advisor.post(f"/chat/advisor/{resident.contact_id}/accept")
    advisor.post(f"/chat/advisor/{resident.contact_id}/message", ("message", "Thanks Zebedee"))
    advisor.post(f"/chat/advisor/{resident.contact_id}/end")

    out, err = capfd.readouterr()
    logged = out + err + caplog.text
    for secret in ("Zebedee", "Quux", "Acacia", "900123", "7700900123", resident.token):
        assert secret not in logged, secret
