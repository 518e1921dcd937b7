"""Logging that cannot leak personal data.

botocore and pynamodb log whole request and response bodies (residents' names, emails, phone
numbers) at DEBUG. Lambda's log-level setting applies to the root logger, so an engineer turning
a function up to DEBUG would write personal data to CloudWatch. Those libraries are capped at
INFO here, whatever the function's level; our own log lines carry references and codes only.
"""

from __future__ import annotations

import logging

from aws_lambda_powertools import Logger

LIBRARIES_THAT_LOG_BODIES = ("botocore", "boto3", "urllib3", "pynamodb", "s3transfer")


def quiet_libraries() -> None:
    for name in LIBRARIES_THAT_LOG_BODIES:
        library = logging.getLogger(name)
        if library.getEffectiveLevel() < logging.INFO or library.level == logging.NOTSET:
            library.setLevel(logging.INFO)


def function_logger(service: str) -> Logger:
    """The powertools Logger of a function, with body-logging libraries capped first."""
    quiet_libraries()
    return Logger(service=service)
