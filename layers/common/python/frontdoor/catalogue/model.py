"""The council's service catalogue: what residents can report or ask for, and on which channels.

The catalogue is configuration (``services.yaml``), so every model forbids unknown keys and
checks its cross-references: a typo must fail at load time, not when a resident submits a form.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from msgspec import Meta, Struct, field

from frontdoor.catalogue.answers import clean_answers

Channel = Literal["web", "phone", "chat"]
LocationKind = Literal["point", "address"]
# The six datatypes of an Open311 GeoReport v2 service definition.
Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
LIST_DATATYPES: frozenset[str] = frozenset({"singlevaluelist", "multivaluelist"})

SUPPORTED_VERSIONS = frozenset({1})
COUNCIL_TIME = ZoneInfo("Europe/London")

# Codes and ids end up in URLs, form field names and DynamoDB keys, so keep them plain.
Code = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
Text = Annotated[str, Meta(min_length=1)]


class _Strict(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """msgspec decodes strictly: YAML gives real bools and ints, so a quoted "yes" or "3" is a typo.

    msgspec rather than pydantic because this is loaded at every Lambda cold start (phone calls
    included), and msgspec imports and validates in a fraction of the time.
    """


class Team(_Strict, frozen=True, kw_only=True):
    id: Code
    name: Text


class AttributeValue(_Strict, frozen=True, kw_only=True):
    key: Text
    name: Text


class Attribute(_Strict, frozen=True, kw_only=True):
    """One question on a service's form, as an Open311 service-definition attribute."""

    # Open311: variable=false means the attribute only presents information and takes no answer.
    variable: bool = True
    code: Code
    datatype: Datatype
    required: bool = False
    datatype_description: str = ""
    order: Annotated[int, Meta(ge=1)]
    description: Text
    values: list[AttributeValue] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return self.datatype in LIST_DATATYPES


class Standard(_Strict, frozen=True, kw_only=True):
    """The customer service standard: the same promise whichever channel the resident used."""

    response_hours: Annotated[int, Meta(ge=1)]
    resolution_working_days: Annotated[int, Meta(ge=0, le=365)]
    summary: Text

    def expected_by(self, requested_at: datetime, bank_holidays: Collection[date] = ()) -> datetime:
        """When the request should be resolved: ``resolution_working_days`` working days later.

        Days are counted on the council's clock (Europe/London), so a report at 00:30 on a
        Saturday in summer is a weekend report although it is still Friday in UTC, and the time
        of day survives a change of the clocks. Bank holidays (the catalogue's list) are not
        working days. The answer is in requested_at's time zone.
        """
        expected = requested_at.astimezone(COUNCIL_TIME)
        remaining = self.resolution_working_days
        while remaining > 0:
            expected += timedelta(days=1)  # wall-clock arithmetic: 09:00 stays 09:00 across BST
            if expected.weekday() < 5 and expected.date() not in bank_holidays:  # Monday..Friday
                remaining -= 1
        return expected.astimezone(requested_at.tzinfo)


class Service(_Strict, frozen=True, kw_only=True):
    service_code: Code
    name: Text
    group: Text
    keywords: list[str] = field(default_factory=list)
    description: Text
    # point: where the problem is (a pothole); address: the resident's own address (a permit).
    location: LocationKind
    channels: Annotated[list[Channel], Meta(min_length=1)]
    team: str
    priority: bool = False
    # Public services (a pothole, graffiti) show where and what in Open311 listings; the rest
    # (a missed bin, a noise complaint, a permit) are about a resident's home and show neither.
    public: bool = False
    # Offered on other channels, but residents are steered to phone us first.
    phone_first: bool = False
    # Emergency services are never taken online: residents are sent to this 24/7 line.
    emergency_line: str | None = None
    notice: str | None = None
    # For a service about an address the council already holds (a garden waste subscription), the
    # attribute whose answer identifies that address: it is accepted in place of an address.
    address_answer: Code | None = None
    # Cases wait for the resident to pay, by a secure link: never over the phone line (PCI DSS).
    awaits_payment: bool = False
    standard: Standard
    attributes: list[Attribute] = field(default_factory=list)

    def __post_init__(self) -> None:
        problems = [
            *_channel_problems(self),
            *_attribute_problems(self.attributes),
            *_address_answer_problems(self),
        ]
        if problems:
            raise ValueError("; ".join(f"service {self.service_code!r}: {p}" for p in problems))

    def offered_on(self, channel: Channel | str) -> bool:
        return channel in self.channels

    def validate_answers(self, raw: Mapping[str, list[str]]) -> dict[str, str | list[str]]:
        """Clean a resident's answers to this service's questions; see ``answers.clean_answers``.

        Raises ``InvalidAnswer`` naming the attribute code of the first bad answer.
        """
        return clean_answers(self.attributes, raw)


