"""One cold start, run as a fresh process by the benchmark: import, then serve the first request
(an API Gateway request, or a Connect contact-flow event).

`reference` only creates a boto3 DynamoDB client: the yardstick the targets are set against.
The event arrives ready-made on stdin, so the child imports nothing but what it measures.
"""

from __future__ import annotations

import json
import sys


def reference() -> None:
    import boto3

    boto3.client("dynamodb")


def first_request(handler_path: str) -> None:
    from importlib import import_module

    from local.lambda_context import FakeLambdaContext

    module, _, name = handler_path.rpartition(".")
    event = json.loads(sys.stdin.read())
    response = getattr(import_module(module), name)(event, FakeLambdaContext(function_name="cold-start"))
    failed = response.get("statusCode", 200) != 200 or response.get("outcome") == "advisor"
    if failed:  # an API error, or a Connect function's fallback to an advisor
        sys.exit(f"first request failed: {json.dumps(response)[:300]}")


if __name__ == "__main__":
    reference() if sys.argv[1] == "reference" else first_request(sys.argv[1])
