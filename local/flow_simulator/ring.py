"""Ring a flow from the terminal: prompts are printed, the keys (or chat text) you type are the caller's.

``ring(setup, stdin, stdout)`` takes everything it runs with as parameters, so the project can hand it
its own flows, library, directory and real handlers; the command line builds a setup from files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from local.flow_simulator.caller import CallerHungUp, InputRequest
from local.flow_simulator.directory import Directory
from local.flow_simulator.engine import Simulator
from local.flow_simulator.errors import SimulationError
from local.flow_simulator.invoker import LambdaInvoker
from local.flow_simulator.loader import Flow, FlowLibrary
from local.flow_simulator.script import CallerScript, LexTurn
from local.flow_simulator.transcript import Event, SimulationResult


@dataclass
class SimulationSetup:
    """What a ring runs with. The script says who rings and when; the terminal supplies the inputs."""

    flow: Flow
    library: FlowLibrary = field(default_factory=FlowLibrary)
    directory: Directory = field(default_factory=Directory)
    invoker: LambdaInvoker | None = None
    script: CallerScript = field(default_factory=CallerScript)


class TerminalCaller:
    """A person at a terminal. An empty line is silence; the end of input hangs up."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout

    def _ask(self, label: str) -> str | None:
        self.stdout.write(f"  {label}> ")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("(hung up)\n")
            raise CallerHungUp
        if not self.stdin.isatty():  # typed input echoes itself; piped input does not
            self.stdout.write(line if line.endswith("\n") else line + "\n")
        return line.strip() or None

    def keys(self, request: InputRequest) -> str | None:
        if request.channel == "CHAT":
            return self._ask("you")
        if request.options:
            hint = f" ({', '.join(request.options)})"
        else:
            hint = " (then #)" if request.stored else ""
        return self._ask(f"keys{hint}")

    def lex(self, request: InputRequest) -> LexTurn | None:
        answer = self._ask("bot intent [slot=value ...]")
        if answer is None:
            return None
        intent, *pairs = answer.split()
        slots = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
        return LexTurn(intent=intent, slots=slots)


def _printer(stdout: TextIO) -> Callable[[Event], None]:
    def show(event: Event) -> None:
        if event.kind == "input" and not event.data.get("timeout"):
            return  # the person just typed it
        stdout.write(event.render() + "\n")
        stdout.flush()

    return show


def ring(setup: SimulationSetup, stdin: TextIO, stdout: TextIO) -> SimulationResult:
    """Run the setup's flow with a person at the terminal; returns the transcript.

    Raises SimulationError (with the partial transcript on ``.result``) when the flow cannot go on.
    """
    script = setup.script
    who = "a chat" if script.channel == "CHAT" else f"a call from {script.caller}"
    stdout.write(
        f"Ringing {setup.flow.name!r}: {who} at {script.start_time():%A %d %B %Y %H:%M %Z}.\n"
        "Type the keys you would press (or your chat message) and Enter; Enter alone is silence; "
        "Ctrl-D hangs up.\n"
    )
    simulator = Simulator(
        script=script,
        library=setup.library,
        directory=setup.directory,
        invoker=setup.invoker,
        caller=TerminalCaller(stdin, stdout),
        listener=_printer(stdout),
    )
    try:
        return simulator.run(setup.flow)
    except SimulationError:
        stdout.flush()
        raise