def _channel_problems(service: Service) -> list[str]:
    problems = [f"channel {c!r} is listed twice" for c, n in Counter(service.channels).items() if n > 1]
    if service.emergency_line is not None and service.channels != ["phone"]:
        problems.append("has an emergency_line so must be offered on the phone channel only")
    if service.phone_first and "phone" not in service.channels:
        problems.append("is phone_first but not offered on the phone channel")
    return problems


def _address_answer_problems(service: Service) -> list[str]:
    code = service.address_answer
    if code is None:
        return []
    if service.location != "address":
        return [f"has an address_answer but its location is {service.location!r}, not 'address'"]
    attribute = next((a for a in service.attributes if a.code == code), None)
    if attribute is None:
        return [f"address_answer {code!r} is not one of its attributes"]
    if not attribute.variable or attribute.is_list:
        return [f"address_answer {code!r} must be a question answered with a single value"]
    return []


def _attribute_problems(attributes: list[Attribute]) -> list[str]:
    problems: list[str] = []
    for attribute in attributes:
        if attribute.is_list and not attribute.values:
            problems.append(f"attribute {attribute.code!r} is a {attribute.datatype} with no values")
        if not attribute.is_list and attribute.values:
            problems.append(f"attribute {attribute.code!r} is a {attribute.datatype} and cannot have values")
        duplicate_keys = _duplicates(v.key for v in attribute.values)
        if duplicate_keys:
            problems.append(f"attribute {attribute.code!r} has duplicate value keys {duplicate_keys}")
    duplicate_codes = _duplicates(a.code for a in attributes)
    if duplicate_codes:
        problems.append(f"duplicate attribute codes {duplicate_codes}")
    duplicate_orders = _duplicates(str(a.order) for a in attributes)
    if duplicate_orders:
        problems.append(f"duplicate attribute orders {duplicate_orders}")
    return problems


def _duplicates(items: Iterable[str]) -> list[str]:
    return sorted(item for item, n in Counter(items).items() if n > 1)


class Catalogue(_Strict, frozen=True, kw_only=True):
    version: int
    teams: Annotated[list[Team], Meta(min_length=1)]
    services: Annotated[list[Service], Meta(min_length=1)]
    # The council's non-working weekdays; the service standards' working days skip them.
    bank_holidays: frozenset[date] = frozenset()

    def expected_by(self, service: Service, requested_at: datetime) -> datetime:
        """When the service's standard promises a resolution, on the council's working days."""
        return service.standard.expected_by(requested_at, self.bank_holidays)

    def __post_init__(self) -> None:
        problems: list[str] = []
        if self.version not in SUPPORTED_VERSIONS:
            problems.append(f"catalogue version {self.version} is not supported (expected 1)")
        problems += [f"team {t!r} is defined more than once" for t in _duplicates(t.id for t in self.teams)]
        problems += [
            f"service {code!r} is defined more than once"
            for code in _duplicates(s.service_code for s in self.services)
        ]
        team_ids = {team.id for team in self.teams}
        problems += [
            f"service {s.service_code!r}: team {s.team!r} is not one of the catalogue's teams"
            for s in self.services
            if s.team not in team_ids
        ]
        if problems:
            raise ValueError("; ".join(problems))

    def get(self, service_code: str) -> Service | None:
        return next((s for s in self.services if s.service_code == service_code), None)

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def for_channel(self, channel: Channel | str) -> list[Service]:
        return [s for s in self.services if s.offered_on(channel)]

    def search(self, text: str) -> list[Service]:
        """Services matching every word of ``text`` (case-insensitive), name matches first.

        A service matches on its name, then its keywords, then its group; within a rank the
        catalogue's own order is kept.
        """
        words = text.casefold().split()
        if not words:
            return []
        ranked: list[tuple[int, int, Service]] = []
        for position, service in enumerate(self.services):
            fields = (service.name, " ".join(service.keywords), service.group)
            rank = next((r for r, f in enumerate(fields) if all(w in f.casefold() for w in words)), None)
            if rank is not None:
                ranked.append((rank, position, service))
        return [service for _, _, service in sorted(ranked, key=lambda item: item[:2])]
