"""A stand-in for the context object the Lambda runtime passes to a handler."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

# API Gateway gives up on an integration after 29 s, so a handler behind it never has longer.
DEFAULT_TIMEOUT_MS = 29_000
FAKE_ACCOUNT_ID = "123456789012"


@dataclass
class FakeLambdaContext:
    """Carries the attributes powertools and handlers read from ``aws_lambda_powertools.LambdaContext``."""

    function_name: str
    region: str = "eu-west-2"
    memory_limit_in_mb: int = 1024
    function_version: str = "$LATEST"
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    identity: object = None
    client_context: object = None
    tenant_id: str | None = None
    _deadline: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_ms / 1000

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{FAKE_ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"local/[{self.function_version}]{self.aws_request_id.replace('-', '')}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))
