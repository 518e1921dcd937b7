"""``python -m frontdoor.backoffice``: the back office from a terminal, for operators and scripts.

The same domain as the staff API, acting as a system through the caller's AWS credentials (IAM
decides who may reach the tables), and audited like any staff action: under the IAM identity
(``sts:GetCallerIdentity``), with ``--operator`` naming the person at the keyboard. Output is JSON.

The tables come from the environment the staff function has (``CASES_TABLE_NAME``,
``AUDIT_TABLE_NAME``, ...), or from the function itself with ``--function <name>``, which reads its
configuration (``lambda:GetFunctionConfiguration``, and ``kms:Decrypt`` on the stage's key).

    python -m frontdoor.backoffice --function <staff function> find --status open --service pothole
    python -m frontdoor.backoffice show 482019373
    python -m frontdoor.backoffice --operator jane.smith update 482019373 --status fixed \\
        --public-note "We filled the pothole today."
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..cases.errors import CaseChanged, CaseError
from ..cases.model import Location, NewReport, Reporter
from ..contacts.links import NotConfigured
from . import views
from .errors import BackOfficeError
from .roles import Actor
from .service import ASSISTED_CHANNELS, BackOffice, StatusUpdate

Command = Callable[[BackOffice, Actor, argparse.Namespace], Any]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m frontdoor.backoffice", description=__doc__.splitlines()[0])
    root.add_argument("--operator", help="the person acting, recorded in the audit beside the IAM identity")
    root.add_argument(
        "--function", help="read the tables and settings from this staff function's environment"
    )
    commands = root.add_subparsers(dest="command", required=True)

    find = commands.add_parser("find", help="cases by reference, or by service, status, ward and dates")
    find.add_argument("--reference")
    for name in ("service", "status", "ward", "from", "to", "limit"):
        find.add_argument(f"--{name}")
    commands.add_parser("show", help="a case and its whole history (audited)").add_argument("reference")
    commands.add_parser("reporter", help="a case's reporter: personal data (audited)").add_argument(
        "reference"
    )
    lookup = commands.add_parser("lookup", help="a resident's cases by phone or email (audited)")
    who = lookup.add_mutually_exclusive_group(required=True)
    who.add_argument("--phone")
    who.add_argument("--email")

    update = commands.add_parser("update", help="change the status and/or add notes")
    update.add_argument("reference")
    update.add_argument("--status")
    update.add_argument("--public-note")
    update.add_argument("--internal-note")
    assign = commands.add_parser("assign", help="assign a case to a team of the catalogue")
    assign.add_argument("reference")
    assign.add_argument("team")
    urgent = commands.add_parser("urgent", help="mark a case urgent (or not, with --off)")
    urgent.add_argument("reference")
    urgent.add_argument("--off", action="store_true")
    link = commands.add_parser("link", help="link two cases both ways")
    link.add_argument("reference")
    link.add_argument("other")
    merge = commands.add_parser("merge", help="close a case as a duplicate of another")
    merge.add_argument("reference")
    merge.add_argument("into")
    merge.add_argument("--public-note", help="added to the note naming the case to follow")

    log = commands.add_parser("log", help="log a case for a resident, under the channel it came through")
    log.add_argument("--service", required=True)
    log.add_argument("--channel", required=True, choices=ASSISTED_CHANNELS)
    log.add_argument("--description", default="")
    log.add_argument("--lat", type=float)
    log.add_argument("--long", type=float)
    log.add_argument("--address")
    log.add_argument("--answer", action="append", default=[], metavar="CODE=VALUE")
    for name in ("first-name", "last-name", "email", "phone"):
        log.add_argument(f"--{name}")
    log.add_argument("--consent", action="store_true", help="the resident wants updates on the case")

    audit = commands.add_parser("audit", help="the audit of one case or one member of staff")
    whose = audit.add_mutually_exclusive_group(required=True)
    whose.add_argument("--reference")
    whose.add_argument("--actor", help="a Cognito sub or an IAM identity")
    audit.add_argument("--limit", type=int, default=100)
    return root


def _find(office: BackOffice, actor: Actor, args: argparse.Namespace) -> Any:
    from ..cases.dates import utc_now
    from .requests import case_query

    catalogue = office.cases.catalogue
    if args.reference:
        found = [office.get(actor, args.reference)]
    else:
        names = ("service", "status", "ward", "from", "to", "limit")
        params = {name: getattr(args, name) for name in names if getattr(args, name)}
        found = office.find(actor, case_query(params, utc_now()))
    return {"cases": [views.case_summary(case, catalogue, office.team_of(case)) for case in found]}


def _summary(office: BackOffice, case: Any) -> Any:
    return {"case": views.case_summary(case, office.cases.catalogue, office.team_of(case))}


def _log(office: BackOffice, actor: Actor, args: argparse.Namespace) -> Any:
    answers: dict[str, list[str]] = {}
    for pair in args.answer:
        code, _, value = pair.partition("=")
        answers.setdefault(code.strip(), []).append(value)
    report = NewReport(
        service_code=args.service,
        channel=args.channel,
        description=args.description,
        location=Location(lat=args.lat, long=args.long, address=args.address),
        answers=answers,
        reporter=Reporter(
            first_name=args.first_name,
            last_name=args.last_name,
            email=args.email,
            phone=args.phone,
            consent_to_updates=args.consent,
        ),
    )
    return {"case": views.filed(office.log_case(actor, report))}


def _audit(office: BackOffice, actor: Actor, args: argparse.Namespace) -> Any:
    if args.reference:
        records = office.audit_for_case(actor, args.reference, args.limit)
    else:
        records = office.audit_for_actor(actor, args.actor, args.limit)
    return {"audit": [views.audit(record) for record in records]}


COMMANDS: dict[str, Command] = {
    "find": _find,
    "show": lambda o, a, x: {"case": views.case_detail(o.view(a, x.reference), o.cases.catalogue)},
    "reporter": lambda o, a, x: views.reporter(x.reference, o.reporter(a, x.reference)),
    "lookup": lambda o, a, x: {
        "cases": [
            views.case_summary(c, o.cases.catalogue, o.team_of(c))
            for c in o.lookup(a, phone=x.phone, email=x.email)
        ]
    },
    "update": lambda o, a, x: _summary(
        o, o.update(a, x.reference, StatusUpdate(x.status, x.public_note, x.internal_note))
    ),
    "assign": lambda o, a, x: _summary(o, o.assign(a, x.reference, x.team)),
    "urgent": lambda o, a, x: _summary(o, o.mark_urgent(a, x.reference, not x.off)),
    "link": lambda o, a, x: _summary(o, o.link(a, x.reference, x.other)),
    "merge": lambda o, a, x: _summary(o, o.merge(a, x.reference, x.into, x.public_note)),
    "log": _log,
    "audit": _audit,
}


def caller_identity() -> str:
    """The ARN of the AWS credentials in use: who the audit says acted."""
    from ..wiring import aws_client

    return str(aws_client("sts").get_caller_identity()["Arn"])


def environment_of(function: str) -> dict[str, str]:
    """A Lambda function's environment variables (decrypted by Lambda for a caller allowed to)."""
    from ..wiring import aws_client

    configuration = aws_client("lambda").get_function_configuration(FunctionName=function)
    return dict(configuration.get("Environment", {}).get("Variables", {}))


def main(
    argv: Sequence[str] | None = None,
    office: BackOffice | None = None,
    identity: Callable[[], str] = caller_identity,
) -> int:
    args = parser().parse_args(argv)
    try:
        if args.function:
            os.environ.update(environment_of(args.function))
        if office is None:
            from ..wiring import back_office

            office = back_office()
        actor = Actor.system(identity(), args.operator)
        result = COMMANDS[args.command](office, actor, args)
    except (BackOfficeError, CaseError) as error:
        field = f" ({error.field})" if error.field else ""
        print(f"refused: {error.message}{field}", file=sys.stderr)
        return 1 if isinstance(error, CaseChanged) else 2
    except (NotConfigured, ValueError) as error:  # a setting missing or malformed: names the variable
        print(f"not configured: {error}", file=sys.stderr)
        return 3
    except Exception as error:  # AWS said no (credentials, permissions, throttling): never the data
        code = getattr(error, "response", {}).get("Error", {}).get("Code") or type(error).__name__
        print(f"AWS error: {code}", file=sys.stderr)
        return 3
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
