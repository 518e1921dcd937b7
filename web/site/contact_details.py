"""How to reach the council, from the council's own data: the main line (stage setting), advisors'
hours, the emergency numbers (contact_centre.yaml) and the catalogue's 24-hour lines."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdoor.flows.config import Hours

_WEEK = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}


@dataclass(frozen=True)
class EmergencyLine:
    name: str
    number: str


@dataclass(frozen=True)
class ContactDetails:
    main_phone: str | None  # E.164
    advisor_hours: str  # "Monday to Friday, 9am to 5pm"
    self_service_hours: str  # when the automated line answers: "24 hours a day, every day"
    emergency_numbers: list[str]  # sentences, as read out of hours on the phone line
    emergency_lines: list[EmergencyLine]  # services only taken by phone, 24 hours a day
    email: str


@lru_cache(maxsize=1)
def contact_details() -> ContactDetails:
    from frontdoor.catalogue import default_catalogue
    from frontdoor.flows.config import ADVISORS, ALWAYS, contact_centre_config
    from frontdoor.flows.project.hours import describe
    from web.settings import site_settings

    centre, settings = contact_centre_config(), site_settings()
    return ContactDetails(
        main_phone=settings.main_phone,
        advisor_hours=describe(centre.hours[ADVISORS]),
        self_service_hours=_round_the_clock(centre.hours[ALWAYS]) or describe(centre.hours[ALWAYS]),
        emergency_numbers=list(centre.emergency_numbers),
        emergency_lines=[
            EmergencyLine(service.name, service.emergency_line)
            for service in default_catalogue().services
            if service.emergency_line
        ],
        email=settings.contact_email,
    )


def _round_the_clock(hours: Hours) -> str | None:
    whole_days = {day for slot in hours.slots if slot.minutes() == (0, 24 * 60) for day in slot.days}
    return "24 hours a day, every day" if whole_days == _WEEK else None
