"""Issue, list and revoke Open311 ``api_key``s — no deploy needed.

Each Open311 client (FixMyStreet, a council app, ...) gets its own random key. Only the key's
SHA-256 hex digest is stored, as a SecureString parameter named after the client under the stage's
path, ``/frontdoor/<stage>/open311/clients/<client>``; the key itself is printed once and never
stored. The open311_api function (environment ``OPEN311_API_KEYS_PATH``) reads the digests with
``ssm:GetParametersByPath`` on that path, hashes the ``api_key`` a POST presents and compares
digests in constant time. Revoking deletes the parameter; functions pick that up when their cache
of the digests expires.

Usage (AWS credentials of the target account in the environment)::

    python -m infra.api_keys issue fixmystreet --stage dev     # prints the new key once
    python -m infra.api_keys issue fixmystreet --stage dev --rotate   # replace an existing key
    python -m infra.api_keys list --stage dev
    python -m infra.api_keys revoke fixmystreet --stage dev

``--region`` defaults to the stage's region from ``infra/config.py``.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
from collections.abc import Sequence
from typing import Any

import boto3

from frontdoor.open311.api_keys import hash_key
from infra.config import STAGES, load_stage

CLIENT_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,62}$")


class ApiKeyError(Exception):
    """A request the CLI refuses (unknown client, duplicate key, bad name)."""


class ApiKeys:
    """The hashed api_keys of one stage, in SSM Parameter Store."""

    def __init__(self, path: str, ssm: Any, tags: dict[str, str] | None = None) -> None:
        self.path = path.rstrip("/")
        self.ssm = ssm
        self.tags = tags or {}

    def _name(self, client: str) -> str:
        if not CLIENT_NAME.match(client):
            raise ApiKeyError(f"client name {client!r} must match {CLIENT_NAME.pattern}")
        return f"{self.path}/{client}"

    def issue(self, client: str, *, rotate: bool = False) -> str:
        """Create (or with ``rotate`` replace) ``client``'s key; returns the key, stores its hash."""
        api_key = secrets.token_urlsafe(32)
        self.register(client, api_key, rotate=rotate)
        return api_key

    def register(self, client: str, api_key: str, *, rotate: bool = False) -> None:
        """Store the hash of a given key for ``client`` (issue makes a random one)."""
        name = self._name(client)
        params: dict[str, Any] = {
            "Name": name,
            "Value": hash_key(api_key),
            "Type": "SecureString",
            "Description": f"SHA-256 of the Open311 api_key of {client}",
            "Overwrite": rotate,
        }
        if not rotate:  # SSM refuses tags together with Overwrite
            params["Tags"] = [{"Key": k, "Value": v} for k, v in self.tags.items()]
        try:
            self.ssm.put_parameter(**params)
        except self.ssm.exceptions.ParameterAlreadyExists:
            raise ApiKeyError(f"{client} already has a key: revoke it or use --rotate") from None

    def revoke(self, client: str) -> None:
        try:
            self.ssm.delete_parameter(Name=self._name(client))
        except self.ssm.exceptions.ParameterNotFound:
            raise ApiKeyError(f"{client} has no key") from None

    def list(self) -> list[str]:
        """Client names holding a key (the digests are not read)."""
        names: list[str] = []
        for page in self.ssm.get_paginator("get_parameters_by_path").paginate(
            Path=self.path, Recursive=False, WithDecryption=False
        ):
            names.extend(p["Name"].rsplit("/", 1)[-1] for p in page["Parameters"])
        return sorted(names)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m infra.api_keys", description=__doc__.split("\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--stage", default="dev", choices=sorted(STAGES))
    common.add_argument("--region", help="default: the stage's region")
    commands = parser.add_subparsers(dest="command", required=True)
    issue = commands.add_parser("issue", parents=[common], help="issue a key (printed once)")
    issue.add_argument("client")
    issue.add_argument("--rotate", action="store_true", help="replace the client's existing key")
    revoke = commands.add_parser("revoke", parents=[common], help="revoke a client's key")
    revoke.add_argument("client")
    commands.add_parser("list", parents=[common], help="list clients holding a key")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = load_stage(args.stage)
    ssm = boto3.client("ssm", region_name=args.region or config.region)
    keys = ApiKeys(config.api_keys_path, ssm, tags=config.tags)
    try:
        if args.command == "issue":
            api_key = keys.issue(args.client, rotate=args.rotate)
            print(api_key)
            print(f"issued for {args.client}: give it to the client now, it is not stored", file=sys.stderr)
        elif args.command == "revoke":
            keys.revoke(args.client)
            print(f"revoked {args.client}", file=sys.stderr)
        else:
            for name in keys.list():
                print(name)
    except ApiKeyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
