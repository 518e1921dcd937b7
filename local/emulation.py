"""AWS emulated in-process by moto, wired into this process's environment.

Every AWS client created after ``aws_emulation()`` is entered (botocore, boto3, pynamodb) picks up the
endpoint, region and fake credentials from the environment, so the handlers run unchanged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from moto.server import ThreadedMotoServer

DEFAULT_REGION = "eu-west-2"
LOOPBACK = "127.0.0.1"

# Fake but well-formed values; moto accepts anything and the account id is moto's default.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}

# Anything that could send a client to a real account or a different endpoint: a named profile, a
# config file with per-service endpoints, or per-service endpoint variables (which beat AWS_ENDPOINT_URL).
_ISOLATION = {
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}
_REMOVED_PREFIXES = ("AWS_ENDPOINT_URL_",)
_REMOVED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_ROLE_ARN")


def emulated_environment(endpoint: str, region: str) -> dict[str, str]:
    """The AWS variables that point every SDK in the process at ``endpoint``."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        **FAKE_CREDENTIALS,
        **_ISOLATION,
    }


@contextmanager
def aws_emulation(region: str | None = None) -> Iterator[str]:
    """Run moto on a free loopback port and point this process at it; yields the endpoint URL.

    The previous environment is restored and the server stopped on exit.
    """
    region = region or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
    # werkzeug would otherwise print one line per AWS call to stderr.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    server = ThreadedMotoServer(ip_address=LOOPBACK, port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"

    try:
        with pointed_at(endpoint, region):
            yield endpoint
    finally:
        server.stop()


@contextmanager
def pointed_at(endpoint: str, region: str) -> Iterator[None]:
    """Point every AWS SDK in this process at ``endpoint``; the environment is restored on exit."""
    saved = dict(os.environ)
    try:
        for name in list(os.environ):
            if name in _REMOVED or name.startswith(_REMOVED_PREFIXES):
                del os.environ[name]
        os.environ.update(emulated_environment(endpoint, region))
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
