"""Seed data for the local runtime: the Open311 client's API key, demo reports and demo callers."""

from __future__ import annotations

import json
import math
import os
import sys
from datetime import UTC, datetime
from typing import Any, NamedTuple

import boto3

from frontdoor import settings as config
from frontdoor.cases.model import Channel
from frontdoor.open311.api_keys import hash_key
from local.environment import LOCAL_CLIENT_NAME


def api_key_parameter_name(client_name: str = LOCAL_CLIENT_NAME) -> str:
    return f"{os.environ[config.API_KEYS_PATH].rstrip('/')}/{client_name}"


def seed_api_key(key: str, client_name: str = LOCAL_CLIENT_NAME) -> str:
    """Register ``key`` for ``client_name`` in Parameter Store; returns the parameter's name."""
    name = api_key_parameter_name(client_name)
    boto3.client("ssm").put_parameter(
        Name=name,
        # Only the hash is stored (the handler's own hash_key), so the parameter cannot call the API.
        Value=hash_key(key),
        Type="SecureString",
        Overwrite=True,
        Description=f"SHA-256 of the Open311 API key of {client_name}",
    )
    return name


class DemoReport(NamedTuple):
    service_code: str
    channel: Channel
    description: str
    ward: int  # index into ward_centres()
    east_m: int  # offset from the ward's centre
    north_m: int
    phone: str | None = None  # the reporter's number: the case is then known on the phone line
    # A resident who asked for updates: staff's public updates to the case reach /outbox.
    email: str | None = None


# Numbers from Ofcom's range for drama (07700 900000-900999): they can never ring anyone.
DEMO_PRIORITY_CALLER = "+447700900123"  # flagged vulnerable: routed to the priority queue
DEMO_KNOWN_CALLER = "+447700900456"  # has an open case: read back when they ring


# The two potholes are a few metres apart, so the second is linked to the first as a possible duplicate.
DEMO_REPORTS = (
    DemoReport(
        "pothole",
        "web",
        "Deep pothole by the bus stop, cyclists swerving round it",
        0,
        0,
        0,
        email="sam.resident@example.com",
    ),
    DemoReport("pothole", "open311", "Large pothole near the bus stop", 0, 12, 8),
    DemoReport("street_light_fault", "phone", "Street light out all night outside the flats", 1, -40, 25),
    DemoReport("fly_tipping", "web", "Mattress and bin bags dumped in the back lane", 2, 30, -35),
    DemoReport("graffiti", "chat", "Graffiti on the underpass wall", 3, -25, -30),
    DemoReport("missed_bin", "web", "Recycling bin not collected on Tuesday", 4, 45, 40),
    DemoReport("missed_bin", "phone", "Food caddy not emptied again", 2, -60, 55, phone=DEMO_KNOWN_CALLER),
)
_METRES_PER_DEGREE_LAT = 111_320.0


def seed_demo_cases() -> int:
    """File the demo reports through the real domain service; returns how many were filed.

    Each goes through ``CaseService.file`` like any real report (catalogue, wards, duplicate check,
    service standard, one transaction), so the demo data is valid by construction. A report the
    catalogue no longer accepts is skipped with a warning rather than stopping the runtime. The demo
    callers come with them: one known by their case, one flagged for priority (``seed_demo_callers``).
    """
    from frontdoor.cases.errors import CaseError
    from frontdoor.cases.model import Location, NewReport, Reporter
    from frontdoor.wiring import case_service

    service = case_service()
    centres = ward_centres()
    filed = 0
    for number, demo in enumerate(DEMO_REPORTS, start=1):
        definition = service.catalogue.get(demo.service_code)
        if definition is None or not centres:
            _warn(f"demo report {number} skipped: no service {demo.service_code!r} or no wards")
            continue
        lat, long = _offset(centres[demo.ward % len(centres)], demo.east_m, demo.north_m)
        report = NewReport(
            service_code=demo.service_code,
            channel=demo.channel,
            description=demo.description,
            location=Location(lat=lat, long=long),
            answers=demo_answers(definition),
            reporter=Reporter(phone=demo.phone, email=demo.email, consent_to_updates=demo.email is not None),
        )
        try:
            service.file(report)
        except CaseError as error:  # domain messages never echo what was typed
            _warn(f"demo report {number} ({demo.service_code}) refused: {error.message}")
            continue
        filed += 1
    seed_demo_callers()
    return filed


