"""``python -m local.phone``: ring Front Door's phone line (or start a webchat) from the terminal.

AWS is emulated in-process, the tables are created and the demo data seeded exactly as for
``make run``; the project's own flows run in the offline simulator against the real
Connect-invoked handlers. Prompts are printed; type the keys you would press (Enter alone is
silence, Ctrl-D hangs up).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from typing import TextIO

from frontdoor.flows import FLOWS
from local.contact_centre import project_contact_centre
from local.emulation import aws_emulation
from local.environment import apply_handler_environment
from local.flow_simulator import HandlerLambdas, SimulationError, SimulationResult, parse_script
from local.flow_simulator.ring import SimulationSetup, ring


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.phone", description=__doc__.splitlines()[0])
    parser.add_argument("--number", default="+447700900999", help="the caller's number (E.164)")
    parser.add_argument("--at", type=datetime.fromisoformat, help="when the call is made (default now)")
    parser.add_argument("--chat", action="store_true", help="a webchat instead of a call")
    parser.add_argument("--flow", choices=sorted(FLOWS), help="start in this flow (default inbound, or chat)")
    return parser.parse_args(argv)


def demo_banner(known_reference: str | None, priority_number: str, known_number: str) -> str:
    lines = [
        "Front Door phone line (offline: AWS emulated, flows simulated, real handlers)",
        f"  a vulnerable resident    --number {priority_number}   (routed to the priority queue)",
        f"  a resident with a case   --number {known_number}   (hears their open case first)",
    ]
    if known_reference:
        lines.append(f"  a case to check          press 2, then key {known_reference}#")
    return "\n".join(lines) + "\n"


def call(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> SimulationResult:
    """Seed the emulation, then ring the project's flow with the real handlers."""
    apply_handler_environment()
    from local.seed import seed_demo_callers, seed_demo_cases
    from local.tables import create_tables

    create_tables()
    seed_demo_cases()
    demo = seed_demo_callers()
    print(demo_banner(demo.known_case_reference, demo.priority_number, demo.known_number), file=stdout)
    centre = project_contact_centre()
    channel = "CHAT" if args.chat else "VOICE"
    script = {"caller": args.number, "channel": channel}
    if args.at:
        script["at"] = args.at.isoformat()
    if args.chat:
        script["attributes"] = {"caller_phone": args.number}
    flow = centre.flows[args.flow or ("chat" if args.chat else "inbound")]
    setup = SimulationSetup(
        flow=flow,
        library=centre.library,
        directory=centre.directory,
        invoker=HandlerLambdas(),
        script=parse_script(script),
    )
    return ring(setup, stdin, stdout)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The handlers' JSON log lines would interleave with the conversation; warnings still show.
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    try:
        with aws_emulation():
            call(args, sys.stdin, sys.stdout)
    except SimulationError as error:
        print(f"The call could not go on: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nHung up.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
