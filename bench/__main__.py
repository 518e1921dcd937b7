"""``make bench``: Front Door's functions against the local AWS emulation (moto server on loopback).

Cold start: a fresh Python process that imports a handler and serves its first request or
contact-flow event, timed from spawn to exit beside a reference process that only creates a
boto3 DynamoDB client; runs alternate so both see the same machine. Warm: handler time only,
in this process, p50 and p99, less the time spent waiting for the emulation. Also the whole
tests/flows/ suite, and the residents' site in headless Chromium (page weight, time to a usable
report form: bench/site.py). Prints a table and writes bench/results.json. A benchmark, not a test: it
reports, it never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import connect, flows, open311, site
from bench.measure import AwsWait, aws_in_another_process
from frontdoor import settings as config
from local.environment import api_key, apply_handler_environment

RESULTS = Path(__file__).with_name("results.json")
SECTIONS = ("open311", "connect", "flows", "site")


@contextmanager
def emulation() -> Iterator[None]:
    """A fresh moto server, its tables created and seeded as make run's; AWS wait timed apart."""
    with aws_in_another_process():
        apply_handler_environment()
        from frontdoor import wiring
        from local.seed import seed_api_key, seed_demo_cases
        from local.tables import create_tables

        wiring.clear_caches()  # clients and services built for the last emulation's endpoint
        create_tables()
        seed_api_key(api_key())
        seed_demo_cases()
        AwsWait.install()  # from here on, time waiting for moto is told apart from the handlers'
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=15)  # the median of many: VMs are noisy
    parser.add_argument("--warm", type=int, default=300)
    parser.add_argument("--site-runs", type=int, default=7, help="cold visits timed per network")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only these sections")
    args = parser.parse_args()
    sections = args.only or list(SECTIONS)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # a log line per request would be timed too

    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        }
    }
    baseline: list[float] = []
    # The texts the bench's renewals and links would send go to a throwaway outbox, not make run's.
    outbox = tempfile.TemporaryDirectory(prefix="frontdoor-bench-")
    os.environ[config.OUTBOX_PATH] = str(Path(outbox.name) / "messages.jsonl")
    with outbox:
        # Each section on an emulation of its own: moto's time grows with what it holds, so the
        # Open311 section's hundreds of reports must not slow the phone line's answers past its limits.
        if "open311" in sections:
            with emulation():
                results["open311_api"] = open311.bench_open311(args.cold_runs, args.warm, baseline)
        if "connect" in sections:
            with emulation():
                results["connect_functions"] = connect.bench_connect(args.cold_runs, args.warm, baseline)
    if "flows" in sections:
        results["flows_suite"] = flows.bench_flows_suite()
    if "site" in sections:
        results["site"] = site.bench_site(args.site_runs)
    if baseline:
        results["reference_boto3_client_ms_median_all_runs"] = round(statistics.median(baseline), 1)

    if args.only and RESULTS.is_file():  # the sections not run keep their last figures
        results = {**json.loads(RESULTS.read_text()), **results}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    tables = [
        ("open311_api (warm: handler time, AWS wait excluded)", open311.rows, "open311_api"),
        ("Connect-invoked functions (warm: AWS wait excluded)", connect.rows, "connect_functions"),
        ("flow simulator", flows.rows, "flows_suite"),
        ("residents' site in headless Chromium (bench/site.py)", site.rows, "site"),
    ]
    for title, rows, key in tables:
        if key in results:
            print(f"\n{title:<58}{'measured':>26}  target")
            for name, value, target in rows(results[key]):
                print(f"{name:<58}{value:>26}  {target}")
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
