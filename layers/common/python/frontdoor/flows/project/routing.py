"""What calls and chats share: find out who is there, put vulnerable residents first, offer the
menu, and hand over to a team when advisors are in (or to the out-of-hours flow when not).

``Conversation`` writes these steps into a flow for one channel. Identification, priority and
the hand-over to a team are the same on both. On a call the caller then hears the configured
menu and presses keys; a chat (which in Connect can take typed choices only through a Lex bot)
is routed by the topic the resident picked from the same menu in the web widget, and the
self-service options are on the website the resident is already using.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import actions as a
from ..config import (
    ADVISORS,
    PRIORITY_QUEUE,
    AdvisorOption,
    CheckCaseOption,
    ContactCentreConfig,
    GardenWasteOption,
    MenuOption,
    TextLinkOption,
)
from ..language import Flow
from ..refs import FlowRefs
from .hours import closed_notice

GENERAL_TEAM = "customer_services"
REFERENCE_DIGITS = 9
SUBSCRIPTION_DIGITS = 6
KEY_SECONDS = 8  # time to press a key before the caller counts as silent

Medium = Literal["voice", "chat"]


@dataclass
class Conversation:
    flow: Flow
    refs: FlowRefs
    config: ContactCentreConfig
    medium: Medium

    # --- words that differ between a call and a chat -----------------------------------------
    def press(self, key: str) -> str:
        return f"press {key}"

    @property
    def website(self) -> str:
        return self.config.website_spoken if self.medium == "voice" else self.config.website

    def welcome(self, id: str, *, then: str) -> None:
        """Greet, and out of advisors' hours say so: self-service stays open; the emergency numbers."""
        self.flow.add(
            a.say(id, self.config.greeting, next="advisors-in"),
            a.check_hours(
                "advisors-in", self.refs.hours_arn(ADVISORS), open=then, closed="advisors-out", on_error=then
            ),
            a.say("advisors-out", closed_notice(self.config), next=then),
        )

    # --- identification and priority ----------------------------------------------------------
    def identify(self, id: str, *, phone: str | None, then: str) -> None:
        """Look the caller up by number: vulnerable residents go to the priority queue, residents
        with an open case hear it first ("tell us once"), everyone else hears the menu."""
        attributes = {"phone": phone} if phone else {}
        self.flow.add(
            a.invoke(
                id,
                self.refs.lambda_arn("identify_caller"),
                attributes=attributes,
                next="remember-caller",
                on_error=then,
            ),
            a.set_attributes(
                "remember-caller",
                {
                    "caller_known": "$.External.known",
                    "caller_priority": "$.External.priority",
                    "case_reference": "$.External.case_reference",
                },
                next="is-priority",
            ),
            a.branch(
                "is-priority", "$.External.priority", {"true": "priority-routing"}, otherwise="has-open-case"
            ),
            a.set_priority("priority-routing", priority=1, next="priority-queue"),
            a.set_queue(
                "priority-queue",
                self.refs.queue_arn(PRIORITY_QUEUE),
                next="priority-hours",
                on_error=self.advisor(GENERAL_TEAM),
            ),
            a.check_hours(
                "priority-hours",
                self.refs.hours_arn(ADVISORS),
                open="priority-transfer",
                closed="out-of-hours",
                on_error="priority-transfer",
            ),
            a.say(
                "priority-transfer", "We are putting you through to an advisor now.", next="priority-enqueue"
            ),
            a.transfer_to_queue("priority-enqueue", on_full="busy", on_error="sorry"),
            a.branch("has-open-case", "$.External.open_cases", {"0": then}, otherwise="tell-case"),
            a.say(
                "tell-case",
                "Welcome back. $.External.case_speech",
                next="case-choice" if self.medium == "voice" else then,
            ),
        )
        if self.medium == "chat":
            return
        self.flow.add(
            a.menu(
                "case-choice",
                f"To speak to an advisor about this, {self.press('1')}. "
                f"For something else, {self.press('2')}.",
                {"1": self.advisor(GENERAL_TEAM), "2": then},
                on_silence=then,
                on_other_key=then,
                on_error=then,
                seconds=KEY_SECONDS,
            ),
        )

    # --- the menu -------------------------------------------------------------------------------
    def main_menu(self) -> str:
        """The configured menu (keys in the configured order); * hears it again. Calls only."""
        options = {str(key): self.option(key, option) for key, option in enumerate(self.config.menu, start=1)}
        text = " ".join(
            f"{option.say}, {self.press(str(key))}." for key, option in enumerate(self.config.menu, start=1)
        )
        self.flow.add(
            a.menu(
                "menu",
                f"{text} To hear these options again, {self.press('star')}.",
                {**options, "*": "menu-again"},
                on_silence="menu-again",
                on_other_key="not-an-option",
                on_error=self.advisor(GENERAL_TEAM),
                seconds=KEY_SECONDS,
            ),
            a.say("not-an-option", "Sorry, that is not one of the options.", next="menu-again"),
            # Heard twice without a choice: a person is better placed to help than a third menu.
            a.menu(
                "menu-again",
                text,
                options,
                on_silence=self.advisor(GENERAL_TEAM),
                on_other_key=self.advisor(GENERAL_TEAM),
                on_error=self.advisor(GENERAL_TEAM),
                seconds=KEY_SECONDS,
            ),
        )
        return "menu"

    def option(self, key: int, option: MenuOption) -> str:
        if isinstance(option, AdvisorOption):
            return self.advisor(option.team)
        if isinstance(option, CheckCaseOption):
            return self.check_case()
        if isinstance(option, GardenWasteOption):
            return self.garden_waste()
        if isinstance(option, TextLinkOption):
            return self.text_link(key, option.service)
        raise TypeError(f"unknown menu option {option!r}")

    def topic_routing(self) -> str:
        """Chats: the team the resident chose in the web widget (its menu), else customer services."""
        teams = {
            queue.key: self.advisor(queue.key) for queue in self.config.queues if queue.key != PRIORITY_QUEUE
        }
        self.flow.add(a.branch("topic", "$.Attributes.topic", teams, otherwise=self.advisor(GENERAL_TEAM)))
        return "topic"

    # --- self-service ------------------------------------------------------------------------
    def check_case(self) -> str:
        if "case-reference" in self.flow.actions:
            return "case-reference"
        self.flow.add(
            *a.ask_digits(
                "case-reference",
                "Please enter your case reference. It has 9 digits. Then press the hash key.",
                max_digits=REFERENCE_DIGITS,
                next="case-lookup",
                on_silence="menu-again",
                on_error=self.advisor(GENERAL_TEAM),
                seconds=15,
            ),
            a.invoke(
                "case-lookup",
                self.refs.lambda_arn("case_status"),
                attributes={"reference": "$.StoredCustomerInput"},
                next="case-found",
                on_error=self.advisor(GENERAL_TEAM),
            ),
            a.branch(
                "case-found",
                "$.External.outcome",
                {"ok": "case-status", "not_found": "case-status"},
                otherwise=self.advisor(GENERAL_TEAM),
            ),
            a.say("case-status", "$.External.speech", next=self.anything_else()),
        )
        return "case-reference"

    def garden_waste(self) -> str:
        self.flow.add(
            a.say(
                "garden-waste",
                "You can renew your garden waste subscription now. We will text you a secure link "
                "to pay; we never take card details on this line.",
                next="garden-waste-subscription",
            ),
            *a.ask_digits(
                "garden-waste-subscription",
                "Please enter the 6 digits of your subscription reference, from your renewal letter.",
                max_digits=SUBSCRIPTION_DIGITS,
                next="garden-waste-remember",
                on_silence="menu-again",
                on_error=self.advisor("waste"),
                seconds=15,
            ),
            a.set_attributes(
                "garden-waste-remember",
                {"garden_waste_subscription": "$.StoredCustomerInput"},
                next="garden-waste-bins",
            ),
            *a.ask_digits(
                "garden-waste-bins",
                "How many garden waste bins would you like to renew? Enter a number from 1 to 3.",
                max_digits=1,
                next="garden-waste-renew",
                on_silence="menu-again",
                on_error=self.advisor("waste"),
                seconds=KEY_SECONDS,
            ),
            a.invoke(
                "garden-waste-renew",
                self.refs.lambda_arn("garden_waste_renewal"),
                attributes={
                    "subscription": "$.Attributes.garden_waste_subscription",
                    "bins": "$.StoredCustomerInput",
                },
                next="garden-waste-renewed",
                on_error=self.advisor("waste"),
            ),
            a.branch(
                "garden-waste-renewed",
                "$.External.outcome",
                {
                    "ok": "garden-waste-done",
                    "invalid": "garden-waste-invalid",
                    "no_number": "garden-waste-no-number",
                },
                otherwise=self.advisor("waste"),
            ),
            a.say("garden-waste-done", "$.External.speech", next=self.anything_else()),
            a.say("garden-waste-invalid", "$.External.speech", next="garden-waste-subscription"),
            a.say("garden-waste-no-number", "$.External.speech", next=self.advisor("waste")),
        )
        return "garden-waste"

    def text_link(self, key: int, service: str) -> str:
        id = f"link-{key}"
        self.flow.add(
            a.invoke(
                id,
                self.refs.lambda_arn("send_link"),
                attributes={"topic": service},
                next=f"{id}-sent",
                on_error=self.advisor(GENERAL_TEAM),
            ),
            a.branch(
                f"{id}-sent",
                "$.External.outcome",
                {"ok": f"{id}-said", "no_number": f"{id}-said"},
                otherwise=self.advisor(GENERAL_TEAM),
            ),
            a.say(f"{id}-said", "$.External.speech", next=self.anything_else()),
        )
        return id

    def anything_else(self) -> str:
        if "anything-else" not in self.flow.actions:
            self.flow.add(
                a.menu(
                    "anything-else",
                    f"To go back to the main menu, {self.press('1')}. "
                    f"To speak to an advisor, {self.press('2')}. "
                    "Otherwise, thank you for contacting us. Goodbye.",
                    {"1": "menu", "2": self.advisor(GENERAL_TEAM)},
                    on_silence="goodbye",
                    on_other_key="goodbye",
                    on_error="goodbye",
                    seconds=KEY_SECONDS,
                ),
                a.disconnect("goodbye"),
            )
        return "anything-else"

    # --- advisors ----------------------------------------------------------------------------
    def advisor(self, team: str) -> str:
        """Put the contact through to ``team``'s queue when its advisors are in; otherwise the
        out-of-hours flow. Written once per team, however many options lead there."""
        queue = self.config.queue(team)
        id = f"to-{team}"
        if id not in self.flow.actions:
            self.flow.add(
                a.set_queue(id, self.refs.queue_arn(team), next=f"{id}-hours", on_error="sorry"),
                a.check_hours(
                    f"{id}-hours",
                    self.refs.hours_arn(queue.hours),
                    open=f"{id}-transfer",
                    closed="out-of-hours",
                    on_error=f"{id}-transfer",
                ),
                a.say(f"{id}-transfer", f"Putting you through to {queue.name}.", next=f"{id}-enqueue"),
                a.transfer_to_queue(f"{id}-enqueue", on_full="busy", on_error="sorry"),
            )
            self.endings()
        return id

    def endings(self) -> None:
        """The ways a contact ends when it cannot be put through."""
        if "sorry" in self.flow.actions:
            return
        self.flow.add(
            a.transfer_to_flow("out-of-hours", self.refs.flow_arn("out_of_hours"), on_error="sorry"),
            a.say(
                "busy",
                f"Sorry, all our advisors are busy. Please try again later, or visit {self.website}.",
                next="hang-up",
            ),
            a.say(
                "sorry",
                f"Sorry, something went wrong on our side. Please try again later, or visit {self.website}.",
                next="hang-up",
            ),
            a.disconnect("hang-up"),
        )
