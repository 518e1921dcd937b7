"""The notifier: one public update in, at most one message out (an email, or else a text).

Invoked once per update (the stream's records, deduplicated per update id around this class), it
reads the case and its reporter, applies the rules, words the message and sends it. A refusal
that will never change (a malformed address, a number that opted out of texts) is an outcome, not
an error; anything else (throttling, a timeout, SES paused) raises, so the record is retried and,
after the retries, lands in the dead-letter queue. The update itself is already stored either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Literal

from ..cases.dates import utc_now
from ..cases.model import Case, Update
from ..catalogue import Catalogue
from ..contacts.links import Links
from ..messaging.ports import EmailMessages, MessageNotSent, TextMessages
from . import optout
from .ports import CaseReader, OptOutStore
from .rules import Channel, NotTold, Recipient, recipient_for
from .templates import MessageFacts, Situation, email_for, public_note, situation_of, text_for

# Provider codes that say this message can never be delivered, however often it is retried: SES's
# BadRequestException (an address it cannot send to), End User Messaging SMS's ValidationException
# (not a number it can text) and ConflictException (the number replied STOP).
UNDELIVERABLE = frozenset({"BadRequestException", "ValidationException", "ConflictException"})

Result = Literal["sent", "not_told", "undeliverable"]


@dataclass(frozen=True)
class Outcome:
    """What became of one update: safe to log and to keep (codes and references, no personal data)."""

    update_id: str
    reference: str
    result: Result
    channel: Channel | None = None
    situation: Situation | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {name: value for name, value in asdict(self).items() if value is not None}


@dataclass
class Notifier:
    cases: CaseReader
    catalogue: Catalogue
    opt_outs: OptOutStore
    links: Links
    council_name: str
    # None: the stage sends no such messages (no SES sender, or no SMS origination identity yet).
    emails: Callable[[], EmailMessages] | None
    texts: Callable[[], TextMessages] | None
    clock: Callable[[], datetime] = utc_now
    new_secret: Callable[[], str] = optout.new_secret

    def notify(self, update: Update) -> Outcome:
        def outcome(
            result: Result,
            channel: Channel | None = None,
            situation: Situation | None = None,
            reason: str = "",
        ) -> Outcome:
            return Outcome(update.update_id, update.reference, result, channel, situation, reason or None)

        now = self.clock()
        case = self.cases.get(update.reference)
        if case is None:
            return outcome("not_told", reason="case_not_found")
        told = recipient_for(self.cases.reporter(update.reference, now))
        if isinstance(told, NotTold):
            return outcome("not_told", reason=told.reason)
        if self._sender(told.channel) is None:
            return outcome("not_told", channel=told.channel, reason=f"{told.channel}_not_configured")
        secret = self.opt_outs.link_secret(update.reference, self.new_secret(), now)
        if secret is None:  # the reporter item expired a moment ago
            return outcome("not_told", reason="no_contact_details")
        facts = self._facts(update, case, told, optout.token_for(update.reference, secret))
        try:
            self._send(told, facts)
        except MessageNotSent as refused:
            if refused.code not in UNDELIVERABLE:
                raise
            return outcome(
                "undeliverable", channel=told.channel, situation=facts.situation, reason=refused.code
            )
        return outcome("sent", channel=told.channel, situation=facts.situation)

    def _sender(self, channel: Channel) -> Callable[[], EmailMessages] | Callable[[], TextMessages] | None:
        return self.emails if channel == "email" else self.texts

    def _send(self, told: Recipient, facts: MessageFacts) -> None:
        if told.channel == "email" and self.emails is not None:
            email = email_for(facts)
            self.emails().send_email(
                told.address, email.subject, email.body, unsubscribe_url=facts.opt_out_url
            )
        elif told.channel == "sms" and self.texts is not None:
            self.texts().send(told.address, text_for(facts))

    def _facts(self, update: Update, case: Case, told: Recipient, token: str) -> MessageFacts:
        situation = situation_of(update, case)
        service = self.catalogue.get(case.service_code)
        follow = case.duplicate_of if situation == "duplicate" else None
        return MessageFacts(
            council_name=self.council_name,
            situation=situation,
            reference=update.reference,
            track_url=self.links.track(update.reference),
            opt_out_url=self.links.opt_out(token),
            service_name=service.name if service else None,
            note=public_note(update),
            first_name=told.first_name,
            expected_at=case.expected_at,
            follow_reference=follow,
            follow_url=self.links.track(follow) if follow else None,
        )
