"""The console says every audited action in words a person reads, not its internal name."""

from __future__ import annotations

from typing import get_args

from frontdoor.backoffice.roles import Action
from web.console.words import ACTION_WORDS


def test_every_action_staff_can_take_has_its_words() -> None:
    assert set(ACTION_WORDS) == set(get_args(Action))
