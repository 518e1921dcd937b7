"""``python -m local.flow_simulator``: run prints JSON (or text), ring talks to a person at a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from local.flow_simulator import CallerScript, FlowLibrary
from local.flow_simulator.cli import main
from local.flow_simulator.ring import SimulationSetup, ring
from tests.flows.builders import REPO, act, flow, hang_up, say

IDENTIFY_ARN = "arn:aws:lambda:eu-west-2:000000000000:function:frontdoor-local-identify-caller"
MENU: dict[str, Any] = {
    "Version": "2019-10-30",
    "StartAction": "lookup",
    "Actions": [
        act(
            "lookup",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": IDENTIFY_ARN},
            next="menu",
            errors={"NoMatchingError": "menu"},
        ),
        act(
            "menu",
            "GetParticipantInput",
            {"Text": "Hello $.External.name. Press 1 for bins, 2 for roads.", "InputTimeLimitSeconds": "5"},
            conditions=[("Equals", "bins", ["1"]), ("Equals", "roads", ["2"])],
            errors={"InputTimeLimitExceeded": "bye", "NoMatchingCondition": "bye", "NoMatchingError": "bye"},
        ),
        say("bins", "Bins it is", "bye"),
        say("roads", "Roads it is", "bye"),
        hang_up(),
    ],
}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "flow": tmp_path / "menu.json",
        "script": tmp_path / "caller.yaml",
        "stub": tmp_path / "identify.json",
    }
    paths["flow"].write_text(json.dumps(MENU))
    paths["script"].write_text("caller: '+447700900555'\ninputs: [2]\n")
    paths["stub"].write_text(json.dumps({"name": "Sam", "outcome": "ok"}))
    return paths


def run_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_run_prints_the_transcript_as_json(files: dict[str, Path]) -> None:
    code, out, err = run_cli(
        "run",
        str(files["flow"]),
        "--script",
        str(files["script"]),
        "--stub",
        f"frontdoor-local-identify-caller={files['stub']}",
    )

    assert (code, err) == (0, "")
    transcript = json.loads(out)
    assert transcript["outcome"] == {"kind": "disconnect"}
    assert transcript["contact"]["customer"] == "+447700900555"
    prompts = [event["text"] for event in transcript["events"] if event["kind"] == "prompt"]
    assert prompts == ["Hello Sam. Press 1 for bins, 2 for roads.", "Roads it is"]
    (call,) = [event for event in transcript["events"] if event["kind"] == "lambda"]
    assert call["result"] == {"name": "Sam", "outcome": "ok"}
    assert call["type"] == "InvokeLambdaFunction" and call["action"] == "lookup"
    first, last = transcript["events"][0], transcript["events"][-1]
    assert (first["kind"], first["flow"], first["name"]) == ("flow", "menu", "menu")
    assert (last["kind"], last["outcome"]) == ("outcome", {"kind": "disconnect"})


def test_run_as_text(files: dict[str, Path]) -> None:
    code, out, _ = run_cli(
        "run",
        str(files["flow"]),
        "--script",
        str(files["script"]),
        "--stub",
        'frontdoor-local-identify-caller={"name": "Jo"}',
        "--text",
    )

    assert code == 0
    assert '[menu] says: "Hello Jo. Press 1 for bins, 2 for roads."' in out
    assert "[menu] caller keys: 2" in out
    assert out.rstrip().endswith("OUTCOME: disconnected")


def test_unsupported_action_exits_2_with_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "wisdom.json"
    path.write_text(
        json.dumps(
            {"Version": "2019-10-30", "StartAction": "w", "Actions": [act("w", "CreateWisdomSession")]}
        )
    )

    code, out, err = run_cli("run", str(path))

    assert code == 2
    assert err == (
        "error: unsupported action type 'CreateWisdomSession' (action 'w' in flow 'wisdom'); "
        "the simulator cannot run it\n"
    )
    assert json.loads(out)["outcome"]["kind"] == "error"


@pytest.mark.parametrize(
    ("write", "extra", "message"),
    [
        ({"flow": "{not json"}, [], "is not valid JSON"),
        ({"script": "inptus: [1]\n"}, [], "unknown field `inptus`"),
        ({"script": "at: yesterday\n"}, [], "Invalid RFC3339 encoded datetime"),
        ({}, ["--stub", "no-equals-sign"], "write NAME_OR_ARN=RESULT.json"),
        ({}, ["--library", "/nonexistent/flows"], "library: /nonexistent/flows does not exist"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    files: dict[str, Path], write: dict[str, str], extra: list[str], message: str
) -> None:
    for name, text in write.items():
        files[name].write_text(text)

    code, out, err = run_cli("run", str(files["flow"]), "--script", str(files["script"]), *extra)

    assert (code, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1
    assert message in err


def test_ring_reads_keys_from_stdin_and_shows_prompts_and_outcome(files: dict[str, Path]) -> None:
    code, out, err = run_cli(
        "ring",
        str(files["flow"]),
        "--number",
        "+447700900666",
        "--at",
        "2025-03-03T10:15",
        "--stub",
        'frontdoor-local-identify-caller={"name": "Ali"}',
        stdin="1\n",
    )

    assert (code, err) == (0, "")
    assert "Ringing 'menu': a call from +447700900666 at Monday 03 March 2025 10:15 GMT." in out
    assert 'says: "Hello Ali. Press 1 for bins, 2 for roads."' in out
    assert "keys (1, 2)> 1" in out
    assert 'says: "Bins it is"' in out
    assert "OUTCOME: disconnected" in out


def test_ring_on_chat_asks_for_text(files: dict[str, Path]) -> None:
    code, out, _ = run_cli(
        "ring",
        str(files["flow"]),
        "--chat",
        "--stub",
        'frontdoor-local-identify-caller={"name": "Ali"}',
        stdin="2\n",
    )

    assert code == 0
    assert "Ringing 'menu': a chat at" in out
    assert "you> 2" in out
    assert 'writes: "Roads it is"' in out


def test_ring_ends_when_the_caller_hangs_up(files: dict[str, Path]) -> None:
    code, out, _ = run_cli(
        "ring", str(files["flow"]), "--stub", 'frontdoor-local-identify-caller={"name": "Ali"}', stdin=""
    )

    assert code == 0
    assert "(hung up)" in out
    assert "OUTCOME: the caller hung up" in out


def test_ring_without_a_flow_needs_the_projects_default(files: dict[str, Path]) -> None:
    code, _, err = run_cli("ring")
    assert code == 2 and "give a FLOW_FILE" in err

    out = io.StringIO()
    default = SimulationSetup(
        flow=flow(say("hi", "Welcome to the council", "bye"), hang_up(), name="project inbound")
    )
    assert (
        main(
            ["ring", "--number", "+447700900777"],
            stdin=io.StringIO(""),
            stdout=out,
            default_setup=lambda: default,
        )
        == 0
    )
    assert "Ringing 'project inbound': a call from +447700900777" in out.getvalue()
    assert 'says: "Welcome to the council"' in out.getvalue()


def test_ring_function_takes_its_setup_and_returns_the_transcript() -> None:
    setup = SimulationSetup(
        flow=flow(*MENU["Actions"], name="menu"),
        script=CallerScript(lambdas={"frontdoor-local-identify-caller": {"name": "Kim"}}),
    )
    out = io.StringIO()

    result = ring(setup, io.StringIO("2\n"), out)

    assert result.prompts() == ["Hello Kim. Press 1 for bins, 2 for roads.", "Roads it is"]
    assert result.outcome.kind == "disconnect"


def test_module_entry_point_runs_a_flow(files: dict[str, Path]) -> None:
    environment = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'layers' / 'common' / 'python'}"}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "local.flow_simulator",
            "run",
            str(files["flow"]),
            "--script",
            str(files["script"]),
            "--stub",
            'frontdoor-local-identify-caller={"name": "Sam"}',
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=30,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["outcome"]["kind"] == "disconnect"


@pytest.mark.parametrize(
    ("flow_file", "script", "outcome"),
    [
        ("bankid-auth-inbound.json", "bankid-verified.yaml", "queue"),
        ("chat-third-party-bot.json", "chat-bot-routes-to-agent.yaml", "transfer_to_flow"),
    ],
)
def test_sample_scripts_run_against_the_shared_flows(
    shared_flows: Path, flow_file: str, script: str, outcome: str
) -> None:
    code, out, err = run_cli(
        "run",
        str(shared_flows / flow_file),
        "--script",
        str(REPO / "events" / "connect" / "simulator" / script),
    )

    assert (code, err) == (0, "")
    assert json.loads(out)["outcome"]["kind"] == outcome


def test_hanging_up_while_queued_keeps_the_queue_outcome() -> None:
    queue_flow = flow(
        act(
            "offer",
            "GetParticipantInput",
            {"Text": "Press 1 for a callback", "InputTimeLimitSeconds": "5"},
            conditions=[("Equals", "bye", ["1"])],
            errors={"InputTimeLimitExceeded": "bye", "NoMatchingCondition": "bye", "NoMatchingError": "bye"},
        ),
        hang_up(),
        name="queue",
    )
    inbound = flow(
        act("hook", "UpdateContactEventHooks", {"EventHooks": {"CustomerQueue": "queue"}}, next="target"),
        act("target", "UpdateContactTargetQueue", {"QueueId": "arn:aws:connect:q/waste"}, next="go"),
        act("go", "TransferContactToQueue", errors={"NoMatchingError": "bye"}),
        hang_up(),
        name="inbound",
    )
    out = io.StringIO()

    result = ring(SimulationSetup(flow=inbound, library=FlowLibrary([queue_flow])), io.StringIO(""), out)

    assert result.outcome.kind == "queue"
    assert result.outcome.queue_flow is not None and result.outcome.queue_flow.kind == "hangup"
    assert (
        "OUTCOME: queued for arn:aws:connect:q/waste; then in the queue flow: the caller hung up"
        in out.getvalue()
    )
