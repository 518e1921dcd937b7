"""What the automated line answers and does, for phone and webchat contacts alike.

Each method returns the flat string map its Connect-invoked function replies with (the keys are
the contract the flows read as ``$.External.<key>``); every answer of a function has the same keys,
its fallback included, so a flow never reads a missing one. Failures of the stores or of texting
raise, and the Connect plumbing (``connect.py``) answers with the function's fallback instead:
``outcome`` "advisor", which the flows route to an advisor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..cases.dates import utc_now
from ..cases.errors import CaseNotFound
from ..cases.model import Case, NewReport, Reporter
from ..cases.reference import LENGTH, is_valid
from ..cases.service import CaseService
from ..messaging.ports import TextMessages, TextNotSent
from .keypad import is_digits, keyed_digits
from .links import Links
from .model import ContactChannel, SurveyAnswer
from .phone import CallerKeys, can_receive_texts, normalise_number
from .ports import ContactRepository
from .speech import case_summary, expected_words, speakable_reference

_log = logging.getLogger(__name__)  # codes and references only: never a number or a message

Answer = dict[str, str]
# (idempotency key, payload the key must always come with, report) -> the case's reference
FileOnce = Callable[[str, str, NewReport], str]

ADVISOR_SPEECH = "Sorry, I cannot do that just now. I will put you through to an advisor."
NO_MOBILE_SPEECH = "We can only text a mobile, and we cannot see a mobile number for this call."
NOT_ONLINE_SPEECH = "That cannot be done online. I will put you through to an advisor."
FALLBACKS: dict[str, Answer] = {
    "identify_caller": {
        "outcome": "advisor",
        "known": "false",
        "priority": "false",
        "open_cases": "0",
        "case_reference": "",
        "case_speech": "",
    },
    "case_status": {"outcome": "advisor", "speech": ADVISOR_SPEECH, "status": "", "expected": ""},
    "garden_waste_renewal": {"outcome": "advisor", "reference": "", "speech": ADVISOR_SPEECH},
    "record_survey": {"outcome": "advisor"},
    "send_link": {"outcome": "advisor", "speech": ADVISOR_SPEECH},
}

GARDEN_WASTE = "garden_waste_renewal"
SUBSCRIPTION_DIGITS = 6
SUBSCRIPTION_PREFIX = "GW"  # letters cannot be keyed: the caller keys the digits after them
MAX_BINS = 3
MAX_CALLER_CASES = 20  # the latest cases looked at when a caller rings: one page, one BatchGet
DEFAULT_QUESTION = "satisfaction"
_QUESTION = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CONTACT_ID = re.compile(r"^[A-Za-z0-9-]{1,128}$")


@dataclass
class AutomatedLine:
    """The phone line's self-service, on the case store every channel shares (one per process)."""

    cases: CaseService
    contacts: ContactRepository
    texts: Callable[[], TextMessages]  # made on first use: only two functions text
    caller_keys: CallerKeys
    links: Links
    council_name: str
    clock: Callable[[], datetime] = utc_now

    # --- identify_caller ----------------------------------------------------------------------
    def identify_caller(self, number: str | None, channel: ContactChannel = "phone") -> Answer:
        """Tell us once: who is ringing, whether they come first, and their latest open case."""
        key = self.caller_keys.for_number(number)
        if key is None:  # withheld, anonymous, or not a number: a stranger
            return _caller_answer(known=False, priority=False, open_cases=[], speech="")
        now = self.clock()
        history = self.contacts.caller(key, now, MAX_CALLER_CASES)
        open_cases = sorted(
            (case for case in self.cases.get_many(history.references) if case.is_open),
            key=lambda case: case.requested_at,
            reverse=True,
        )
        catalogue = self.cases.catalogue
        priority = bool(history.profile and history.profile.priority) or any(
            (service := catalogue.get(case.service_code)) is not None and service.priority
            for case in open_cases
        )
        speech = self._summary(open_cases[0], now, written=channel == "chat") if open_cases else ""
        return _caller_answer(known=history.known, priority=priority, open_cases=open_cases, speech=speech)

    # --- case_status --------------------------------------------------------------------------
    def case_status(self, keyed: str | None) -> Answer:
        reference = keyed_digits(keyed)
        if not is_digits(reference, LENGTH):
            return _status_answer("not_found", f"A case reference has {LENGTH} digits. Please check it.")
        spoken = speakable_reference(reference)
        if not is_valid(reference):  # the check digit catches a mistyped or swapped digit
            return _status_answer(
                "not_found", f"The reference {spoken} does not look right. Please check it."
            )
        try:
            case = self.cases.get(reference)
        except CaseNotFound:
            return _status_answer("not_found", f"We could not find a case with the reference {spoken}.")
        now = self.clock()
        return _status_answer(
            "ok", self._summary(case, now), status=case.status, expected=expected_words(case, now)
        )

    # --- garden_waste_renewal -----------------------------------------------------------------
    def renew_garden_waste(
        self,
        contact_id: str,
        number: str | None,
        subscription: str | None,
        bins: str | None,
        file_once: FileOnce,
    ) -> Answer:
        """File the renewal as awaiting payment, then text a secure link to pay: no card details here.

        Filing is idempotent per contact, so a retried invocation answers with the same case.
        """
        digits, count = keyed_digits(subscription), keyed_digits(bins)
        if not is_digits(digits, SUBSCRIPTION_DIGITS):
            return _renewal_answer(
                "invalid",
                "",
                f"Your subscription reference is the {SUBSCRIPTION_DIGITS} digits after G W on your"
                " renewal letter. Please key them again.",
            )
        if not (is_digits(count, 1) and 1 <= int(count) <= MAX_BINS):
            return _renewal_answer(
                "invalid", "", f"You can renew from 1 to {MAX_BINS} bins. Please key a number."
            )
        mobile = _mobile(number)
        if mobile is None:
            return _renewal_answer("no_number", "", f"We text you a secure link to pay. {NO_MOBILE_SPEECH}")
        # Before filing, not after: a renewal nobody can be sent the link to pay for helps nobody.
        self.links.require_payment()
        texts = self.texts()
        report = NewReport(
            service_code=GARDEN_WASTE,
            channel="phone",
            answers={
                "number_of_bins": [count],
                "subscription_reference": [SUBSCRIPTION_PREFIX + digits],
            },
            reporter=Reporter(phone=mobile),
        )
        reference = file_once(_contact_key(contact_id), f"{digits}:{count}", report)
        spoken = speakable_reference(reference)
        body = (
            f"{self.council_name}: your garden waste renewal is case {reference}. Pay securely here:"
            f" {self.links.payment(reference)}\nWe never ask for card details by phone or text."
        )
        try:
            texts.send(mobile, body)
        except TextNotSent as error:
            _log.warning("payment link not texted", extra={"code": error.code, "reference": reference})
            return _renewal_answer(
                "advisor",
                reference,
                f"Your renewal is case {spoken}, but we could not text you the payment link."
                " I will put you through to an advisor.",
            )
        return _renewal_answer(
            "ok",
            reference,
            f"Thank you. Your renewal is case {spoken}. It is awaiting payment: we have sent you a text"
            " with a secure link to pay. We never take card details on this line.",
        )

    # --- record_survey ------------------------------------------------------------------------
    def record_survey(
        self, contact_id: str, channel: ContactChannel, score: str | None, question: str | None
    ) -> Answer:
        keyed, asked = keyed_digits(score), (question or DEFAULT_QUESTION).strip()
        if not (is_digits(keyed, 1) and 1 <= int(keyed) <= 5) or not _QUESTION.match(asked):
            return {"outcome": "invalid"}
        if not _CONTACT_ID.match(contact_id):
            raise ValueError("the contact id is not a Connect contact id")
        self.contacts.record_survey(SurveyAnswer(contact_id, asked, int(keyed), channel, self.clock()))
        return {"outcome": "ok"}

    # --- send_link ----------------------------------------------------------------------------
    def send_link(self, number: str | None, topic: str | None, reference: str | None) -> Answer:
        """Text a link to do it online: a service's form, "report" (any problem) or "track" a case."""
        task = self._online_task((topic or "").strip(), keyed_digits(reference))
        if task is None:
            return {
                "outcome": "advisor",
                "speech": "That cannot be done online. I will put you through to an advisor.",
            }
        what, link = task
        mobile = _mobile(number)
        if mobile is None:
            return {"outcome": "no_number", "speech": NO_MOBILE_SPEECH}
        try:
            self.texts().send(mobile, f"{self.council_name}: {what} online at {link}")
        except TextNotSent as error:
            _log.warning("link not texted", extra={"code": error.code})
            return {"outcome": "advisor", "speech": "Sorry, we could not send the text. " + ADVISOR_SPEECH}
        return {"outcome": "ok", "speech": "We have sent you a text with the link."}

    def _online_task(self, topic: str, reference: str) -> tuple[str, str] | None:
        """What the text offers, and its link; None when the topic cannot be done online."""
        if topic == "report":
            return "Report a problem", self.links.report()
        if topic == "track":
            if is_valid(reference):
                return f"Track case {reference}", self.links.track(reference)
            return "Track your case", self.links.track()
        service = self.cases.catalogue.get(topic)
        if service is None or not service.offered_on("web"):
            return None
        return service.name, self.links.report(service.service_code)

    def _summary(self, case: Case, now: datetime, *, written: bool = False) -> str:
        service = self.cases.catalogue.get(case.service_code)
        return case_summary(case, service.name if service else "a council service", now, written=written)


def _mobile(number: str | None) -> str | None:
    normalised = normalise_number(number)
    return normalised if normalised and can_receive_texts(normalised) else None


def _contact_key(contact_id: str) -> str:
    if not _CONTACT_ID.match(contact_id):
        raise ValueError("the contact id is not a Connect contact id")
    return f"connect:{contact_id}"


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _caller_answer(known: bool, priority: bool, open_cases: list[Case], speech: str) -> Answer:
    return {
        "outcome": "ok",
        "known": _flag(known),
        "priority": _flag(priority),
        "open_cases": str(len(open_cases)),
        "case_reference": open_cases[0].reference if open_cases else "",
        "case_speech": speech,
    }


def _status_answer(outcome: str, speech: str, status: str = "", expected: str = "") -> Answer:
    return {"outcome": outcome, "speech": speech, "status": status, "expected": expected}


def _renewal_answer(outcome: str, reference: str, speech: str) -> Answer:
    return {"outcome": outcome, "reference": reference, "speech": speech}
