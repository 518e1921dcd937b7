"""Cases, their history and the audit as the console's pages show them (plain dicts for templates).

Public updates and internal notes are told apart in words, not only by colour: each history entry
says which it is.
"""

from __future__ import annotations

from typing import Any

from frontdoor.backoffice.audit import AuditRecord
from frontdoor.backoffice.service import CaseView
from frontdoor.cases.model import Case, Reporter, Update
from frontdoor.catalogue import Catalogue
from web.console.words import (
    ACTION_WORDS,
    CHANNEL_WORDS,
    DETAIL_WORDS,
    STATUS_COLOURS,
    day,
    status_words,
    when,
)
from web.render import uk_phone
from web.site.questions import answer_words, variable_questions


def case_path(reference: str) -> str:
    return f"/console/cases/{reference}"


def status_tag(status: str) -> dict[str, str]:
    return {"text": status_words(status), "classes": f"govuk-tag--{STATUS_COLOURS.get(status, 'grey')}"}  # type: ignore[call-overload]


def summary(case: Case, catalogue: Catalogue, team: str, ward_names: dict[str, str]) -> dict[str, Any]:
    """One row of a results table."""
    service = catalogue.get(case.service_code)
    team_entry = catalogue.team(team) if team else None
    return {
        "reference": case.reference,
        "href": case_path(case.reference),
        "service": service.name if service else case.service_code,
        "status": status_tag(case.status),
        "urgent": case.urgent,
        "team": team_entry.name if team_entry else (team or "None"),
        "ward": ward_names.get(case.ward_code or "", "Outside every ward") if case.ward_code else "None",
        "channel": CHANNEL_WORDS.get(case.channel, case.channel),
        "received": day(case.requested_at),
    }


def _row(key: str, value: str | None = None, html: Any = None) -> dict[str, Any]:
    shown: dict[str, Any] = {"html": html} if html is not None else {"text": value or "None"}
    return {"key": {"text": key}, "value": shown}


def detail_rows(view: CaseView, catalogue: Catalogue, ward_names: dict[str, str]) -> list[dict[str, Any]]:
    """The case's summary list: what it is, where, its state and who has it."""
    case = view.case
    service = catalogue.get(case.service_code)
    team = catalogue.team(view.team) if view.team else None
    location = case.location
    where = [location.address] if location.address else []
    if location.has_point:
        where.append(f"Latitude {location.lat}, longitude {location.long}")
    if location.address_id:
        where.append(f"Address reference {location.address_id}")
    rows = [
        _row("Service", service.name if service else case.service_code),
        _row("Status", status_words(case.status)),
        _row("Team", team.name if team else view.team or None),
        _row("Urgent", "Yes" if case.urgent else "No"),
        _row("Ward", ward_names.get(case.ward_code, case.ward_code) if case.ward_code else None),
        _row("Reported by", CHANNEL_WORDS.get(case.channel, case.channel)),
        _row("Received", when(case.requested_at)),
        _row("Expected by", day(case.expected_at)),
        _row("Last changed", when(case.updated_at)),
        _row("Where", "; ".join(where) or None),
        _row("Description", case.description or None),
    ]
    if service is not None:
        for question in variable_questions(service):
            given = case.answers.get(question.code)
            values = [given] if isinstance(given, str) else list(given or [])
            if values:
                rows.append(_row(question.description, ", ".join(answer_words(question, values))))
    return rows


def history(view: CaseView) -> list[dict[str, Any]]:
    """Every entry, newest first, each saying whether the resident sees it."""
    return [_entry(update) for update in reversed(view.history)]


def _entry(update: Update) -> dict[str, Any]:
    return {
        "when": when(update.updated_at),
        "public": update.public,
        "kind": "Public update" if update.public else "Internal note",
        "status": status_words(update.status),
        "text": update.description if update.public else update.internal_note or "",
    }


def reporter_rows(found: Reporter, catalogue: Catalogue, service_code: str) -> list[dict[str, Any]]:
    """The resident's personal data, for the contact details page (shown only when asked for)."""
    name = " ".join(part for part in (found.first_name, found.last_name) if part)
    rows = [
        _row("Name", name or None),
        _row("Email", found.email),
        _row("Phone", uk_phone(found.phone) if found.phone else None),
        _row("Their address", found.address),
        _row("Their description", found.description),
        _row(
            "Updates",
            "Opted out of updates"
            if found.opted_out_at
            else ("Asked for updates" if found.consent_to_updates else "Did not ask for updates"),
        ),
    ]
    service = catalogue.get(service_code)
    if service is not None and found.answers:
        for question in variable_questions(service):
            given = found.answers.get(question.code)
            values = [given] if isinstance(given, str) else list(given or [])
            if values:
                rows.append(_row(question.description, ", ".join(answer_words(question, values))))
    return rows


def audit_rows(records: list[AuditRecord], *, by_case: bool) -> list[list[dict[str, Any]]]:
    """The audit as table rows: when, who (or which case), what, the fields and details."""
    rows = []
    for record in records:
        details = "; ".join(
            f"{DETAIL_WORDS.get(name, name)}: {status_words(value)}" for name, value in record.detail.items()
        )
        if by_case:
            subject = {"html": _staff_link(record)}
        elif record.reference:
            subject = {"html": _audit_case_link(record.reference)}
        else:
            subject = {"text": "No case"}
        rows.append(
            [
                {"text": when(record.at)},
                subject,
                {"text": ACTION_WORDS.get(record.action, record.action)},
                {"text": ", ".join(name.replace("_", " ") for name in record.fields) or "None"},
                {"text": details or "None"},
            ]
        )
    return rows


def _staff_link(record: AuditRecord) -> Any:
    from urllib.parse import quote

    from markupsafe import Markup, escape

    kind = "" if record.actor_kind == "staff" else " (system)"
    href = f"/console/audit?staff={quote(record.actor_id, safe='')}"
    return Markup(f'<a class="govuk-link" href="{escape(href)}">{escape(record.actor_name)}</a>{kind}')


def _audit_case_link(reference: str) -> Any:
    from markupsafe import Markup, escape

    return Markup(
        f'<a class="govuk-link" href="/console/audit?reference={escape(reference)}">{escape(reference)}</a>'
    )
