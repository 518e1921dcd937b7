"""The contact centre's configuration: menu order, opening hours, queues and out-of-hours numbers.

Council data in ``contact_centre.yaml`` next to this module, checked against the service catalogue
when loaded, so a menu option naming an unknown team fails at synth and in tests, not on a call.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from frontdoor.catalogue import Catalogue, default_catalogue

DEFAULT_PATH = Path(__file__).with_name("contact_centre.yaml")
PRIORITY_QUEUE = "priority"
ALWAYS = "always"
ADVISORS = "advisors"
MAX_MENU_OPTIONS = 9  # keys 1-9; 0, * and # stay free

Day = Literal["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
ClockTime = Annotated[str, Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")]
Sayable = Annotated[str, Meta(min_length=1, max_length=300, pattern=r"^[^<>$]+$")]


class ContactCentreError(ValueError):
    """contact_centre.yaml is malformed or disagrees with the catalogue."""


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Slot(_Strict, frozen=True, kw_only=True):
    days: Annotated[list[Day], Meta(min_length=1)]
    open: ClockTime
    close: ClockTime

    def minutes(self) -> tuple[int, int]:
        def to_minutes(clock: str) -> int:
            hours, minutes = clock.split(":")
            return int(hours) * 60 + int(minutes)

        return to_minutes(self.open), to_minutes(self.close)


class Hours(_Strict, frozen=True, kw_only=True):
    name: Annotated[str, Meta(min_length=1, max_length=127)]
    description: Annotated[str, Meta(max_length=250)] = ""
    slots: Annotated[list[Slot], Meta(min_length=1)]


class AdvisorOption(_Strict, frozen=True, kw_only=True, tag_field="do", tag="advisor"):
    say: Sayable
    team: str


class CheckCaseOption(_Strict, frozen=True, kw_only=True, tag_field="do", tag="check_case"):
    say: Sayable


class GardenWasteOption(_Strict, frozen=True, kw_only=True, tag_field="do", tag="garden_waste"):
    say: Sayable


class TextLinkOption(_Strict, frozen=True, kw_only=True, tag_field="do", tag="text_link"):
    say: Sayable
    service: str


MenuOption = AdvisorOption | CheckCaseOption | GardenWasteOption | TextLinkOption


class QueueSpec(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    name: str
    description: str
    hours: str


class ContactCentreConfig(_Strict, frozen=True, kw_only=True):
    version: Literal[1]
    timezone: str
    hours: dict[str, Hours]
    queue_hours: dict[str, str] = {}
    greeting: Sayable
    menu: Annotated[list[MenuOption], Meta(min_length=1)]
    emergency_numbers: list[Sayable] = []
    long_wait_seconds: Annotated[int, Meta(ge=30, le=3600)]
    website: Annotated[str, Meta(pattern=r"^https://[\w.-]+(/[\w./-]*)?$")]
    website_spoken: Sayable
    # Filled in from the catalogue by load_contact_centre, not written in the YAML.
    queues: list[QueueSpec] = []
    telecare_line: str = ""

    def queue(self, key: str) -> QueueSpec:
        for queue in self.queues:
            if queue.key == key:
                return queue
        raise KeyError(f"no queue {key!r}")


def load_contact_centre(path: Path | None = None, catalogue: Catalogue | None = None) -> ContactCentreConfig:
    """Read contact_centre.yaml and check it against the catalogue; ContactCentreError names the fault."""
    import yaml  # deferred, as for the catalogue

    path = path or DEFAULT_PATH
    catalogue = catalogue or default_catalogue()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        config = msgspec.convert(raw, ContactCentreConfig)
    except (OSError, yaml.YAMLError, msgspec.ValidationError) as error:
        raise ContactCentreError(f"{path.name}: {error}") from error
    problems = _problems(config, catalogue)
    if problems:
        raise ContactCentreError(f"{path.name}: " + "; ".join(problems))
    return msgspec.structs.replace(
        config, queues=_queues(config, catalogue), telecare_line=_telecare_line(catalogue)
    )


@functools.lru_cache(maxsize=1)
def contact_centre_config() -> ContactCentreConfig:
    """The packaged configuration, loaded once per process."""
    return load_contact_centre()


def _problems(config: ContactCentreConfig, catalogue: Catalogue) -> list[str]:
    teams = {team.id for team in catalogue.teams}
    problems = [f"hours {key!r} is required" for key in (ALWAYS, ADVISORS) if key not in config.hours]
    if len(config.menu) > MAX_MENU_OPTIONS:
        problems.append(
            f"the menu has {len(config.menu)} options; at most {MAX_MENU_OPTIONS} fit on keys 1-9"
        )
    for number, option in enumerate(config.menu, start=1):
        if isinstance(option, AdvisorOption) and option.team not in teams:
            problems.append(f"menu option {number} names unknown team {option.team!r}")
        if isinstance(option, TextLinkOption) and option.service != "report":
            service = catalogue.get(option.service)
            if service is None or not service.offered_on("web"):
                problems.append(f"menu option {number}: {option.service!r} is not a service offered online")
    for team, hours_key in config.queue_hours.items():
        if team not in teams:
            problems.append(f"queue_hours names unknown team {team!r}")
        if hours_key not in config.hours:
            problems.append(f"queue_hours {team!r} names unknown hours {hours_key!r}")
    for key, hours in config.hours.items():
        problems += [
            f"hours {key!r}: a slot closes ({slot.close}) before it opens ({slot.open})"
            for slot in hours.slots
            if slot.minutes()[1] <= slot.minutes()[0]
        ]
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(config.timezone)
    except Exception:
        problems.append(f"unknown timezone {config.timezone!r}")
    return problems


def _queues(config: ContactCentreConfig, catalogue: Catalogue) -> list[QueueSpec]:
    team_queues = [
        QueueSpec(
            key=team.id,
            name=team.name,
            description=f"Calls and chats for {team.name}",
            hours=config.queue_hours.get(team.id, ADVISORS),
        )
        for team in catalogue.teams
    ]
    priority = QueueSpec(
        key=PRIORITY_QUEUE,
        name="Priority callers",
        description="Vulnerable and high-risk residents, answered first by every advisor",
        hours=ADVISORS,
    )
    return [priority, *team_queues]


def _telecare_line(catalogue: Catalogue) -> str:
    """The 24/7 telecare line in E.164, from the catalogue's telecare service (one source of truth)."""
    lines = [service.emergency_line for service in catalogue.services if service.emergency_line]
    return uk_e164(lines[0]) if lines else ""


def uk_e164(number: str) -> str:
    """'0300 123 4567' -> '+443001234567'."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("+"):
        return digits
    if digits.startswith("0"):
        return "+44" + digits[1:]
    raise ContactCentreError(f"{number!r} is not a UK phone number")