class DemoCallers(NamedTuple):
    priority_number: str
    known_number: str
    known_case_reference: str | None  # the known caller's latest case, as the phone line finds it


def seed_demo_callers() -> DemoCallers:
    """Flag the demo priority caller (as staff will), and find the known caller's case by their number.

    Run after ``seed_demo_cases``, which files the known caller's case with their number.
    """
    from frontdoor.cases.dates import utc_now
    from frontdoor.contacts.dynamo import DynamoContactRepository
    from frontdoor.contacts.model import CallerProfile
    from frontdoor.contacts.phone import CallerKeys
    from frontdoor.settings import settings
    from frontdoor.wiring import case_service

    case_service()  # binds the models to the environment's tables
    salt = settings().caller_salt
    if not salt:
        _warn(f"demo callers skipped: {config.CALLER_SALT} is not set")
        return DemoCallers(DEMO_PRIORITY_CALLER, DEMO_KNOWN_CALLER, None)
    keys, contacts, now = CallerKeys(salt), DynamoContactRepository(), utc_now()
    contacts.save_profile(
        keys.for_e164(DEMO_PRIORITY_CALLER), CallerProfile(priority=True, reason="vulnerable_adult"), now
    )
    known = contacts.caller(keys.for_e164(DEMO_KNOWN_CALLER), now, limit=1)
    return DemoCallers(
        DEMO_PRIORITY_CALLER, DEMO_KNOWN_CALLER, known.references[0] if known.references else None
    )


def demo_answers(service: Any) -> dict[str, list[str]]:
    """A plausible answer to every required question of a catalogue service."""
    answers: dict[str, list[str]] = {}
    for attribute in service.attributes:
        if not (attribute.variable and attribute.required):
            continue
        if attribute.values:
            answers[attribute.code] = [attribute.values[0].key]
        elif attribute.datatype == "number":
            answers[attribute.code] = ["1"]
        elif attribute.datatype == "datetime":
            answers[attribute.code] = [datetime.now(UTC).replace(microsecond=0).isoformat()]
        else:
            answers[attribute.code] = ["Seeded demo answer"]
    return answers


def ward_centres() -> list[tuple[float, float]]:
    """(lat, long) of a point inside each ward: the mean of its outline, kept only if really inside."""
    from frontdoor.geo.wards import DEFAULT_PATH, default_wards

    wards = default_wards()
    centres = []
    for feature in json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        outline = polygons[0][0][:-1]  # the first == last position would count twice
        long = sum(position[0] for position in outline) / len(outline)
        lat = sum(position[1] for position in outline) / len(outline)
        if wards.contains(lat, long):
            centres.append((lat, long))
    return centres


def example_report_form() -> list[tuple[str, str]]:
    """Open311 form fields (besides api_key) of a report the first demo service would accept."""
    from frontdoor.catalogue import default_catalogue

    demo = DEMO_REPORTS[0]
    service = default_catalogue().get(demo.service_code)
    centres = ward_centres()
    # Next to the first demo case, so the answer also shows the possible-duplicate notice.
    lat, long = _offset(centres[demo.ward], demo.east_m - 10, demo.north_m) if centres else (0.0, 0.0)
    answers = demo_answers(service) if service else {}
    return [
        ("service_code", demo.service_code),
        ("lat", str(lat)),
        ("long", str(long)),
        ("description", demo.description),
        *((f"attribute[{name}]", value) for name, values in answers.items() for value in values),
    ]


def _offset(centre: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    lat, long = centre
    metres_per_degree_long = _METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))
    return round(lat + north_m / _METRES_PER_DEGREE_LAT, 6), round(long + east_m / metres_per_degree_long, 6)


def _warn(message: str) -> None:
    sys.stderr.write(f"[seed] {message}\n")
