"""Flows load from files, JSON text and mappings, in plain, wrapped and described form; bad ones say why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from local.flow_simulator import FlowLibrary, load_flow, parse_flow
from local.flow_simulator.errors import FlowLoadError

PLAIN: dict[str, Any] = {
    "Version": "2019-10-30",
    "StartAction": "hello",
    "Metadata": {"name": "Hello line", "type": "contactFlow"},
    "Actions": [
        {
            "Identifier": "hello",
            "Type": "MessageParticipant",
            "Parameters": {"Text": "Hi"},
            "Transitions": {"NextAction": "bye"},
        },
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ],
}


def test_plain_flow_from_a_mapping_keeps_its_actions_and_metadata_name() -> None:
    flow = parse_flow(PLAIN)

    assert flow.name == "Hello line"
    assert flow.start_action == "hello"
    assert flow.actions["hello"].transitions.next_action == "bye"
    assert flow.actions["bye"].type == "DisconnectParticipant"


def test_wrapped_export_with_content_as_a_json_string(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.json"
    path.write_text(json.dumps({"Name": "Main IVR", "Type": "CONTACT_FLOW", "Content": json.dumps(PLAIN)}))

    flow = load_flow(path)

    assert (flow.name, flow.type) == ("Main IVR", "CONTACT_FLOW")
    assert set(flow.actions) == {"hello", "bye"}


def test_describe_contact_flow_output_gives_the_flow_its_arn_and_id() -> None:
    described = {
        "ContactFlow": {
            "Arn": "arn:aws:connect:eu-west-2:1:instance/i/contact-flow/f-1",
            "Id": "f-1",
            "Name": "Main IVR",
            "Type": "CONTACT_FLOW",
            "Content": json.dumps(PLAIN),
        }
    }

    flow = parse_flow(described)

    assert flow.arn == "arn:aws:connect:eu-west-2:1:instance/i/contact-flow/f-1"
    assert flow.id == "f-1"
    assert flow.name == "Main IVR"


def test_flow_from_json_text() -> None:
    assert load_flow(json.dumps(PLAIN)).start_action == "hello"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "a flow is a JSON object"),
        ({"Version": "2019-10-30", "StartAction": "a"}, "needs a non-empty Actions list"),
        ({**PLAIN, "StartAction": "nowhere"}, "StartAction 'nowhere' is not one of the flow's actions"),
        ({**PLAIN, "StartAction": None}, "StartAction is missing"),
        (
            {**PLAIN, "Actions": [PLAIN["Actions"][0], PLAIN["Actions"][0]]},
            "two actions share the Identifier 'hello'",
        ),
        ({**PLAIN, "Actions": [{"Identifier": "x", "Parameters": {}}]}, "('x') has no Type"),
        ({**PLAIN, "Actions": [{"Type": "Loop"}]}, "has no Identifier"),
        ({"Name": "W", "Content": "{not json"}, "(Content) is not valid JSON"),
        ({"ContactFlow": "nope"}, "ContactFlow must be an object"),
    ],
)
def test_malformed_flows_are_refused_with_the_reason(document: Any, message: str) -> None:
    with pytest.raises(FlowLoadError, match=None) as refused:
        parse_flow(document)

    assert message in str(refused.value)


def test_a_file_that_is_not_json_names_the_file_and_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"Version": "2019-10-30",\n  "Actions": [,]}')

    with pytest.raises(FlowLoadError) as refused:
        load_flow(path)

    assert str(refused.value).startswith(f"{path} is not valid JSON")
    assert "line 2" in str(refused.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FlowLoadError, match="cannot read flow"):
        load_flow(tmp_path / "absent.json")


def test_library_finds_flows_by_name_arn_id_and_file_stem(tmp_path: Path) -> None:
    (tmp_path / "queue-music.json").write_text(json.dumps(PLAIN))
    described = {
        "ContactFlow": {
            "Arn": "arn:aws:connect:r:1:instance/i/contact-flow/f-9",
            "Id": "f-9",
            "Name": "Transfer",
        }
    }
    described["ContactFlow"]["Content"] = json.dumps(PLAIN)
    (tmp_path / "transfer.json").write_text(json.dumps(described))

    library = FlowLibrary.from_paths([tmp_path])

    assert len(library) == 2
    assert library.get("Hello line") is library.get("queue-music")
    transfer = library.get("arn:aws:connect:r:1:instance/i/contact-flow/f-9")
    assert transfer is not None and transfer.name == "Transfer"
    assert library.get("arn:aws:connect:other:1:instance/x/contact-flow/f-9") is transfer  # by id
    assert library.get("unknown") is None


def test_library_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FlowLoadError, match="does not exist"):
        FlowLibrary.from_paths([tmp_path / "nope"])
