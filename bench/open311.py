"""The Open311 API function: cold start beside the reference, warm GET by id and POST."""

from __future__ import annotations

import json
import random
import statistics
from typing import Any
from urllib.parse import urlencode

from bench.measure import percentile, spawn_ms, timed
from local.environment import api_key
from local.gateway import build_proxy_event
from local.lambda_context import FakeLambdaContext

HANDLER = "functions.open311_api.handler.lambda_handler"
TARGETS = {"cold_start_ratio": 1.8, "get_by_id_p99_ms": 25.0, "post_p99_ms": 40.0}


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


def _ok(response: dict[str, Any]) -> bool:
    return bool(response["statusCode"] == 200)


def bench_open311(cold_runs: int, warm: int, baseline: list[float]) -> dict[str, Any]:
    """Inside the emulation (tables, API key); ``baseline`` gathers this section's reference runs."""
    from functions.open311_api.handler import lambda_handler

    rng = random.Random(311)
    form_headers = {"Host": "127.0.0.1", "Content-Type": "application/x-www-form-urlencoded"}

    def post_event() -> dict[str, Any]:
        return build_proxy_event("POST", "/open311/v2/requests.json", form_headers, pothole_form(rng))

    first = lambda_handler(post_event(), FakeLambdaContext(function_name="open311_api"))
    reference = json.loads(first["body"])[0]["service_request_id"]
    get_path = f"/open311/v2/requests/{reference}.json"

    def get_event() -> dict[str, Any]:
        return build_proxy_event("GET", get_path, {"Host": "127.0.0.1"}, b"")

    cold, cold_post, mine = [], [], []
    for _ in range(cold_runs):
        mine.append(spawn_ms("reference"))
        cold.append(spawn_ms(HANDLER, event=get_event()))
        cold_post.append(spawn_ms(HANDLER, event=post_event()))
    baseline += mine

    named = {"function_name": "open311_api", "succeeded": _ok}
    timed(lambda_handler, get_event, 20, **named)  # warm-up
    gets, gets_total = timed(lambda_handler, get_event, warm, **named)
    posts, posts_total = timed(lambda_handler, post_event, warm, **named)

    cold_ms, reference_ms = statistics.median(cold), statistics.median(mine)
    return {
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
        "warm_samples": warm,
        "cold_runs": cold_runs,
        "targets": TARGETS,
    }


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    waits = figures["with_emulation_wait"]
    return [
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
