"""The service catalogue: the shipped YAML, its validation, answers and service standards."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from frontdoor.catalogue import (
    DEFAULT_PATH,
    Catalogue,
    CatalogueError,
    InvalidAnswer,
    Service,
    Standard,
    default_catalogue,
    load_catalogue,
)
from frontdoor.catalogue.model import COUNCIL_TIME

EXPECTED_SERVICE_CODES = {
    "missed_bin",
    "bulky_waste",
    "garden_waste_renewal",
    "pothole",
    "street_light_fault",
    "fly_tipping",
    "graffiti",
    "abandoned_vehicle",
    "noise_complaint",
    "resident_parking_permit",
    "registrars_appointment",
    "electoral_registration",
    "library_enquiry",
    "planning_enquiry",
    "adult_social_care",
    "telecare",
}

MINIMAL: dict[str, Any] = {
    "version": 1,
    "teams": [{"id": "highways", "name": "Highways"}, {"id": "waste", "name": "Waste"}],
    "services": [
        {
            "service_code": "pothole",
            "name": "Report a pothole",
            "group": "Roads and streets",
            "keywords": ["road", "hole"],
            "description": "A hole in the road.",
            "location": "point",
            "channels": ["web", "phone"],
            "team": "highways",
            "standard": {"response_hours": 24, "resolution_working_days": 20, "summary": "We fix it."},
            "attributes": [
                {
                    "code": "size",
                    "datatype": "singlevaluelist",
                    "required": True,
                    "order": 1,
                    "description": "How big is it?",
                    "values": [{"key": "small", "name": "Small"}, {"key": "large", "name": "Large"}],
                },
                {"code": "depth_cm", "datatype": "number", "order": 2, "description": "How deep?"},
            ],
        },
        {
            "service_code": "missed_bin",
            "name": "Report a missed bin",
            "group": "Bins and recycling",
            "description": "Your bin was not emptied.",
            "location": "point",
            "channels": ["web"],
            "team": "waste",
            "standard": {"response_hours": 24, "resolution_working_days": 2, "summary": "We collect it."},
        },
    ],
}


def write_catalogue(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    change(data)
    return data


def load_error(tmp_path: Path, data: dict[str, Any]) -> str:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(write_catalogue(tmp_path, data))
    return caught.value.message


# ---------------------------------------------------------------- the shipped catalogue


def test_shipped_catalogue_loads_with_the_sixteen_services():
    catalogue = load_catalogue()
    assert catalogue.version == 1
    assert {s.service_code for s in catalogue.services} >= EXPECTED_SERVICE_CODES
    assert len(catalogue.services) >= 16


def test_every_shipped_service_belongs_to_a_defined_team():
    catalogue = default_catalogue()
    team_ids = {team.id for team in catalogue.teams}
    assert all(service.team in team_ids for service in catalogue.services)


def test_default_catalogue_is_loaded_once():
    assert default_catalogue() is default_catalogue()
    assert DEFAULT_PATH.name == "services.yaml"


def test_telecare_is_phone_only_with_an_emergency_line():
    telecare = default_catalogue().get("telecare")
    assert telecare is not None
    assert telecare.channels == ["phone"]
    assert not telecare.offered_on("web")
    assert not telecare.offered_on("chat")
    assert telecare.emergency_line
    assert telecare.notice and telecare.emergency_line in telecare.notice
    assert telecare not in default_catalogue().for_channel("web")


def test_adult_social_care_is_priority_and_phone_first():
    care = default_catalogue().get("adult_social_care")
    assert care is not None
    assert care.priority and care.phone_first
    assert care.channels[0] == "phone"
    assert care.location == "address"


def test_problems_in_a_place_take_a_point_and_enquiries_take_an_address():
    catalogue = default_catalogue()
    for code in ("pothole", "street_light_fault", "fly_tipping", "graffiti", "abandoned_vehicle"):
        assert catalogue.get(code).location == "point"  # type: ignore[union-attr]
    for code in ("resident_parking_permit", "registrars_appointment", "library_enquiry", "telecare"):
        assert catalogue.get(code).location == "address"  # type: ignore[union-attr]


def test_get_returns_none_for_an_unknown_service():
    assert default_catalogue().get("no_such_service") is None


def test_search_is_case_insensitive_and_puts_name_matches_first():
    results = [s.service_code for s in default_catalogue().search("BIN")]
    assert results[0] == "missed_bin"  # "bin" in its name
    assert "garden_waste_renewal" in results  # "green bin" keyword
    assert results.index("missed_bin") < results.index("garden_waste_renewal")


def test_search_matches_keywords_and_groups_and_ignores_blank_text():
    catalogue = default_catalogue()
    assert [s.service_code for s in catalogue.search("lamp post")] == ["street_light_fault"]
    assert {s.service_code for s in catalogue.search("care and support")} == {"adult_social_care", "telecare"}
    assert catalogue.search("   ") == []


def test_for_channel_lists_only_services_offered_there():
    chat = default_catalogue().for_channel("chat")
    assert chat and all(s.offered_on("chat") for s in chat)


# ---------------------------------------------------------------- broken catalogues


def test_a_minimal_catalogue_loads(tmp_path: Path):
    assert load_catalogue(write_catalogue(tmp_path, MINIMAL)).get("pothole") is not None


def test_duplicate_service_codes_fail_naming_the_code(tmp_path: Path):
    data = broken(lambda d: d["services"][1].update(service_code="pothole"))
    assert "service 'pothole' is defined more than once" in load_error(tmp_path, data)


def test_unknown_team_fails_naming_the_service_and_team(tmp_path: Path):
    data = broken(lambda d: d["services"][1].update(team="wastes"))
    assert "service 'missed_bin': team 'wastes' is not one of the catalogue's teams" in load_error(
        tmp_path, data
    )


def test_list_datatype_without_values_fails_naming_the_attribute(tmp_path: Path):
    data = broken(lambda d: d["services"][0]["attributes"][0].update(values=[]))
    message = load_error(tmp_path, data)
    assert "service 'pothole': attribute 'size' is a singlevaluelist with no values" in message


def test_values_on_a_non_list_datatype_fail_naming_the_attribute(tmp_path: Path):
    data = broken(lambda d: d["services"][0]["attributes"][1].update(values=[{"key": "1", "name": "One"}]))
    message = load_error(tmp_path, data)
    assert "service 'pothole': attribute 'depth_cm' is a number and cannot have values" in message


def test_duplicate_attribute_codes_fail_naming_the_code(tmp_path: Path):
    data = broken(lambda d: d["services"][0]["attributes"][1].update(code="size"))
    assert "service 'pothole': duplicate attribute codes ['size']" in load_error(tmp_path, data)


def test_duplicate_attribute_orders_fail_naming_the_service(tmp_path: Path):
    data = broken(lambda d: d["services"][0]["attributes"][1].update(order=1))
    assert "service 'pothole': duplicate attribute orders ['1']" in load_error(tmp_path, data)


def test_bad_datatype_fails_naming_the_service_and_attribute(tmp_path: Path):
    data = broken(lambda d: d["services"][0]["attributes"][1].update(datatype="integer"))
    message = load_error(tmp_path, data)
    assert "service 'pothole': attribute 'depth_cm': datatype:" in message
    assert "Invalid enum value 'integer'" in message


def test_unknown_key_fails_so_typos_are_caught(tmp_path: Path):
    data = broken(lambda d: d["services"][1].update(chanels=["web"]))
    message = load_error(tmp_path, data)
    assert "service 'missed_bin': Object contains unknown field `chanels`" in message


def test_an_emergency_service_offered_online_fails(tmp_path: Path):
    data = broken(lambda d: d["services"][1].update(emergency_line="0300 123 4567"))
    message = load_error(tmp_path, data)
    assert (
        "service 'missed_bin': has an emergency_line so must be offered on the phone channel only" in message
    )


def test_an_unsupported_version_fails(tmp_path: Path):
    data = broken(lambda d: d.update(version=2))
    assert "catalogue version 2 is not supported" in load_error(tmp_path, data)


def test_a_service_without_a_code_is_named_by_its_position(tmp_path: Path):
    data = broken(lambda d: d["services"][1].pop("service_code"))
    assert "service #2: Object missing required field `service_code`" in load_error(tmp_path, data)


def test_invalid_yaml_and_missing_files_fail_with_a_catalogue_error(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("services: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid YAML"):
        load_catalogue(bad)
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "missing.yaml")


def test_validating_a_catalogue_directly_also_names_the_entry():
    data = broken(lambda d: d["services"][0]["attributes"][0].update(values=[]))
    with pytest.raises(ValueError, match="service 'pothole': attribute 'size' is a singlevaluelist"):
        msgspec.convert(data, Catalogue)


# ---------------------------------------------------------------- answers


@pytest.fixture
def abandoned_vehicle() -> Service:
    service = default_catalogue().get("abandoned_vehicle")
    assert service is not None
    return service


@pytest.fixture
def pothole() -> Service:
    return msgspec.convert(MINIMAL, Catalogue).services[0]


def test_good_answers_are_cleaned_in_attribute_order(abandoned_vehicle: Service):
    answers = abandoned_vehicle.validate_answers(
        {
            "first_seen": ["2025-03-01T09:30:00+00:00"],
            "condition": ["flat_tyres", "no_plates", "flat_tyres", ""],
            "colour": [" Red "],
            "make": ["Ford"],
        }
    )
    assert answers == {
        "make": "Ford",
        "colour": "Red",
        "condition": ["flat_tyres", "no_plates"],
        "first_seen": "2025-03-01T09:30:00+00:00",
    }
    assert list(answers) == ["make", "colour", "condition", "first_seen"]


def test_number_and_list_answers_are_accepted(pothole: Service):
    assert pothole.validate_answers({"size": ["large"], "depth_cm": ["7.5"]}) == {
        "size": "large",
        "depth_cm": "7.5",
    }


def test_unknown_attribute_is_rejected(pothole: Service):
    with pytest.raises(InvalidAnswer) as caught:
        pothole.validate_answers({"size": ["small"], "colour": ["red"]})
    assert caught.value.code == "colour"
    assert "'colour' is not a question for this service" in caught.value.message


@pytest.mark.parametrize("raw", [{}, {"size": []}, {"size": ["   "]}])
def test_missing_or_blank_required_attribute_is_rejected(pothole: Service, raw: dict[str, list[str]]):
    with pytest.raises(InvalidAnswer, match="'size' is required") as caught:
        pothole.validate_answers(raw)
    assert caught.value.code == "size"


def test_value_not_among_the_options_is_rejected_without_echoing_it(pothole: Service):
    with pytest.raises(InvalidAnswer, match="'size' must be one of the listed options") as caught:
        pothole.validate_answers({"size": ["enormous-secret"]})
    assert "enormous-secret" not in str(caught.value)


def test_a_multivaluelist_rejects_any_unknown_option(abandoned_vehicle: Service):
    with pytest.raises(InvalidAnswer, match="'condition' must be one of the listed options"):
        abandoned_vehicle.validate_answers(
            {"make": ["Ford"], "colour": ["Red"], "condition": ["flat_tyres", "x"]}
        )


def test_more_than_one_value_for_a_single_answer_is_rejected(pothole: Service):
    with pytest.raises(InvalidAnswer, match="'size' takes a single answer"):
        pothole.validate_answers({"size": ["small", "large"]})


@pytest.mark.parametrize("value", ["deep", "NaN", "inf", "1e3", "1_000", "", "٣"])
def test_a_number_must_be_a_finite_decimal(pothole: Service, value: str):
    raw = {"size": ["small"], "depth_cm": [value]}
    if not value:
        assert pothole.validate_answers(raw) == {"size": "small"}  # blank optional answer is left out
        return
    with pytest.raises(InvalidAnswer, match="'depth_cm' must be a number"):
        pothole.validate_answers(raw)


def test_a_datetime_must_be_iso_8601(abandoned_vehicle: Service):
    raw = {"make": ["Ford"], "colour": ["Red"], "first_seen": ["last Tuesday"]}
    with pytest.raises(InvalidAnswer, match="'first_seen' must be a date and time in ISO 8601") as caught:
        abandoned_vehicle.validate_answers(raw)
    assert caught.value.__cause__ is None and "last Tuesday" not in str(caught.value)


def test_a_string_over_255_characters_is_rejected(abandoned_vehicle: Service):
    with pytest.raises(InvalidAnswer, match="'make' must be 255 characters or fewer"):
        abandoned_vehicle.validate_answers({"make": ["x" * 256], "colour": ["Red"]})
    assert abandoned_vehicle.validate_answers({"make": ["x" * 255], "colour": ["Red"]})["make"] == "x" * 255


def test_a_text_over_4000_characters_is_rejected():
    noise = default_catalogue().get("noise_complaint")
    assert noise is not None
    with pytest.raises(InvalidAnswer, match="'when_it_happens' must be 4000 characters or fewer"):
        noise.validate_answers({"noise_type": ["music"], "when_it_happens": ["y" * 4001]})
    assert noise.validate_answers({"noise_type": ["music"], "when_it_happens": ["y" * 4000]})


def test_an_information_only_attribute_takes_no_answer():
    lights = default_catalogue().get("street_light_fault")
    assert lights is not None
    assert lights.validate_answers({"fault_type": ["out"]}) == {"fault_type": "out"}
    with pytest.raises(InvalidAnswer, match="'safety_notice' is information only"):
        lights.validate_answers({"fault_type": ["out"], "safety_notice": ["hello"]})


def test_invalid_answer_is_a_value_error_and_not_a_catalogue_error():
    assert issubclass(InvalidAnswer, ValueError)
    assert not issubclass(InvalidAnswer, CatalogueError)


# ---------------------------------------------------------------- service standards


def standard(days: int) -> Standard:
    return Standard(response_hours=24, resolution_working_days=days, summary="We will do it.")


def test_expected_by_friday_plus_one_working_day_is_monday():
    friday = datetime(2025, 1, 10, 16, 45, tzinfo=UTC)
    assert standard(1).expected_by(friday) == datetime(2025, 1, 13, 16, 45, tzinfo=UTC)


def test_expected_by_skips_weekends_over_several_weeks_and_keeps_time_and_tz():
    london_winter = timezone(timedelta(hours=0), "GMT")
    wednesday = datetime(2025, 1, 8, 9, 0, tzinfo=london_winter)
    expected = standard(10).expected_by(wednesday)
    assert expected == datetime(2025, 1, 22, 9, 0, tzinfo=london_winter)
    assert expected.tzinfo is london_winter


def test_expected_by_from_a_weekend_counts_from_monday():
    saturday = datetime(2025, 1, 11, 12, 0, tzinfo=UTC)
    assert standard(1).expected_by(saturday) == datetime(2025, 1, 13, 12, 0, tzinfo=UTC)
    assert standard(0).expected_by(saturday) == saturday


def test_every_shipped_service_has_a_plain_english_standard():
    for service in default_catalogue().services:
        assert service.standard.summary.endswith(".")
        assert service.standard.response_hours >= 1


def test_working_days_are_counted_on_the_councils_clock_not_utc():
    one_day = Standard(response_hours=1, resolution_working_days=1, summary="Next working day.")
    friday_night_utc = datetime(2026, 6, 5, 23, 30, tzinfo=UTC)  # 00:30 on Saturday in London (BST)

    expected = one_day.expected_by(friday_night_utc).astimezone(COUNCIL_TIME)

    assert (expected.strftime("%A"), expected.hour, expected.minute) == ("Monday", 0, 30)


def test_the_time_of_day_survives_the_clocks_going_forward():
    one_day = Standard(response_hours=1, resolution_working_days=1, summary="Next working day.")
    friday_9am_gmt = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # the clocks go forward on Sunday 29th

    expected = one_day.expected_by(friday_9am_gmt)

    assert expected.astimezone(COUNCIL_TIME).hour == 9
    assert expected == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_bank_holidays_are_not_working_days():
    catalogue = default_catalogue()
    pothole = catalogue.get("pothole")
    assert pothole is not None
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)  # Thursday; Fri 25 and Mon 28 are holidays
    one_day = msgspec.structs.replace(pothole, standard=standard(1))

    assert catalogue.expected_by(one_day, christmas_eve) == datetime(2026, 12, 29, 10, 0, tzinfo=UTC)
    assert standard(1).expected_by(christmas_eve) == datetime(2026, 12, 25, 10, 0, tzinfo=UTC)


def test_the_shipped_catalogue_lists_bank_holidays_for_this_year_and_next():
    years = {day.year for day in default_catalogue().bank_holidays}
    assert {2026, 2027} <= years
