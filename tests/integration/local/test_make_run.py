"""``python -m local`` (what ``make run`` starts) comes up quickly, answers, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from local.seed import example_report_form

REPO = Path(__file__).resolve().parents[3]
READY_WITHIN_S = 15
STOP_WITHIN_S = 5

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to a child process"),
    pytest.mark.allow_hosts(["127.0.0.1"]),
]


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment(port: int) -> dict[str, str]:
    """Only what a developer's shell must provide: no AWS settings at all, so none can leak in."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'layers' / 'common' / 'python'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PORT": str(port),
    }


def get_json(url: str) -> tuple[int, object]:
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status, json.loads(response.read())


def post_form(url: str, fields: list[tuple[str, str]]) -> tuple[int, object]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until_healthy(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + READY_WITHIN_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"python -m local exited early with code {process.returncode}")
        try:
            if get_json(url)[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"python -m local was not ready within {READY_WITHIN_S}s")


def check_open311_through_the_real_handler(api: str) -> None:
    """The seeded api_key, tables and demo cases work with the real Open311 handler."""
    status, cases = get_json(f"{api}/requests.json")
    assert status == 200 and isinstance(cases, list) and len(cases) >= 1

    report = example_report_form()
    assert post_form(f"{api}/requests.json", [("api_key", "wrong-key"), *report])[0] == 403
    status, filed = post_form(f"{api}/requests.json", [("api_key", "local-dev-key"), *report])
    assert status == 200, filed
    assert isinstance(filed, list) and filed[0]["service_request_id"]


def test_make_run_serves_healthz_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    port = free_loopback_port()
    stdout_path, stderr_path = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    # Files rather than pipes: a chatty child can never block on a full pipe.
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "local", "--port", str(port)],
            cwd=REPO,
            env=clean_environment(port),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            wait_until_healthy(process, f"http://127.0.0.1:{port}/healthz")
            assert get_json(f"http://127.0.0.1:{port}/healthz") == (200, {"status": "ok"})
            check_open311_through_the_real_handler(f"http://127.0.0.1:{port}/open311/v2")

            process.send_signal(signal.SIGINT)
            exit_code = process.wait(timeout=STOP_WITHIN_S)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=STOP_WITHIN_S)

    printed, logged = stdout_path.read_text(), stderr_path.read_text()
    assert exit_code == 0, logged
    assert "Traceback" not in logged
    assert f"http://127.0.0.1:{port}/open311/v2/discovery.json" in printed
    assert f"http://127.0.0.1:{port}/healthz" in printed
    assert "local-dev-key" in printed
    assert "GET /healthz 200" in logged
    assert "wrong-key" not in logged and "local-dev-key" not in logged  # no form data in log lines
