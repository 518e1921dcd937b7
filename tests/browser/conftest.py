"""Browser tests: Playwright drives Debian's Chromium against `python -m local` (what make run runs).

Never a downloaded browser (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1): without /usr/bin/chromium every
test here is skipped, and `make test` prints a loud banner saying so (.ci/run installs it). Each
page is checked with axe-core (WCAG 2.0/2.1/2.2 A and AA) and captured at 320 and 1280 px into
build/browser-artefacts/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS = REPO / "build" / "browser-artefacts"
STATIC = REPO / "build" / "static"
READY_WITHIN_S = 30
STOP_WITHIN_S = 10
# Under pytest-xdist each worker runs its own server: each keeps its own log (and banner).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
SERVER_LOG = ARTEFACTS / f"server-{WORKER}.log"
SERVER_OUTBOX = ARTEFACTS / f"outbox-{WORKER}.jsonl"


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """The local runtime on a free loopback port, with its demo data; stopped after the session."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with `sudo apt-get install -y chromium`")
    if not (STATIC / "govuk-frontend.min.css").is_file():
        pytest.fail("build/static is missing: run `make static` (make test does) before the browser tests")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    SERVER_OUTBOX.unlink(missing_ok=True)  # this run's messages only
    port = _free_loopback_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'layers' / 'common' / 'python'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LOCAL_OUTBOX_PATH": str(SERVER_OUTBOX),
    }
    log = SERVER_LOG.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "local", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(f"python -m local exited with {process.returncode}: see {SERVER_LOG}")
            if time.monotonic() > deadline:
                pytest.fail(f"python -m local was not ready within {READY_WITHIN_S}s")
            time.sleep(0.1)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_WITHIN_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_WITHIN_S)
        log.close()


@pytest.fixture(scope="session")
def browser(site_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile at phone size; CSP bypassed so axe-core can be injected."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()
