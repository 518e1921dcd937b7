"""The contact store as the domain sees it. dynamo.py implements it on DynamoDB; tests use a fake."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from .model import CallerHistory, CallerProfile, SurveyAnswer


class ContactRepository(Protocol):
    def caller(self, caller_key: str, now: datetime, limit: int) -> CallerHistory:
        """The caller's profile and their latest `limit` cases (links expired by `now` left out)."""

    def save_profile(self, caller_key: str, profile: CallerProfile, now: datetime) -> None:
        """Set (or replace) what staff record about the caller."""

    def record_survey(self, answer: SurveyAnswer) -> None:
        """Keep a survey answer; answering the same question of the same contact again replaces it."""
