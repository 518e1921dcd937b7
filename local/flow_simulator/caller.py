"""The person on the other end: a script replaying inputs, or someone at a terminal (see ring.py)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Protocol

from local.flow_simulator.script import CallerScript, LexTurn


@dataclass(frozen=True)
class InputRequest:
    channel: str
    prompt: str
    stored: bool  # many keys for Store customer input, rather than one menu choice
    options: tuple[str, ...] = ()  # the menu's choices, where it has them
    bot: bool = False  # a Lex bot is listening: the answer is an intent, not keys


class CallerHungUp(Exception):  # noqa: N818 - an event, not a fault
    """The caller ended the contact (at a terminal: end of input)."""


class Caller(Protocol):
    def keys(self, request: InputRequest) -> str | None:
        """What the caller keys or types; None when they stay silent until the time limit."""

    def lex(self, request: InputRequest) -> LexTurn | None:
        """What the Lex bot made of the caller; None when they said nothing."""


class ScriptedCaller:
    """Takes the script's inputs and Lex turns in order; after the last one, the caller is silent."""

    def __init__(self, script: CallerScript) -> None:
        self._inputs = deque(script.inputs)
        self._lex = deque(script.lex)

    def keys(self, request: InputRequest) -> str | None:
        return self._inputs.popleft() if self._inputs else None

    def lex(self, request: InputRequest) -> LexTurn | None:
        return self._lex.popleft() if self._lex else None

    @property
    def unused_inputs(self) -> list[str]:
        return list(self._inputs)
