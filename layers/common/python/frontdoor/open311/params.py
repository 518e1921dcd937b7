"""Read Open311 request parameters: the POST form and the GET query strings.

Everything that is not well-formed becomes BadRequest with a description naming the parameter
(never echoing its value, which may be personal data).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

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
from .errors import BadRequest

MAX_WINDOW = timedelta(days=90)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
MAX_RESULTS = 1000
MAX_BODY = 64 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,64})\](\[\])?$")
_SINGLE_FIELDS = (
    "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email",
    "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url",
)  # fmt: skip
_EXCLUDED_FROM_KEY = {"api_key"}


Form = dict[str, list[str]]


def parse_form(content_type: str | None, body: bytes) -> Form:
    """The urlencoded POST body as field -> values, refusing anything else."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type != FORM_TYPE:
        raise BadRequest(f"Send the request as {FORM_TYPE}.")
    if len(body) > MAX_BODY:
        raise BadRequest(f"The request body is larger than {MAX_BODY // 1024} KB.")
    try:
        pairs = parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body), errors="strict"
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise BadRequest("The request body is not a well-formed urlencoded form in UTF-8.") from error
    form: Form = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def single(form: Mapping[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(f"{name} was given more than once.")
    return values[0]


def report_from_form(form: Form) -> NewReport:
    """An Open311 POST requests form as the domain's NewReport."""
    for name in _SINGLE_FIELDS:
        single(form, name)  # refuses repeats
    service_code = (single(form, "service_code") or "").strip()
    if not service_code:
        raise BadRequest("service_code is required.")
    return NewReport(
        service_code=service_code,
        channel="open311",
        description=single(form, "description") or "",
        location=Location(
            lat=_coordinate(form, "lat"),
            long=_coordinate(form, "long"),
            address=single(form, "address_string"),
            address_id=(single(form, "address_id") or "").strip() or None,
        ),
        answers=_answers(form),
        reporter=Reporter(
            first_name=single(form, "first_name"),
            last_name=single(form, "last_name"),
            email=single(form, "email"),
            phone=single(form, "phone"),
            device_id=single(form, "device_id"),
            account_id=single(form, "account_id"),
        ),
        media_url=single(form, "media_url"),
    )


def submission(form: Form, header: str | None) -> dict[str, str]:
    """What makes two submissions "the same", for powertools Idempotency.

    `key` is the client's Idempotency-Key header, else the normalised fields; either way within one
    client (its api_key), so two clients never share an answer. `payload` is the normalised fields:
    the same key with a different report is refused rather than answered with another's case.
    """
    normalised = sorted(
        (name, sorted(value.strip() for value in values))
        for name, values in form.items()
        if name not in _EXCLUDED_FROM_KEY
    )
    payload = hashlib.sha256(json.dumps(normalised).encode()).hexdigest()
    client = hashlib.sha256((single(form, "api_key") or "").encode()).hexdigest()[:32]
    key = "header:" + header.strip()[:256] if header and header.strip() else "form:" + payload
    return {"key": f"{client}:{key}", "payload": payload}


def _coordinate(form: Form, name: str) -> float | None:
    text = (single(form, name) or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError as error:
        raise BadRequest(f"{name} must be a decimal number.") from error


def _answers(form: Form) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for name, values in form.items():
        match = _ATTRIBUTE.match(name)
        if match:
            answers.setdefault(match.group(1), []).extend(values)
        elif name.startswith("attribute"):
            raise BadRequest("Attributes are sent as attribute[code]=value or attribute[code][]=value.")
    return answers


# --- GET requests and servicerequestupdates ---------------------------------------------------
def parse_datetime(name: str, text: str) -> datetime:
    """A client's W3C date and time, in UTC (no zone means UTC), within the years 1900 to 9000."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace(" ", "+"))
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError) as error:
        raise BadRequest(f"{name} must be a W3C date and time, like 2026-11-01T00:00:00Z.") from error
    if not EARLIEST <= moment <= LATEST:  # far enough from the ends that a 90-day window fits
        raise BadRequest(f"{name} must be between the years 1900 and 9000.")
    return moment


def date_window(query: Mapping[str, str], now: datetime) -> tuple[datetime, datetime]:
    """start_date and end_date, at most 90 days apart; by default the last 90 days."""
    start_text, end_text = query.get("start_date"), query.get("end_date")
    end = parse_datetime("end_date", end_text) if end_text else None
    start = parse_datetime("start_date", start_text) if start_text else None
    if start is None and end is None:
        end = now
    if end is None:
        assert start is not None
        end = min(start + MAX_WINDOW, now) if start < now else start
    if start is None:
        start = end - MAX_WINDOW
    if end < start:
        raise BadRequest("end_date must not be before start_date.")
    if end - start > MAX_WINDOW:
        raise BadRequest("start_date and end_date must be at most 90 days apart.")
    return start, end


def statuses(text: str | None) -> tuple[Status, ...]:
    """Open311's open/closed, or FixMyStreet's detailed states, comma-separated."""
    if not text:
        return ()
    wanted: list[Status] = []
    for word in (part.strip().lower() for part in text.split(",")):
        if word == "open":
            wanted.extend(OPEN_STATUSES)
        elif word == "closed":
            wanted.extend(CLOSED_STATUSES)
        elif word in ALL_STATUSES:
            wanted.append(word)
        else:
            raise BadRequest("status must be open or closed (or a comma-separated list of statuses).")
    return tuple(dict.fromkeys(wanted))


def codes(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in (text or "").split(",") if part.strip()))


def case_query(query: Mapping[str, str], now: datetime) -> CaseQuery:
    start, end = date_window(query, now)
    return CaseQuery(
        start=start,
        end=end,
        service_codes=codes(query.get("service_code")),
        statuses=statuses(query.get("status")),
        limit=MAX_RESULTS,
    )
