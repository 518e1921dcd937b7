"""Callers and survey answers in the cases table. Every read is one Query on a key: never a Scan."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from ..cases.dates import month_of, sortable
from ..cases.dynamo import CALLER_PROFILE_SK, caller_pk
from ..cases.tables import CallerCaseItem, CallerProfileItem, CasesTable, SurveyItem
from .model import CallerHistory, CallerProfile, SurveyAnswer


def contact_pk(contact_id: str) -> str:
    return f"CONTACT#{contact_id}"


class DynamoContactRepository:
    def caller(self, caller_key: str, now: datetime, limit: int) -> CallerHistory:
        # Newest first: PROFILE sorts after every CASE# key, so it leads, then the latest cases.
        items = CasesTable.query(
            caller_pk(caller_key), scan_index_forward=False, limit=limit + 1, page_size=limit + 1
        )
        profile, references = None, []
        for item in items:
            # DynamoDB deletes expired items only eventually (moto never does): expired means gone.
            if isinstance(item, CallerProfileItem) and not _expired(item.expires_at, now):
                profile = CallerProfile(priority=item.priority, reason=cast(Any, item.priority_reason))
            elif isinstance(item, CallerCaseItem) and not _expired(item.expires_at, now):
                references.append(item.reference)
        return CallerHistory(profile, tuple(references[:limit]))

    def save_profile(self, caller_key: str, profile: CallerProfile, now: datetime) -> None:
        CallerProfileItem(
            caller_pk(caller_key),
            CALLER_PROFILE_SK,
            priority=profile.priority,
            priority_reason=profile.reason,
            updated_at=now,
        ).save()

    def record_survey(self, answer: SurveyAnswer) -> None:
        at = sortable(answer.answered_at)
        SurveyItem(
            contact_pk(answer.contact_id),
            f"SURVEY#{answer.question}",
            contact_id=answer.contact_id,
            question=answer.question,
            score=answer.score,
            channel=answer.channel,
            answered_at=answer.answered_at,
            survey_month=month_of(answer.answered_at),
            survey_sort=f"{answer.channel}#{at}#{answer.contact_id}#{answer.question}",
        ).save()


def _expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and expires_at <= now
