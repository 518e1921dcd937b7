"""What the simulator reads besides flows: hours, the directory, caller scripts and references."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from local.flow_simulator import load_directory, load_script, parse_hours, parse_script
from local.flow_simulator.errors import DirectoryError, ScriptError
from local.flow_simulator.references import interpolate, lookup, resolve

LONDON = "Europe/London"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- hours of operation ----------------------------------------------------------------------


def test_slot_running_past_midnight_covers_the_early_hours_of_the_next_day() -> None:
    night = parse_hours(
        "night", {"timezone": "UTC", "slots": [{"day": "FRIDAY", "open": "22:00", "close": "02:00"}]}
    )

    assert night.is_open(at("2025-03-07T23:30"))  # Friday night
    assert night.is_open(at("2025-03-08T01:59"))  # Saturday early
    assert not night.is_open(at("2025-03-08T02:00"))
    assert not night.is_open(at("2025-03-07T21:59"))


def test_close_at_midnight_means_the_end_of_the_day() -> None:
    evening = parse_hours(
        "late", {"timezone": "UTC", "slots": [{"days": ["MONDAY"], "open": "18:00", "close": "00:00"}]}
    )

    assert evening.is_open(at("2025-03-03T23:59"))
    assert not evening.is_open(at("2025-03-04T00:30"))


def test_describe_hours_of_operation_output_is_read_as_connect_writes_it() -> None:
    described = {
        "HoursOfOperation": {
            "Name": "Advisors",
            "TimeZone": LONDON,
            "Config": [
                {
                    "Day": "MONDAY",
                    "StartTime": {"Hours": 9, "Minutes": 0},
                    "EndTime": {"Hours": 17, "Minutes": 30},
                }
            ],
        }
    }

    hours = parse_hours("h-1", described)

    assert hours.name == "Advisors"
    assert hours.is_open(at("2025-03-03T17:29"))
    assert not hours.is_open(at("2025-03-03T17:30"))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"timezone": "Mars/Olympus", "slots": []}, "unknown time zone 'Mars/Olympus'"),
        ({"slots": [{"days": ["MOONDAY"], "open": "09:00", "close": "17:00"}]}, "'MOONDAY' is not a day"),
        ({"slots": [{"days": ["MONDAY"], "open": "9am", "close": "17:00"}]}, "times are HH:MM, not '9am'"),
        ({"slots": [{"days": ["MONDAY"], "open": "09:00", "close": "25:00"}]}, "25:00 is not a time of day"),
        ({"slots": [{"open": "09:00", "close": "17:00"}]}, "a slot needs days"),
    ],
)
def test_malformed_hours_are_refused_naming_them(spec: dict[str, object], message: str) -> None:
    with pytest.raises(DirectoryError, match=f"hours 'advisors': .*{message}"):
        parse_hours("advisors", spec)


# --- the directory -----------------------------------------------------------------------------


def test_directory_file_names_queues_hours_and_flows(tmp_path: Path) -> None:
    path = tmp_path / "directory.yaml"
    path.write_text(
        "timezone: Europe/London\n"
        "queues:\n"
        "  arn:aws:connect:r:1:instance/i/queue/q-1: {name: Waste, hours: advisors}\n"
        "  arn:aws:connect:r:1:instance/i/queue/q-2: Priority\n"
        "hours:\n"
        "  advisors: {slots: [{days: [MONDAY], open: '09:00', close: '17:00'}]}\n"
        "flows:\n"
        "  arn:aws:connect:r:1:instance/i/contact-flow/f-1: Customer queue\n"
    )

    directory = load_directory(path)

    assert directory.queue_name("arn:aws:connect:r:1:instance/i/queue/q-2") == "Priority"
    assert directory.queue_name("q-1") == "Waste"  # by id
    assert directory.queue_arn("Waste") == "arn:aws:connect:r:1:instance/i/queue/q-1"  # by name
    hours = directory.hours_of_queue("arn:aws:connect:r:1:instance/i/queue/q-1")
    assert hours is not None and hours.timezone == LONDON
    assert directory.flow_name("f-1") == "Customer queue"


def test_directory_with_unknown_keys_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "directory.yaml"
    path.write_text("queus: {}\n")

    with pytest.raises(DirectoryError, match=r"unknown keys \['queus'\]"):
        load_directory(path)


# --- caller scripts ----------------------------------------------------------------------------


def test_yaml_numbers_become_the_keys_a_caller_presses(tmp_path: Path) -> None:
    path = tmp_path / "caller.yaml"
    path.write_text(
        "channel: chat\ncaller: 447700900123\ninputs: [1, '0123', '12#']\nattributes: {vulnerable: true}\n"
    )

    script = load_script(path)

    assert script.channel == "CHAT"
    assert script.caller == "+447700900123"
    assert script.inputs == ["1", "0123", "12#"]
    assert script.attributes == {"vulnerable": "true"}


def test_a_time_without_a_zone_is_in_the_scripts_time_zone() -> None:
    winter = parse_script({"at": "2025-01-06T09:00"}).start_time()
    summer = parse_script({"at": "2025-07-07T09:00:00"}).start_time()

    assert winter.astimezone(UTC).hour == 9
    assert summer.astimezone(UTC).hour == 8


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (["1"], "a caller script is an object"),
        ({"channel": "FAX"}, "Invalid enum value 'FAX' - at `$.channel`"),
        ({"metrics": {"queue_mood": 3}}, "unknown metric 'queue_mood'"),
        ({"queue_metrics": {"Waste": {"NumberOfAgentsBored": 1}}}, "unknown metric 'NumberOfAgentsBored'"),
        ({"rolls": [0, 50]}, "rolls are 1..100, not [0]"),
        ({"timezone": "Europe/Narnia"}, "unknown time zone 'Europe/Narnia'"),
        ({"lex": [{"intent": "X", "confidence": 1}]}, "unknown field `confidence`"),
    ],
)
def test_malformed_scripts_are_refused_with_the_reason(document: object, message: str) -> None:
    with pytest.raises(ScriptError) as refused:
        parse_script(document)

    assert message in str(refused.value)


def test_script_file_that_is_not_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "caller.yaml"
    path.write_text("inputs: [1, 2\nchannel: VOICE\n")

    with pytest.raises(ScriptError, match=r"caller.yaml is not valid JSON or YAML at line \d"):
        load_script(path)


# --- references --------------------------------------------------------------------------------

DATA = {
    "Attributes": {"name": "Sam", "voicemail-destination": "arn:q"},
    "External": {"case": {"reference": "FD-1", "open": True}, "count": 3},
    "Lex": {"SessionAttributes": {"shouldRouteToAgent": "true"}},
    "StoredCustomerInput": "1234",
}


def test_whole_references_keep_their_type_and_missing_ones_are_none() -> None:
    assert resolve("$.External.case", DATA) == {"reference": "FD-1", "open": True}
    assert resolve("$.External.count", DATA) == 3
    assert resolve("$.Attributes.nobody", DATA) is None
    assert resolve("$.StoredCustomerInput", DATA) == "1234"


def test_references_in_text_keep_the_full_stop_after_them() -> None:
    assert interpolate("Hello $.Attributes.name. Bye.", DATA) == "Hello Sam. Bye."


def test_bracketed_and_hyphenated_names() -> None:
    assert lookup(DATA, "$.Lex.SessionAttributes.['shouldRouteToAgent']") == "true"
    assert lookup(DATA, "$.Lex.SessionAttributes['shouldRouteToAgent']") == "true"
    assert interpolate("to $.Attributes.voicemail-destination", DATA) == "to arn:q"


def test_dollar_signs_that_are_not_references_are_left_alone() -> None:
    assert interpolate("It costs $5, or $.50 in $Lex. terms", DATA) == "It costs $5, or $.50 in $Lex. terms"


def test_nested_values_render_as_json_and_booleans_as_connect_writes_them() -> None:
    assert (
        interpolate("$.External.case / $.External.case.open", DATA)
        == '{"reference":"FD-1","open":true} / true'
    )
