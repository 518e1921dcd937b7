"""``python -m local``: Front Door on one machine, with AWS emulated in-process (``make run``).

Starts moto, creates and seeds the tables, and serves the real handlers behind a REST-API-shaped
gateway on 127.0.0.1 until Ctrl-C or SIGTERM. A thread plays the cases table's event source mapping:
public updates reach the notifier, whose messages land in the outbox (``/outbox``).
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from frontdoor.settings import WEB_BASE_URL
from local.chat_api import CONNECT_ENDPOINT_VARIABLE, LOCAL_CONNECT_PATH, chat_routes
from local.emulation import aws_emulation
from local.environment import api_key, apply_handler_environment
from local.gateway import GatewayServer, Route, StaticFiles, make_gateway
from local.staff import create_staff_pool, staff_banner, staff_routes
from local.stream_poller import StreamPoller, notifier_poller

REPO = Path(__file__).resolve().parent.parent
# Built by `make static` (a prerequisite of make run): GOV.UK Frontend's CSS, JS, fonts and images,
# and web/static. In AWS, CloudFront serves the same files from a private S3 bucket.
STATIC_DIR = REPO / "build" / "static"
ASSETS = StaticFiles(prefix="/assets/", root=STATIC_DIR)

# As the REST API's resources in AWS: the most specific path wins, everything else is the site.
ROUTES = [
    Route(
        prefix="/open311/",
        resource="/open311/{proxy+}",
        handler="functions.open311_api.handler.lambda_handler",
        function_name="frontdoor-local-open311-api",
    ),
    # Webchat: the real start-chat function against a local Amazon Connect, the resident's side
    # and the advisor's page (local/chat_api.py).
    *chat_routes(),
    # The staff console: GOV.UK pages for staff, signed in against the local user pool (local/staff.py).
    Route(
        prefix="/console/",
        resource="/console/{proxy+}",
        root_resource="/console",
        handler="functions.console.handler.lambda_handler",
        function_name="frontdoor-local-console",
    ),
    # make run only: the messages residents would have been sent.
    Route(
        prefix="/outbox",
        resource="/outbox",
        handler="local.outbox_page.lambda_handler",
        function_name="frontdoor-local-outbox",
    ),
    Route(
        prefix="/",
        resource="/{proxy+}",
        root_resource="/",
        handler="functions.site.handler.lambda_handler",
        function_name="frontdoor-local-site",
    ),
]


class PortUnavailable(Exception):
    """The gateway's port is taken: a message for the developer, not a traceback."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8080))
    parser.add_argument("--host", default="127.0.0.1", help="loopback only, unless you know why not")
    parser.add_argument("--stage", default="local", help="the API Gateway stage name put in events")
    return parser.parse_args(argv)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Same path as Ctrl-C, so both shut down through the finally blocks below.
    raise KeyboardInterrupt


def _ignore_further_signals() -> None:
    # A second Ctrl-C while shutting down must not turn a clean stop into a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def curl_example(base_url: str, key: str) -> str:
    """A one-line POST of a report the catalogue accepts; never fatal, the banner is only help."""
    from local.seed import example_report_form

    try:
        fields = [("api_key", key), *example_report_form()]
    except Exception as error:
        return f"(no example: {type(error).__name__})"
    data = " ".join(f"--data-urlencode {shlex.quote(f'{name}={value}')}" for name, value in fields)
    return f"curl -s -X POST {base_url}/open311/v2/requests.json {data}"


def banner(base_url: str, key: str, key_from_env: bool, demo_cases: int, ready_seconds: float) -> str:
    key_note = "from OPEN311_API_KEY" if key_from_env else "default; set OPEN311_API_KEY to change"
    return "\n".join(
        [
            f"Front Door is running locally (ready in {ready_seconds:.1f}s; AWS emulated by moto)",
            f"  residents' site    {base_url}/{_assets_note()}",
            f"  Open311 discovery  {base_url}/open311/v2/discovery.json",
            f"  Open311 services   {base_url}/open311/v2/services.json",
            f"  demo cases         {base_url}/open311/v2/requests.json ({demo_cases} seeded)",
            f"  webchat            {base_url}/chat (a resident) and {base_url}/chat/advisor (an advisor)",
            f"  outbox             {base_url}/outbox (emails and texts residents would have been sent)",
            f"  staff console      {base_url}/console (sign in as a demo member of staff below)",
            f"  health             {base_url}/healthz",
            f"  Open311 api_key    {key}  ({key_note})",
            f"  report a problem   {curl_example(base_url, key)}",
            *staff_banner(base_url),
            "Press Ctrl-C to stop.",
        ]
    )


def _assets_note() -> str:
    if (STATIC_DIR / "govuk-frontend.min.css").is_file():
        return ""
    return "  (unstyled: no build/static; `make run` builds it, or run `make static`)"


def start_runtime(host: str, port: int, stage: str, region: str) -> tuple[GatewayServer, int, StreamPoller]:
    """Everything after the emulator is up: handler environment, tables, seed data, the stream poller
    (from the newest record: the seed sends nothing), the gateway.

    Returns the bound gateway, how many demo cases were seeded and the running poller.
    """
    # Bound first, so a taken port fails fast; it listens only once everything is ready.
    try:
        gateway = make_gateway(
            ROUTES, host=host, port=port, stage=stage, region=region, listen=False, static=[ASSETS]
        )
    except OSError as error:
        raise PortUnavailable(
            f"cannot listen on {host}:{port} ({error.strerror}); try PORT={port + 1}"
        ) from None
    try:
        # Links in messages point at this gateway, whatever port it has (unless set otherwise).
        os.environ.setdefault(WEB_BASE_URL, gateway.url)
        # No Amazon Connect here: its chat API is played by the gateway itself (local/chat_api.py).
        os.environ[CONNECT_ENDPOINT_VARIABLE] = gateway.url + LOCAL_CONNECT_PATH
        apply_handler_environment()
        # Imported only now: these read the handler environment set just above.
        from local.seed import seed_api_key, seed_demo_callers, seed_demo_cases
        from local.tables import create_tables

        create_tables()
        seed_api_key(api_key())
        demo_cases = seed_demo_cases()
        seed_demo_callers()  # a priority resident and one with an open case, for the phone line and chat
        # Staff sign-in: a user pool with a demo account per group; the staff API behind its authorizers.
        pool = create_staff_pool(region)
        gateway.routes.extend(staff_routes(pool, region, os.environ["AWS_ENDPOINT_URL"]))
        poller = notifier_poller(region)
        poller.start()
        gateway.server_activate()
    except BaseException:
        gateway.server_close()
        raise
    return gateway, demo_cases, poller


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    # Explicitly, because a shell starting us in the background hands us SIGINT already ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with aws_emulation():
            region = os.environ["AWS_DEFAULT_REGION"]
            gateway, demo_cases, poller = start_runtime(args.host, args.port, args.stage, region)
            try:
                key_from_env = bool(os.environ.get("OPEN311_API_KEY"))
                ready_s = time.perf_counter() - started
                print(banner(gateway.url, api_key(), key_from_env, demo_cases, ready_s), flush=True)
                gateway.serve_forever()
            except KeyboardInterrupt:
                _ignore_further_signals()
            finally:
                gateway.server_close()
                poller.stop()
    except KeyboardInterrupt:  # stopped while still starting up
        _ignore_further_signals()
    except PortUnavailable as error:
        print(f"Front Door did not start: {error}", file=sys.stderr, flush=True)
        return 1
    print("Front Door stopped.", file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
