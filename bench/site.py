"""The residents' site in headless Chromium against ``python -m local`` (what ``make run`` serves).

Page weight: for each page of the report journey (and the other pages a resident starts from), the
HTML and every CSS and JavaScript file it loads, gzipped as they travel (HTML as API Gateway gzips
it; assets as CloudFront compresses them, gzip level 6), against the budget of 150 KB a page.
Fonts and images are not counted. Every request must be to the site itself: nothing third-party.

Time to a usable report form: from navigation start (``/report/pothole``, which redirects to the
first question) to that page's form being interactive (DOMContentLoaded done: the HTML parsed and
GOV.UK Frontend's module run), the median of several cold visits (a fresh browser profile each), on
loopback and again with the network throttled like a phone on a slow 4G connection (150 ms round
trips, 1.6 Mbit/s down). Locally the assets are served uncompressed, so the throttled figure is
pessimistic: in AWS CloudFront compresses them.
"""

from __future__ import annotations

import gzip
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BUDGET_KB = 150.0
TARGETS = {"page_weight_kb": BUDGET_KB, "usable_form_ms": 1000.0, "usable_form_slow_4g_ms": 3000.0}
# Lighthouse's "slow 4G" (its mobile default): what a resident's phone may well have.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
ASSET_GZIP_LEVEL = 6
HTML_GZIP_LEVEL = 9  # as make run's gateway compresses (Python's default level)


@contextmanager
def local_site() -> Iterator[str]:
    """``python -m local`` on a free loopback port, until the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'layers' / 'common' / 'python'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "local", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("python -m local did not start (try `make run` to see why)")
            time.sleep(0.1)
        yield url
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def bench_site(runs: int) -> dict[str, Any]:
    if not CHROMIUM.exists():
        return {"skipped": f"no Chromium at {CHROMIUM} (sudo apt-get install -y chromium)"}
    if not (REPO / "build" / "static" / "govuk-frontend.min.css").is_file():
        return {"skipped": "no build/static: run `make static` first"}
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with local_site() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            pages, third_party = page_weights(browser, url)
            loopback = [usable_form_ms(browser, url, throttle=None) for _ in range(runs)]
            slow = [usable_form_ms(browser, url, throttle=SLOW_4G) for _ in range(runs)]
        finally:
            browser.close()
    heaviest = max(pages, key=lambda name: pages[name]["total_kb"])
    return {
        "pages": pages,
        "heaviest_page": heaviest,
        "third_party_requests": third_party,
        "usable_form_ms_median": round(statistics.median(loopback), 1),
        "usable_form_slow_4g_ms_median": round(statistics.median(slow), 1),
        "usable_form_runs": runs,
        "targets": TARGETS,
    }


# --- page weight ------------------------------------------------------------------------------------
def page_weights(browser: Any, url: str) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Each page's gzipped HTML, CSS and JS, reached as a resident reaches it (a pothole report)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    third_party: list[str] = []
    origin = urlsplit(url).netloc
    context.on("request", lambda r: None if urlsplit(r.url).netloc == origin else third_party.append(r.url))
    page = context.new_page()
    assets: dict[str, int] = {}
    weights: dict[str, dict[str, float]] = {}

    def weigh(name: str, arrive: Callable[[], Any]) -> None:
        response = arrive()
        page.wait_for_load_state("load")
        weights[name] = _weight(page, response, assets)

    def click(button: str) -> Callable[[], Any]:
        def go() -> Any:
            with page.expect_navigation() as navigation:
                page.get_by_role("button", name=button).click()
            return navigation.value

        return go

    weigh("home", lambda: page.goto(url + "/"))
    weigh("report: choose a service", lambda: page.goto(url + "/report"))
    weigh("report: first question", lambda: page.goto(url + "/report/pothole"))
    page.get_by_label("On the road").check()
    click("Continue")()
    page.get_by_label("Larger than a car tyre").check()
    click("Continue")()
    weigh("report: location", click("Continue"))
    page.get_by_label("Address, street or postcode").fill("Outside 12 High Street")
    weigh("report: description", click("Continue"))
    weigh("report: contact details", click("Continue"))
    weigh("report: check your answers", click("Continue"))
    weigh("report: confirmation", click("Send report"))
    reference = page.locator("#reference").inner_text().strip()
    weigh("track a case", lambda: page.goto(url + "/track"))
    weigh("track: the case", lambda: page.goto(f"{url}/track/{reference}"))
    weigh("service page", lambda: page.goto(url + "/services/pothole"))
    context.close()
    return weights, third_party


def _weight(page: Any, response: Any, assets: dict[str, int]) -> dict[str, float]:
    html = len(gzip.compress(response.body(), HTML_GZIP_LEVEL))
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map(entry => entry.name)")
    css = js = 0
    for address in dict.fromkeys(loaded):
        kind = Path(urlsplit(address).path).suffix
        if kind not in (".css", ".js"):
            continue  # fonts and images are not in the budget
        if address not in assets:
            body = page.context.request.get(address).body()
            assets[address] = len(gzip.compress(body, ASSET_GZIP_LEVEL))
        if kind == ".css":
            css += assets[address]
        else:
            js += assets[address]
    return {
        "html_kb": _kb(html),
        "css_kb": _kb(css),
        "js_kb": _kb(js),
        "total_kb": _kb(html + css + js),
    }


def _kb(size: int) -> float:
    return round(size / 1024, 1)


# --- time to a usable report form ---------------------------------------------------------------------
def usable_form_ms(browser: Any, url: str, throttle: dict[str, Any] | None) -> float:
    """A cold visit (fresh profile, empty cache): navigation start to DOMContentLoaded done."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        if throttle:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", throttle)
        page.goto(url + "/report/pothole", wait_until="domcontentloaded")
        page.get_by_label("On the road").wait_for()
        timing = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return {ready: n.domContentLoadedEventEnd, url: location.pathname}; }"
        )
        if timing["url"] != "/report/pothole/questions/surface":
            raise RuntimeError(f"the report did not start at its first question: {timing['url']}")
        return float(timing["ready"])
    finally:
        context.close()


def rows(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    if "skipped" in figures:
        return [("skipped", figures["skipped"], "")]
    table = [
        (
            f"{name}: HTML + CSS + JS, gzipped",
            f"{weight['html_kb']} + {weight['css_kb']} + {weight['js_kb']} = {weight['total_kb']} KB",
            f"< {BUDGET_KB:g} KB",
        )
        for name, weight in figures["pages"].items()
    ]
    third_party = figures["third_party_requests"]
    table += [
        ("third-party requests (render-blocking or not)", str(len(third_party)), "0"),
        (
            f"usable report form, cold, loopback (median of {figures['usable_form_runs']})",
            f"{figures['usable_form_ms_median']} ms",
            f"<= {TARGETS['usable_form_ms']:g} ms",
        ),
        (
            "usable report form, cold, slow 4G (assets uncompressed)",
            f"{figures['usable_form_slow_4g_ms_median']} ms",
            f"<= {TARGETS['usable_form_slow_4g_ms']:g} ms",
        ),
    ]
    return table
