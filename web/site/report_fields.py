"""The report journey's own pages (where, description, contact details): read what was sent, and
say in GOV.UK's words what is wrong with it. The domain checks the whole report again when it is
filed; these checks are here so a resident hears of a problem on the page that caused it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontdoor.cases.lookup_keys import normalise_email
from frontdoor.cases.service import MAX_ADDRESS, MAX_DESCRIPTION, MAX_NAME
from frontdoor.contacts.phone import can_receive_texts, normalise_number
from web.forms import Form, first
from web.responses import FieldErrors
from web.site.report_draft import address_text

if TYPE_CHECKING:
    from frontdoor.geo.wards import WardMap

# A full UK postcode: the outward code, a space, the inward code.
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
ADDRESS_FIELDS = ("line1", "line2", "town", "postcode")
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone")


@dataclass
class Read:
    """Fields as typed (shown again if there is a problem, kept if not) and what is wrong."""

    values: dict[str, str]
    errors: FieldErrors = field(default_factory=FieldErrors)


def read_place(form: Form, wards: WardMap, council_name: str) -> Read:
    """Where a problem is: an address, street or postcode in words, or a latitude and longitude."""
    values = {name: first(form, name).strip() for name in ("text", "lat", "long")}
    read = Read(values)
    text, lat_text, long_text = values["text"], values["lat"], values["long"]
    if not (text or lat_text or long_text):
        read.errors.add("location", "Enter where the problem is, or its latitude and longitude")
        return read
    if len(text) > MAX_ADDRESS:
        read.errors.add("location", f"Where the problem is must be {MAX_ADDRESS} characters or fewer")
    if not (lat_text or long_text):
        return read
    lat, long = _coordinate(lat_text), _coordinate(long_text)
    if not lat_text:
        read.errors.add("lat", "Enter the latitude as well as the longitude")
    elif lat is None:
        read.errors.add("lat", "Enter the latitude as a number, like 52.6369")
    if not long_text:
        read.errors.add("long", "Enter the longitude as well as the latitude")
    elif long is None:
        read.errors.add("long", "Enter the longitude as a number, like -1.1398")
    if lat is not None and long is not None and wards.ward_at(lat, long) is None:
        read.errors.add(
            "lat",
            f"That place is outside the area {council_name} looks after: check the latitude and"
            " longitude, or say where the problem is in words",
        )
    return read


def _coordinate(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def read_address(form: Form, address_optional: bool) -> Read:
    """The resident's own address (GOV.UK's address pattern: lines, town, postcode)."""
    values = {name: first(form, f"address-{name}").strip() for name in ADDRESS_FIELDS}
    read = Read(values)
    if address_optional and not any(values.values()):
        return read
    if not values["line1"]:
        read.errors.add("address-line1", "Enter the first line of your address")
    compact = "".join(values["postcode"].upper().split())
    postcode = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact  # the inward code is 3
    if not postcode:
        read.errors.add("address-postcode", "Enter your postcode")
    elif not _POSTCODE.match(postcode):
        read.errors.add("address-postcode", "Enter a full UK postcode, like AA1 1AA")
    else:
        values["postcode"] = postcode
    if len(address_text(values)) > MAX_ADDRESS:
        read.errors.add("address-line1", f"Your address must be {MAX_ADDRESS} characters or fewer in all")
    return read


def read_description(form: Form) -> Read:
    description = first(form, "description").strip()
    read = Read({"description": description})
    if len(description) > MAX_DESCRIPTION:
        read.errors.add("description", f"Your description must be {MAX_DESCRIPTION:,} characters or fewer")
    return read


def read_contact(form: Form) -> tuple[Read, bool]:
    """Contact details (every one optional) and whether the resident wants updates."""
    values = {name: first(form, name.replace("_", "-")).strip() for name in CONTACT_FIELDS}
    updates = first(form, "updates") == "yes"
    read = Read(values)
    for name, words in (("first_name", "Your first name"), ("last_name", "Your last name")):
        if len(values[name]) > MAX_NAME:
            read.errors.add(name.replace("_", "-"), f"{words} must be {MAX_NAME} characters or fewer")
    email, phone = values["email"], values["phone"]
    if email and normalise_email(email) is None:
        read.errors.add("email", "Enter an email address in the correct format, like name@example.com")
    number = normalise_number(phone) if phone else None
    if phone and number is None:
        read.errors.add("phone", "Enter a phone number, like 01632 960 001 or 07700 900 982")
    if updates and not email and not phone:
        read.errors.add("email", "Enter an email address or a mobile number to get updates")
    elif updates and not email and number is not None and not can_receive_texts(number):
        read.errors.add("phone", "Enter a UK mobile number to get updates by text, or an email address")
    return read, updates
