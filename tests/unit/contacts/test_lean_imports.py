"""A Connect-invoked function loads only what its path uses: its cold start is part of a caller's wait."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CONNECT_FUNCTIONS = ["identify_caller", "case_status", "garden_waste_renewal", "record_survey", "send_link"]
# Heavy, and not needed to import a handler: the resolver and validation of the API functions,
# PyYAML (the catalogue has a JSON snapshot), boto3 (pynamodb's botocore is enough), and pynamodb
# itself until the first invocation reaches the store.
NOT_AT_IMPORT = [
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.utilities.idempotency",
    "aws_lambda_powertools.utilities.parser",
    "pydantic",
    "yaml",
    "boto3",
    "pynamodb",
]


@pytest.mark.parametrize("key", CONNECT_FUNCTIONS)
def test_importing_a_connect_handler_loads_nothing_heavy(key: str) -> None:
    probe = (
        f"import sys, json, functions.connect_{key}.handler; "
        f"print(json.dumps([m for m in {NOT_AT_IMPORT!r} if m in sys.modules]))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(path for path in sys.path if path),
    }  # as pytest sees it
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    ).stdout

    assert json.loads(loaded) == []
