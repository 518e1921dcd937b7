"""Opt-out state on the reporter item (DynamoDB through pynamodb): key lookups and conditional
updates only. Kept beside the resident's contact details, it expires with them."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from ..cases.dynamo import REPORTER_SK, case_pk
from ..cases.tables import ReporterItem
from .ports import OptOutState


class DynamoOptOutStore:
    def link_secret(self, reference: str, new_secret: str, now: datetime) -> str | None:
        item = ReporterItem(case_pk(reference), REPORTER_SK)
        keep_existing = ReporterItem.opt_out_secret | new_secret  # if_not_exists: made once, then kept
        if not _update(item, ReporterItem.opt_out_secret.set(keep_existing), _live(now)):
            return None
        return item.opt_out_secret

    def state(self, reference: str, now: datetime) -> OptOutState | None:
        try:
            item = ReporterItem.get(case_pk(reference), REPORTER_SK)
        except ReporterItem.DoesNotExist:
            return None
        # DynamoDB deletes expired items only eventually (moto never does): expired means gone.
        if item.expires_at <= now:
            return None
        return OptOutState(secret=item.opt_out_secret, opted_out_at=item.opted_out_at)

    def opt_out(self, reference: str, secret: str, now: datetime) -> bool:
        item = ReporterItem(case_pk(reference), REPORTER_SK)
        first_time_only = ReporterItem.opted_out_at | now
        return _update(
            item,
            ReporterItem.opted_out_at.set(first_time_only),
            _live(now) & (ReporterItem.opt_out_secret == secret),
        )


def _live(now: datetime) -> Condition:
    """The reporter item exists and has not expired: an update never brings personal data back."""
    return ReporterItem.pk.exists() & (ReporterItem.expires_at > now)


def _update(item: ReporterItem, action: Action, condition: Condition) -> bool:
    try:
        item.update(actions=[action], condition=condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
