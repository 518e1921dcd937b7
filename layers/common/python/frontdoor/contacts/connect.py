"""The plumbing every Connect-invoked function shares: read the contact, answer in time, or fall back.

Amazon Connect waits at most 3 s for a function (the flows set InvocationTimeLimitSeconds to 3).
Each AWS call is bounded by botocore's timeouts and attempts (``wiring.PHONE_LINE_LIMITS``), and the
whole answer by a deadline: the work runs on a worker thread and, if it is not done in time, the
caller gets the fallback (``outcome`` "advisor") while the work finishes or fails on its own. A
late write is harmless: the renewal is filed idempotently per contact, and a survey answer is a put.
Nothing about the caller reaches a log line: errors are logged by type and code only.

On a cold start the cyclic garbage collector is paused until the first answer is given: building
the clients and reading the catalogue allocate hundreds of thousands of objects, and collecting
among them costs tens of milliseconds of the caller's wait. Afterwards everything built so far is
frozen out of future collections, and the collector runs as usual.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.connect_contact_flow_event import ConnectContactFlowEvent

from .model import ContactChannel

# The work's share of Connect's 3 s: the rest covers the invocation itself and, on a cold start, init.
ANSWER_WITHIN_S = 2.0
_MARGIN_S = 0.2  # never let Lambda's own timeout strike first
_CHANNELS: dict[str, ContactChannel] = {"VOICE": "phone", "CHAT": "chat"}

Answer = dict[str, str]


class MalformedEvent(Exception):
    """The event is not a Connect contact-flow event (or lacks the contact's id)."""


class AnswerTooSlow(Exception):
    """The work did not finish within the deadline."""


@dataclass(frozen=True)
class Contact:
    """What the functions use of a Connect contact-flow event."""

    contact_id: str
    channel: ContactChannel
    # The caller's number as given: the flow's `phone` parameter (a chat passes the one the resident
    # typed into the widget), else the number Connect saw; None when there is neither.
    number: str | None
    parameters: Mapping[str, str]


def contact_from_event(event: Mapping[str, Any]) -> Contact:
    try:
        flow = ConnectContactFlowEvent(dict(event))
        data = flow.contact_data
        parameters = {str(name): str(value) for name, value in (flow.parameters or {}).items()}
        contact_id = data.contact_id
        endpoint = data.get("CustomerEndpoint") or {}
        channel = _CHANNELS.get(str(data.get("Channel") or "").upper(), "other")
    except (KeyError, TypeError, AttributeError) as error:
        raise MalformedEvent("not a Connect contact-flow event") from error
    if not isinstance(contact_id, str) or not contact_id:
        raise MalformedEvent("the event has no ContactId")
    number = parameters.get("phone") or (endpoint.get("Address") if isinstance(endpoint, dict) else None)
    return Contact(contact_id=contact_id, channel=channel, number=number or None, parameters=parameters)


def answer_contact(
    event: Mapping[str, Any],
    context: Any,
    work: Callable[[Contact], Answer],
    fallback: Answer,
    logger: Logger,
    within_s: float = ANSWER_WITHIN_S,
) -> Answer:
    """The function's answer to Connect: ``work``'s, or ``fallback`` if it fails or is too slow."""
    started = time.monotonic()
    with _collector_paused_on_cold_start():
        return _answer(event, context, work, fallback, logger, within_s, started)


def _answer(
    event: Mapping[str, Any],
    context: Any,
    work: Callable[[Contact], Answer],
    fallback: Answer,
    logger: Logger,
    within_s: float,
    started: float,
) -> Answer:
    try:
        contact = contact_from_event(event)
        logger.append_keys(contact_id=contact.contact_id)
        answer = run_within(_deadline_s(context, within_s), lambda: work(contact))
        # A filed case's reference says what happened; nothing in the answer says who the caller is.
        filed = {"reference": answer["reference"]} if answer.get("reference") else {}
        logger.info(
            "answered", extra={"outcome": answer.get("outcome", ""), **filed, "elapsed_ms": _ms(started)}
        )
        return answer
    except Exception as error:
        logger.warning(
            "answered with the fallback",
            extra={"error": type(error).__name__, "code": error_code(error), "elapsed_ms": _ms(started)},
        )
        return dict(fallback)
    finally:
        logger.remove_keys(["contact_id"])


class _ColdStart:
    answered = False


@contextmanager
def _collector_paused_on_cold_start() -> Iterator[None]:
    if _ColdStart.answered or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        _ColdStart.answered = True
        gc.freeze()  # what the cold start built lives as long as the process: never scan it again
        gc.enable()


def run_within(seconds: float, work: Callable[[], Answer]) -> Answer:
    """``work()``'s result, or AnswerTooSlow once ``seconds`` have passed (the work carries on)."""
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["answer"] = work()
        except BaseException as error:  # handed to the waiting thread, which decides
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=run, name="connect-answer", daemon=True).start()
    if not done.wait(max(seconds, 0.0)):
        raise AnswerTooSlow(f"no answer within {seconds:.2f}s")
    if "error" in outcome:
        raise outcome["error"]
    answer: Answer = outcome["answer"]
    return answer


def error_code(error: BaseException) -> str:
    """A code that says what went wrong without saying anything about whom: an AWS error code, a
    missing setting's name, a text's refusal code, or for anything else only the exception's type."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    code = getattr(error, "code", None)
    if isinstance(code, str):
        return code
    cause = getattr(error, "cause_response_code", None)  # pynamodb wraps botocore's errors
    return str(cause or "")


def _deadline_s(context: Any, within_s: float) -> float:
    remaining_ms = getattr(context, "get_remaining_time_in_millis", None)
    if remaining_ms is None:
        return within_s
    return min(within_s, remaining_ms() / 1000 - _MARGIN_S)


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
