"""While a contact waits: how many are waiting, a nudge to the web, and a callback when it is long."""

from __future__ import annotations

from .. import actions as a
from ..config import ContactCentreConfig
from ..language import Flow
from ..refs import FlowRefs

HOLD_SECONDS = 60


def _nudge(website: str) -> str:
    return (
        "While you wait: you can report a problem, track a case or renew your garden waste "
        f"subscription online at {website}, at any time."
    )


def customer_queue_flow(flow: Flow, refs: FlowRefs, config: ContactCentreConfig) -> None:
    flow.add(
        a.load_queue_metrics("metrics", next="waiting", on_error="is-call"),
        a.say(
            "waiting",
            "Thank you for waiting. Contacts waiting now, yours included: $.Metrics.Queue.Size.",
            next="is-call",
        ),
        # A callback needs a number to call, and hold messages play on calls only: a chat simply waits.
        a.branch("is-call", "$.Channel", {"VOICE": "nudge"}, otherwise="nudge-chat"),
        a.say("nudge", _nudge(config.website_spoken), next="long-wait"),
        a.say("nudge-chat", _nudge(config.website), next="chat-waits"),
        a.end_flow("chat-waits"),
        a.check_wait(
            "long-wait",
            longer_than_seconds=config.long_wait_seconds,
            long="offer-callback",
            short="hold",
            on_error="hold",
        ),
        a.menu(
            "offer-callback",
            "The wait is longer than usual. To have an advisor call you back on the number you are "
            "calling from, without losing your place, press 1. To keep waiting, press 2.",
            {"1": "callback-number", "2": "hold"},
            on_silence="hold",
            on_other_key="hold",
            on_error="hold",
        ),
        a.set_callback_number("callback-number", next="callback", on_invalid="no-callback"),
        a.say(
            "no-callback",
            "Sorry, we cannot call back the number you are calling from. Please stay on the line.",
            next="hold",
        ),
        a.create_callback("callback", next="callback-booked", on_error="hold"),
        a.say(
            "callback-booked",
            "Thank you. An advisor will call you back. You can hang up now.",
            next="goodbye",
        ),
        a.disconnect("goodbye"),
        a.play_while_waiting(
            "hold",
            ["Thank you for waiting. An advisor will be with you as soon as possible."],
            every_seconds=HOLD_SECONDS,
            then="metrics",
            on_error="metrics",
        ),
    )
