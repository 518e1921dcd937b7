"""``python -m local.flow_simulator``: run a flow file with a script and stubs, or ring it yourself.

    run FLOW_FILE [--script S] [--stub NAME_OR_ARN=RESULT.json ...] [--library DIR_OR_FILE ...]
        [--directory FILE] [--text]
    ring [FLOW_FILE] [--number +44...] [--at ISO] [--chat] [--script S] [--stub ...] [--library ...]

Exit status: 0 when the flow ran to an outcome, 2 on bad input or a flow the simulator cannot run
(one line on stderr says why).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TextIO

import msgspec

from local.flow_simulator.directory import Directory, load_directory
from local.flow_simulator.engine import Simulator
from local.flow_simulator.errors import FlowError, ScriptError, SimulationError
from local.flow_simulator.invoker import StubbedLambdas, load_stub_file
from local.flow_simulator.loader import FlowLibrary, load_flow
from local.flow_simulator.ring import SimulationSetup, ring
from local.flow_simulator.script import load_script

EXIT_OK, EXIT_BAD_INPUT = 0, 2
SetupFactory = Callable[[], SimulationSetup]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m local.flow_simulator", description="Offline Amazon Connect flow simulator."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def shared(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--script", help="caller script (JSON or YAML)")
        sub.add_argument(
            "--stub",
            action="append",
            default=[],
            metavar="NAME_OR_ARN=RESULT.json",
            help="a Lambda function's result (a JSON file, or inline JSON); repeatable",
        )
        sub.add_argument(
            "--library",
            action="append",
            default=[],
            metavar="DIR_OR_FILE",
            help="flows other flows transfer to or invoke (a directory of *.json, or a file); repeatable",
        )
        sub.add_argument("--directory", help="queues, hours and flow names (JSON or YAML)")

    run = commands.add_parser("run", help="run a flow non-interactively and print the transcript as JSON")
    run.add_argument("flow", metavar="FLOW_FILE")
    shared(run)
    run.add_argument("--text", action="store_true", help="print a readable transcript instead of JSON")

    call = commands.add_parser("ring", help="ring a flow from the terminal")
    call.add_argument("flow", metavar="FLOW_FILE", nargs="?")
    shared(call)
    call.add_argument("--number", help="the caller's number, E.164 (e.g. +447700900123)")
    call.add_argument("--at", help="time of the call, ISO 8601 (e.g. 2025-03-03T10:15)")
    call.add_argument("--chat", action="store_true", help="a webchat contact instead of a phone call")
    return parser


def _stubs(pairs: Sequence[str]) -> dict[str, Any]:
    stubs = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name or not value:
            raise ScriptError(f"--stub {pair!r}: write NAME_OR_ARN=RESULT.json")
        stubs[name] = load_stub_file(value)
    return stubs


def _setup(args: argparse.Namespace) -> SimulationSetup:
    script = load_script(args.script)
    stubs = _stubs(args.stub)
    return SimulationSetup(
        flow=load_flow(args.flow),
        library=FlowLibrary.from_paths(args.library),
        directory=load_directory(args.directory) if args.directory else Directory(),
        invoker=StubbedLambdas(stubs) if stubs else None,
        script=script,
    )


def _with_caller_options(setup: SimulationSetup, args: argparse.Namespace) -> SimulationSetup:
    changes: dict[str, Any] = {}
    if args.number:
        changes["caller"] = args.number
    if args.at:
        try:
            changes["at"] = datetime.fromisoformat(args.at)
        except ValueError:
            raise ScriptError(f"--at {args.at!r} is not an ISO 8601 date and time") from None
    if args.chat:
        changes["channel"] = "CHAT"
    if changes:
        setup.script = msgspec.structs.replace(setup.script, **changes)
    return setup


def _run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    setup = _setup(args)
    simulator = Simulator(
        script=setup.script, library=setup.library, directory=setup.directory, invoker=setup.invoker
    )
    try:
        result = simulator.run(setup.flow)
    except SimulationError as error:
        if error.result is not None:
            stdout.write((error.result.to_text() if args.text else error.result.to_json()) + "\n")
        stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    stdout.write((result.to_text() if args.text else result.to_json()) + "\n")
    return EXIT_OK


def _ring(
    args: argparse.Namespace,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    default_setup: SetupFactory | None,
) -> int:
    if args.flow:
        setup = _setup(args)
    elif default_setup is not None:
        setup = default_setup()
    else:
        stderr.write("error: give a FLOW_FILE to ring (the project's own flows are not wired in yet)\n")
        return EXIT_BAD_INPUT
    try:
        ring(_with_caller_options(setup, args), stdin, stdout)
    except SimulationError as error:
        stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    default_setup: SetupFactory | None = None,
) -> int:
    """The command line. ``default_setup`` is what ``ring`` without a FLOW_FILE rings."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args, stdout, stderr)
        return _ring(args, stdin, stdout, stderr, default_setup)
    except FlowError as error:
        stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        stderr.write("\n")
        return EXIT_OK
