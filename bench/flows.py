"""The whole tests/flows/ suite (every simulated call), timed as a person would run it."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

TARGET_SECONDS = 10.0


def bench_flows_suite() -> dict[str, Any]:
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/flows", "-q", "-n0", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    summary = (run.stdout.strip().splitlines() or ["(no output)"])[-1]
    if run.returncode != 0:
        raise RuntimeError(f"tests/flows failed: {summary}")
    return {"seconds": round(seconds, 2), "summary": summary, "target_seconds": TARGET_SECONDS}


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [("tests/flows/ whole suite, wall time", f"{figures['seconds']} s", f"< {TARGET_SECONDS:g} s")]
