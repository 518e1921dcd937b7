"""Shared test set-up: the handlers' environment is set before anything imports them."""

from __future__ import annotations

import os

from local.environment import apply_handler_environment

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="eu-west-2",
    AWS_REGION="eu-west-2",
)
os.environ.pop("AWS_ENDPOINT_URL", None)
apply_handler_environment()
