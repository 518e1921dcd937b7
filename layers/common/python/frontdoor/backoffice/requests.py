"""Staff API requests into the domain's terms: JSON bodies (msgspec, strict) and search parameters.

Errors name the field and what it should be, never echo what was sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

import msgspec

from ..cases.model import (
    ALL_STATUSES,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    CaseQuery,
    Location,
    NewReport,
    Reporter,
    Status,
)
from .errors import InvalidChange
from .service import StatusUpdate

MAX_BODY = 64 * 1024
MAX_WINDOW = timedelta(days=366)
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 500
_FIELD = re.compile(r"at `\$\.([\w.\[\]]+)`")


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A staff API request body: a field it does not know is refused, never ignored."""


class UpdateBody(Body):
    status: str | None = None
    public_note: str | None = None
    internal_note: str | None = None


class TeamBody(Body):
    team: str


class UrgentBody(Body):
    urgent: bool


class LinkBody(Body):
    reference: str


class MergeBody(Body):
    into: str
    public_note: str | None = None


class LookupBody(Body):
    phone: str | None = None
    email: str | None = None


class ReporterBody(Body):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    # The resident said yes to being told of the case's progress (by email, else a text).
    consent_to_updates: bool = False


class LogCaseBody(Body):
    """A case logged for a resident: what they reported, where, and how to reach them."""

    service_code: str
    channel: str
    description: str = ""
    lat: float | None = None
    long: float | None = None
    address: str | None = None
    address_id: str | None = None
    answers: dict[str, str | list[str]] = {}
    reporter: ReporterBody | None = None


_B = TypeVar("_B", bound=Body)


def parse(body: bytes | str | None, kind: type[_B]) -> _B:
    """The JSON body as ``kind``; a clear 400 for anything else (no body, bad JSON, wrong fields)."""
    raw = body.encode() if isinstance(body, str) else body or b""
    if len(raw) > MAX_BODY:
        raise InvalidChange(f"The request body is larger than {MAX_BODY // 1024} KB.")
    if not raw.strip():
        raise InvalidChange("Send a JSON object in the request body.")
    try:
        return msgspec.json.decode(raw, type=kind)
    except msgspec.ValidationError as error:
        field = _FIELD.search(str(error))
        raise InvalidChange(_explain(str(error)), field.group(1) if field else None) from None
    except msgspec.DecodeError:
        raise InvalidChange("The request body is not valid JSON.") from None


def _explain(message: str) -> str:
    # msgspec's messages name types and fields ("Expected `str`, got `int` - at `$.team`") and
    # never values, except an unknown field's name, which is the client's own key: safe to show.
    return message.replace("`", "'")


def status_update(body: UpdateBody) -> StatusUpdate:
    status = body.status.strip() if body.status else None
    if status and status not in ALL_STATUSES:
        raise InvalidChange(f"status must be one of {', '.join(ALL_STATUSES)}.", "status")
    return StatusUpdate(status=status or None, public_note=body.public_note, internal_note=body.internal_note)


def new_report(body: LogCaseBody) -> NewReport:
    answers = {code: [value] if isinstance(value, str) else value for code, value in body.answers.items()}
    reporter = body.reporter or ReporterBody()
    return NewReport(
        service_code=body.service_code.strip(),
        channel=body.channel.strip(),  # type: ignore[arg-type]  # the back office checks it
        description=body.description,
        location=Location(lat=body.lat, long=body.long, address=body.address, address_id=body.address_id),
        answers=answers,
        reporter=Reporter(
            first_name=reporter.first_name,
            last_name=reporter.last_name,
            email=reporter.email,
            phone=reporter.phone,
            consent_to_updates=reporter.consent_to_updates,
        ),
    )


def case_query(params: Mapping[str, str], now: datetime) -> CaseQuery:
    """``service``, ``status`` (statuses, or open/closed), ``ward``, ``from`` and ``to`` (dates or
    date-times, at most a year apart; by default the last 90 days) and ``limit``."""
    end = _moment(params, "to", now, end_of_day=True)
    start = _moment(params, "from", end - DEFAULT_WINDOW, end_of_day=False)
    if end < start:
        raise InvalidChange("'to' must not be before 'from'.", "to")
    if end - start > MAX_WINDOW:
        raise InvalidChange("'from' and 'to' must be at most a year apart.", "from")
    ward = (params.get("ward") or "").strip() or None
    if ward and not re.fullmatch(r"[\w-]{1,64}", ward):
        raise InvalidChange("ward must be a ward code.", "ward")
    return CaseQuery(
        start=start,
        end=end,
        service_codes=_codes(params.get("service")),
        statuses=_statuses(params.get("status")),
        ward_code=ward,
        limit=limit(params, MAX_RESULTS),
    )


def limit(params: Mapping[str, str], most: int) -> int:
    text = (params.get("limit") or "").strip()
    if not text:
        return min(100, most)
    if not text.isdigit() or not 1 <= int(text) <= most:
        raise InvalidChange(f"limit must be a whole number from 1 to {most}.", "limit")
    return int(text)


def _moment(params: Mapping[str, str], name: str, default: datetime, *, end_of_day: bool) -> datetime:
    text = (params.get(name) or "").strip()
    if not text:
        return default
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC).replace(
                microsecond=0
            )
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidChange(
            f"'{name}' must be a date (2026-11-01) or a date and time (2026-11-01T09:00:00Z).", name
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _codes(text: str | None) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(part.strip() for part in (text or "").split(",") if part.strip()))
    if any(not re.fullmatch(r"[\w-]{1,64}", code) for code in codes):
        raise InvalidChange("service must be service codes, comma-separated.", "service")
    return codes


def _statuses(text: str | None) -> tuple[Status, ...]:
    wanted: list[Status] = []
    for word in (part.strip().lower() for part in (text or "").split(",") if part.strip()):
        if word == "open":
            wanted.extend(OPEN_STATUSES)
        elif word == "closed":
            wanted.extend(CLOSED_STATUSES)
        elif word in ALL_STATUSES:
            wanted.append(word)
        else:
            raise InvalidChange("status must be open, closed or statuses, comma-separated.", "status")
    return tuple(dict.fromkeys(wanted))


def json_body(value: Any) -> bytes:
    return msgspec.json.encode(value)
