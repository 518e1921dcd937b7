"""The Connect-invoked functions: cold start beside the reference, and warm latency.

Each function gets the event Connect sends (built by the flow simulator's contact), for the demo
callers and cases seeded as in ``make run``. A reply of ``outcome: advisor`` is the fallback, so
it counts as a failed call: the bench measures the path that serves the resident.

moto copies every table on each transaction (to roll back), so its time grows with the data while
the handlers' own time does not; the tables are emptied and seeded again (untimed) every
``FRESH_TABLES_EVERY`` calls, so the emulation never answers later than the phone line allows.
"""

from __future__ import annotations

import itertools
import statistics
import uuid
from collections.abc import Callable
from functools import partial
from importlib import import_module
from typing import Any

from bench.measure import percentile, spawn_ms, timed
from frontdoor.flows import CONNECT_FUNCTIONS
from local.flow_simulator import parse_script
from local.flow_simulator.contact import ContactState

TARGETS = {"cold_start_ratio": 1.3, "warm_p99_ms": 20.0}
FRESH_TABLES_EVERY = 25


def contact_event(parameters: dict[str, str], caller: str) -> dict[str, Any]:
    """A fresh contact (new ContactId) from ``caller``, invoking a function with ``parameters``."""
    contact = ContactState.start(parse_script({"caller": caller, "contact_id": str(uuid.uuid4())}))
    return contact.contact_flow_event(parameters)


# Renewals come from many callers, as on a real line, not hundreds from one.
_RENEWING_CALLERS = (f"+447700{number}" for number in itertools.cycle(range(900000, 901000)))


def events(known_caller: str, known_reference: str) -> dict[str, Callable[[], dict[str, Any]]]:
    return {
        "identify_caller": lambda: contact_event({}, known_caller),
        "case_status": lambda: contact_event({"reference": known_reference}, known_caller),
        "garden_waste_renewal": lambda: contact_event(
            {"subscription": "123456", "bins": "2"}, next(_RENEWING_CALLERS)
        ),
        "record_survey": lambda: contact_event({"score": "4"}, known_caller),
        "send_link": lambda: contact_event({"topic": "report"}, known_caller),
    }


def _served(response: dict[str, Any]) -> bool:
    return response.get("outcome") == "ok" and all(isinstance(value, str) for value in response.values())


def fresh_tables() -> Any:
    """The emulation's tables emptied and seeded as ``make run`` seeds them; the demo callers."""
    from frontdoor.cases import tables
    from local.seed import seed_demo_callers, seed_demo_cases
    from local.tables import create_tables

    for model in tables.ALL_MODELS:
        if model.exists():
            model.delete_table()
    create_tables()
    seed_demo_cases()
    return seed_demo_callers()


def bench_connect(cold_runs: int, warm: int, baseline: list[float]) -> dict[str, Any]:
    """Run inside the emulation (its tables are seeded again here)."""
    demo = fresh_tables()
    if not demo.known_case_reference:
        raise RuntimeError("the demo known caller has no case: seed_demo_cases first")

    def event_for(key: str) -> dict[str, Any]:  # the demo as seeded last
        return events(demo.known_number, demo.known_case_reference)[key]()

    results: dict[str, Any] = {}
    for key in events(demo.known_number, demo.known_case_reference):
        handler_path = f"{CONNECT_FUNCTIONS[key].replace('/', '.')}.handler.lambda_handler"
        cold, mine = [], []
        for _ in range(cold_runs):
            mine.append(spawn_ms("reference"))
            cold.append(spawn_ms(handler_path, event=event_for(key)))
        baseline += mine
        module, _, name = handler_path.rpartition(".")
        handler = getattr(import_module(module), name)
        # At most 1% of answers may be the fallback a slow emulation causes: counted, not timed.
        named = {"function_name": key, "succeeded": _served, "allowed_failures": max(1, warm // 100)}
        make_event = partial(event_for, key)
        timed(handler, make_event, 20, **named)  # warm-up
        own: list[float] = []
        total: list[float] = []
        for start in range(0, warm, FRESH_TABLES_EVERY):
            demo = fresh_tables()
            mine_now, total_now = timed(handler, make_event, min(FRESH_TABLES_EVERY, warm - start), **named)
            own, total = own + mine_now, total + total_now
        cold_ms, reference_ms = statistics.median(cold), statistics.median(mine)
        results[key] = {
            "cold_start_ms": round(cold_ms, 1),
            "reference_boto3_client_ms": round(reference_ms, 1),
            "cold_start_ratio": round(cold_ms / reference_ms, 2),
            "warm_p50_ms": round(percentile(own, 50), 2),
            "warm_p99_ms": round(percentile(own, 99), 2),
            "with_emulation_wait_p50_ms": round(percentile(total, 50), 2),
            "with_emulation_wait_p99_ms": round(percentile(total, 99), 2),
            "fallback_answers": warm - len(own),
        }
    return {"functions": results, "warm_samples": warm, "cold_runs": cold_runs, "targets": TARGETS}


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    table = []
    for key, f in figures["functions"].items():
        table += [
            (
                f"{key}: cold start / reference",
                f"{f['cold_start_ms']} / {f['reference_boto3_client_ms']} ms = {f['cold_start_ratio']}x",
                f"<= {TARGETS['cold_start_ratio']}x",
            ),
            (
                f"{key}: warm p50 / p99",
                f"{f['warm_p50_ms']} / {f['warm_p99_ms']} ms",
                f"p99 <= {TARGETS['warm_p99_ms']:g} ms",
            ),
            (
                f"{key}: p50 / p99, moto's time included",
                f"{f['with_emulation_wait_p50_ms']} / {f['with_emulation_wait_p99_ms']} ms",
                "",
            ),
            (
                f"{key}: fallback answers (moto too slow for the line)",
                f"{f.get('fallback_answers', 0)} of {figures['warm_samples']}",
                "<= 1%",
            ),
        ]
    return table
