"""What every benchmark here shares: the emulation in its own process, fresh-process cold starts,
percentiles, and the time spent waiting for the emulation (so it is not counted as ours)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from local.emulation import LOOPBACK, pointed_at
from local.lambda_context import FakeLambdaContext


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


class AwsWait:
    """Time spent waiting for the emulation to answer, so the handler's own time can be told apart.

    moto answers a transaction or a GSI query in 8-30 ms of its own Python (it walks every item),
    where DynamoDB answers in single-digit milliseconds: timing it as ours would measure moto.
    """

    total_ms = 0.0
    installed = False

    @classmethod
    def install(cls) -> None:
        """Time every request botocore sends from now on (once per process, however often asked)."""
        if cls.installed:
            return
        cls.installed = True
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
    handler: Callable[..., dict[str, Any]],
    make_event: Callable[[], dict[str, Any]],
    n: int,
    *,
    function_name: str,
    succeeded: Callable[[dict[str, Any]], bool],
    allowed_failures: int = 0,
) -> tuple[list[float], list[float]]:
    """(handler time less AWS wait, end-to-end time) per answered call, in ms.

    A failed call stops the bench, but for ``allowed_failures`` of them: a Connect function answers
    its fallback when the emulation is slower than the phone line allows, which is its design, not a
    fault; those calls are left out of the samples (the caller counts them: ``n - len(own)``).
    """
    own, end_to_end = [], []
    failures = 0
    for _ in range(n):
        event = make_event()
        context = FakeLambdaContext(function_name=function_name)
        waited_before = AwsWait.total_ms
        started = time.perf_counter()
        response = handler(event, context)
        elapsed = (time.perf_counter() - started) * 1000
        if not succeeded(response):
            failures += 1
            if failures > allowed_failures:
                raise RuntimeError(f"bench call to {function_name} failed: {json.dumps(response)[:300]}")
            continue
        own.append(elapsed - (AwsWait.total_ms - waited_before))
        end_to_end.append(elapsed)
    return own, end_to_end
