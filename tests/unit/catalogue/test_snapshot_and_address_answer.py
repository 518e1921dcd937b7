"""The catalogue's snapshot (a fast, exact copy of services.yaml) and services paid for or identified
by an answer: address_answer and awaits_payment."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from frontdoor.catalogue import DEFAULT_PATH, CatalogueError, default_catalogue, load_catalogue
from frontdoor.catalogue.loader import snapshot_path, source_sha256, write_snapshot
from tests.unit.catalogue.test_catalogue import MINIMAL

RENEWAL: dict[str, Any] = {
    "service_code": "garden_waste_renewal",
    "name": "Renew your garden waste subscription",
    "group": "Bins and recycling",
    "description": "Renew it.",
    "location": "address",
    "address_answer": "subscription_reference",
    "awaits_payment": True,
    "channels": ["web", "phone"],
    "team": "waste",
    "standard": {"response_hours": 48, "resolution_working_days": 5, "summary": "We confirm it."},
    "attributes": [
        {
            "code": "number_of_bins",
            "datatype": "number",
            "required": True,
            "order": 1,
            "description": "Bins?",
        },
        {"code": "subscription_reference", "datatype": "string", "order": 2, "description": "Reference?"},
    ],
}


def catalogue_with(tmp_path: Path, renewal: dict[str, Any]) -> Path:
    data = copy.deepcopy(MINIMAL)
    data["services"].append(renewal)
    path = tmp_path / "services.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_packaged_snapshot_was_made_from_the_packaged_yaml() -> None:
    recorded = json.loads(snapshot_path(DEFAULT_PATH).read_text(encoding="utf-8"))["source_sha256"]

    assert recorded == source_sha256(DEFAULT_PATH.read_text(encoding="utf-8")), (
        "services.snapshot.json is stale: run `python -m frontdoor.catalogue` and commit it"
    )


def test_the_snapshot_holds_exactly_what_the_yaml_says(tmp_path: Path) -> None:
    yaml_copy = tmp_path / "services.yaml"
    yaml_copy.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    from_yaml = load_catalogue(yaml_copy)  # no snapshot beside the copy yet

    write_snapshot(yaml_copy)

    assert load_catalogue(yaml_copy) == from_yaml == default_catalogue()


def test_a_snapshot_of_other_yaml_is_ignored(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, RENEWAL)
    write_snapshot(path)
    edited = yaml.safe_load(path.read_text(encoding="utf-8"))
    edited["services"][0]["name"] = "Report a pothole or a sunken drain"
    path.write_text(yaml.safe_dump(edited), encoding="utf-8")

    assert load_catalogue(path).services[0].name == "Report a pothole or a sunken drain"


def test_a_snapshot_is_read_instead_of_the_yaml_when_it_matches(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, RENEWAL)
    snapshot = write_snapshot(path)
    saved = json.loads(snapshot.read_text(encoding="utf-8"))
    saved["catalogue"]["services"][0]["name"] = "Read from the snapshot"
    snapshot.write_text(json.dumps(saved), encoding="utf-8")

    assert load_catalogue(path).services[0].name == "Read from the snapshot"


@pytest.mark.parametrize("content", ["not json", '{"source_sha256": "x"}', "[]"])
def test_a_broken_snapshot_is_ignored(tmp_path: Path, content: str) -> None:
    path = catalogue_with(tmp_path, RENEWAL)
    snapshot_path(path).write_text(content, encoding="utf-8")

    assert load_catalogue(path).get("garden_waste_renewal") is not None


def test_a_snapshot_that_no_longer_validates_is_ignored(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, RENEWAL)
    write_snapshot(path)
    saved = json.loads(snapshot_path(path).read_text(encoding="utf-8"))
    saved["catalogue"]["services"][0]["team"] = "no_such_team"
    snapshot_path(path).write_text(json.dumps(saved), encoding="utf-8")

    assert load_catalogue(path).services[0].team == "highways"


def test_a_broken_yaml_writes_no_snapshot(tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, {**RENEWAL, "team": "nobody"})

    with pytest.raises(CatalogueError):
        write_snapshot(path)

    assert not snapshot_path(path).exists()


# ---------------------------------------------------------------- address_answer, awaits_payment
def test_the_shipped_garden_waste_renewal_is_identified_by_its_subscription_and_awaits_payment() -> None:
    renewal = default_catalogue().get("garden_waste_renewal")

    assert renewal is not None
    assert (renewal.address_answer, renewal.awaits_payment) == ("subscription_reference", True)
    assert sum(service.awaits_payment for service in default_catalogue().services) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"address_answer": "no_such_question"},
            "address_answer 'no_such_question' is not one of its attributes",
        ),
        ({"location": "point"}, "has an address_answer but its location is 'point'"),
        (
            {
                "address_answer": "bins",
                "attributes": [
                    {
                        "code": "bins",
                        "datatype": "multivaluelist",
                        "order": 1,
                        "description": "Which?",
                        "values": [{"key": "a", "name": "A"}],
                    }
                ],
            },
            "address_answer 'bins' must be a question answered with a single value",
        ),
    ],
)
def test_an_address_answer_must_be_a_single_answer_of_an_address_service(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(catalogue_with(tmp_path, {**RENEWAL, **change}))

    assert f"service 'garden_waste_renewal': {message}" in raised.value.message
