"""Benchmark the Open311 API function against the local AWS emulation (moto server on loopback).

Cold start: a fresh Python process that imports the handler and serves its first request, timed
from spawn to exit beside a reference process that only creates a boto3 DynamoDB client; runs
alternate so both see the same machine. Warm: handler time only, in this process, p50 and p99.
Prints a table and writes bench/results.json. A benchmark, not a test: it reports, it never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from local.emulation import LOOPBACK, pointed_at
from local.environment import api_key, apply_handler_environment
from local.gateway import build_proxy_event
from local.lambda_context import FakeLambdaContext
from local.seed import seed_api_key
from local.tables import create_tables

RESULTS = Path(__file__).with_name("results.json")
HANDLER = "functions.open311_api.handler.lambda_handler"
TARGETS = {"cold_start_ratio": 1.8, "get_by_id_p99_ms": 25.0, "post_p99_ms": 40.0}


@contextmanager
def aws_in_another_process(region: str = "eu-west-2") -> Iterator[str]:
    """moto's server as its own process: AWS's work must not be timed as the handler's (one GIL)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", LOOPBACK, "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection((LOOPBACK, port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.05)
        with pointed_at(endpoint, region):
            yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()  # werkzeug can sit on a keep-alive connection; it has nothing to save
            server.wait()


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def spawn_ms(*args: str, event: dict[str, Any] | None = None) -> float:
    """Wall time of a fresh process, from spawn to exit."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bench.cold_child", *args],
        check=True,
        env=os.environ.copy(),
        input=json.dumps(event or {}),
        text=True,
    )
    return (time.perf_counter() - started) * 1000


def pothole_form(rng: random.Random) -> bytes:
    return urlencode(
        {
            "api_key": api_key(),
            "service_code": "pothole",
            "lat": f"{rng.uniform(52.625, 52.655):.6f}",
            "long": f"{rng.uniform(-1.155, -1.105):.6f}",
            "description": f"Pothole number {rng.random()}",
            "attribute[surface]": "road",
            "attribute[size]": "medium",
        }
    ).encode()


class AwsWait:
    """Time spent waiting for the emulation to answer, so the handler's own time can be told apart.

    moto answers a transaction or a GSI query in 8-30 ms of its own Python (it walks every item),
    where DynamoDB answers in single-digit milliseconds: timing it as ours would measure moto.
    """

    total_ms = 0.0

    @classmethod
    def install(cls) -> None:
        from botocore.endpoint import Endpoint

        send = Endpoint._send

        def timed_send(endpoint: Endpoint, request: Any) -> Any:
            started = time.perf_counter()
            try:
                return send(endpoint, request)
            finally:
                cls.total_ms += (time.perf_counter() - started) * 1000

        Endpoint._send = timed_send  # type: ignore[method-assign]


def timed(
    handler: Callable[..., dict[str, Any]], make_event: Callable[[], dict[str, Any]], n: int
) -> tuple[list[float], list[float]]:
    """(handler time less AWS wait, end-to-end time) per call, in ms."""
    own, end_to_end = [], []
    for _ in range(n):
        event = make_event()
        context = FakeLambdaContext(function_name="open311_api")
        waited_before = AwsWait.total_ms
        started = time.perf_counter()
        response = handler(event, context)
        elapsed = (time.perf_counter() - started) * 1000
        own.append(elapsed - (AwsWait.total_ms - waited_before))
        end_to_end.append(elapsed)
        if response["statusCode"] != 200:
            raise RuntimeError(f"bench request failed: {response['statusCode']} {response['body'][:300]}")
    return own, end_to_end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=15)  # the median of many: VMs are noisy
    parser.add_argument("--warm", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(311)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # a log line per request would be timed too

    with aws_in_another_process():
        apply_handler_environment()
        create_tables()
        seed_api_key(api_key())
        from functions.open311_api.handler import lambda_handler

        form_headers = {"Host": "127.0.0.1", "Content-Type": "application/x-www-form-urlencoded"}

        def post_event() -> dict[str, Any]:
            return build_proxy_event("POST", "/open311/v2/requests.json", form_headers, pothole_form(rng))

        first = lambda_handler(post_event(), FakeLambdaContext(function_name="open311_api"))
        reference = json.loads(first["body"])[0]["service_request_id"]
        get_path = f"/open311/v2/requests/{reference}.json"

        def get_event() -> dict[str, Any]:
            return build_proxy_event("GET", get_path, {"Host": "127.0.0.1"}, b"")

        cold, cold_post, baseline = [], [], []
        for _ in range(args.cold_runs):
            baseline.append(spawn_ms("reference"))
            cold.append(spawn_ms(HANDLER, event=get_event()))
            cold_post.append(spawn_ms(HANDLER, event=post_event()))

        AwsWait.install()
        timed(lambda_handler, get_event, 20)  # warm-up
        gets, gets_total = timed(lambda_handler, get_event, args.warm)
        posts, posts_total = timed(lambda_handler, post_event, args.warm)

    cold_ms, reference_ms = statistics.median(cold), statistics.median(baseline)
    results = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "open311_api": {
            "cold_start_ms": round(cold_ms, 1),
            "reference_boto3_client_ms": round(reference_ms, 1),
            "cold_start_ratio": round(cold_ms / reference_ms, 2),
            "cold_start_post_ms": round(statistics.median(cold_post), 1),
            "get_by_id_p50_ms": round(percentile(gets, 50), 2),
            "get_by_id_p99_ms": round(percentile(gets, 99), 2),
            "post_p50_ms": round(percentile(posts, 50), 2),
            "post_p99_ms": round(percentile(posts, 99), 2),
            "with_emulation_wait": {
                "get_by_id_p50_ms": round(percentile(gets_total, 50), 2),
                "get_by_id_p99_ms": round(percentile(gets_total, 99), 2),
                "post_p50_ms": round(percentile(posts_total, 50), 2),
                "post_p99_ms": round(percentile(posts_total, 99), 2),
            },
            "warm_samples": args.warm,
            "cold_runs": args.cold_runs,
        },
        "targets": TARGETS,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results["open311_api"])


def print_table(figures: dict[str, Any]) -> None:
    rows = [
        ("cold start (import + first GET by id)", f"{figures['cold_start_ms']} ms", ""),
        ("reference: boto3 DynamoDB client only", f"{figures['reference_boto3_client_ms']} ms", ""),
        ("cold start / reference", f"{figures['cold_start_ratio']}x", f"<= {TARGETS['cold_start_ratio']}x"),
        ("cold start, first request a POST (SSM, idempotency)", f"{figures['cold_start_post_ms']} ms", ""),
        ("GET requests/{id} warm p50", f"{figures['get_by_id_p50_ms']} ms", ""),
        (
            "GET requests/{id} warm p99",
            f"{figures['get_by_id_p99_ms']} ms",
            f"<= {TARGETS['get_by_id_p99_ms']} ms",
        ),
        ("POST requests warm p50", f"{figures['post_p50_ms']} ms", ""),
        ("POST requests warm p99", f"{figures['post_p99_ms']} ms", f"<= {TARGETS['post_p99_ms']} ms"),
    ]
    waits = figures["with_emulation_wait"]
    rows += [
        (
            "GET requests/{id} p50 / p99, moto's time included",
            f"{waits['get_by_id_p50_ms']} / {waits['get_by_id_p99_ms']} ms",
            "",
        ),
        (
            "POST requests p50 / p99, moto's time included",
            f"{waits['post_p50_ms']} / {waits['post_p99_ms']} ms",
            "",
        ),
    ]
    print(f"\n{'open311_api (warm: handler time, AWS wait excluded)':<52}{'measured':>18}  target")
    for name, value, target in rows:
        print(f"{name:<52}{value:>18}  {target}")
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
