"""contact_centre.yaml: the council changes the menu and hours without code; mistakes fail early."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from frontdoor.flows import (
    ContactCentreError,
    build_flows,
    contact_centre_config,
    load_contact_centre,
    local_refs,
)
from frontdoor.flows.config import DEFAULT_PATH
from frontdoor.flows.project.hours import closed_notice, describe


def edited(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(DEFAULT_PATH.read_text())
    change(raw)
    path = tmp_path / "contact_centre.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def menu_text(flow: dict) -> str:  # type: ignore[type-arg]
    menu = next(action for action in flow["Actions"] if action["Identifier"] == "menu")
    return str(menu["Parameters"]["Text"])


def test_the_packaged_configuration_loads_with_a_queue_per_team_and_a_priority_queue() -> None:
    config = contact_centre_config()
    keys = [queue.key for queue in config.queues]
    assert keys[0] == "priority"
    assert {"adult_social_care", "waste", "telecare", "customer_services"} <= set(keys)
    assert config.queue("telecare").hours == "always"
    assert config.queue("waste").hours == "advisors"
    assert config.telecare_line == "+443001234567"  # from the catalogue's telecare service


def test_the_menu_is_read_in_the_configured_order() -> None:
    text = menu_text(build_flows(local_refs())["inbound"])
    assert text.startswith(
        "For adult social care, press 1. To check on something you have already reported, press 2."
    )


def test_reordering_the_menu_changes_the_keys_without_code(tmp_path: Path) -> None:
    path = edited(tmp_path, lambda raw: raw["menu"].reverse())
    config = load_contact_centre(path)
    text = menu_text(build_flows(local_refs(), config)["inbound"])
    assert text.startswith("For anything else, press 1.")
    assert "For adult social care, press 7." in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda raw: raw["menu"].append({"say": "Dragons", "do": "advisor", "team": "dragons"}),
            "unknown team 'dragons'",
        ),
        (lambda raw: raw["menu"].extend(raw["menu"][:3]), "the menu has 10 options; at most 9"),
        (
            lambda raw: raw["menu"].append({"say": "Telecare", "do": "text_link", "service": "telecare"}),
            "not a service offered online",
        ),
        (
            lambda raw: raw["hours"]["advisors"]["slots"][0].update(open="18:00"),
            "closes (17:00) before it opens (18:00)",
        ),
        (lambda raw: raw.update(timezone="Europe/Londinium"), "unknown timezone"),
        (lambda raw: raw.update(colour="blue"), "unknown field `colour`"),
        (lambda raw: raw["menu"][0].update(do="sing"), "Invalid value 'sing'"),
        (lambda raw: raw["hours"].pop("advisors"), "hours 'advisors' is required"),
    ],
)
def test_mistakes_are_refused_naming_what_is_wrong(tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContactCentreError) as error:
        load_contact_centre(edited(tmp_path, change))
    assert message in str(error.value)


def test_opening_hours_are_said_in_words() -> None:
    config = contact_centre_config()
    assert describe(config.hours["advisors"]) == "Monday to Friday, 9am to 5pm"
    assert describe(config.hours["always"]) == "Monday to Sunday, midnight to midnight"
    notice = closed_notice(config)
    assert notice.startswith("Our advisors are available Monday to Friday, 9am to 5pm.")
    assert "call 999" in notice
