"""What the staff API and the command line show of cases, history, residents and the audit (JSON)."""

from __future__ import annotations

from typing import Any

from ..cases.dates import sortable
from ..cases.model import Case, FiledCase, Reporter, Update
from ..catalogue import Catalogue
from .audit import AuditRecord
from .roles import Actor
from .service import CaseView


def _w3c(moment: Any) -> str | None:
    return sortable(moment) if moment is not None else None


def case_summary(case: Case, catalogue: Catalogue, team: str) -> dict[str, Any]:
    service = catalogue.get(case.service_code)
    team_entry = catalogue.team(team) if team else None
    return {
        "reference": case.reference,
        "service_code": case.service_code,
        "service_name": service.name if service else case.service_code,
        "status": case.status,
        "open": case.is_open,
        "status_notes": case.status_notes,
        "urgent": case.urgent,
        "team": team or None,
        "team_name": team_entry.name if team_entry else None,
        "ward_code": case.ward_code,
        "channel": case.channel,
        "requested_at": _w3c(case.requested_at),
        "updated_at": _w3c(case.updated_at),
        "expected_at": _w3c(case.expected_at),
        "duplicate_of": case.duplicate_of,
        "linked": list(case.linked),
    }


def case_detail(view: CaseView, catalogue: Catalogue) -> dict[str, Any]:
    case = view.case
    return {
        **case_summary(case, catalogue, view.team),
        "description": case.description,
        "location": {
            "lat": case.location.lat,
            "long": case.location.long,
            "address": case.location.address,
            "address_id": case.location.address_id,
        },
        "answers": dict(case.answers),
        "media_url": case.media_url,
        "history": [update(entry) for entry in view.history],
    }


def update(entry: Update) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "update_id": entry.update_id,
        "status": entry.status,
        "public": entry.public,
        "updated_at": _w3c(entry.updated_at),
    }
    if entry.public:
        shown["description"] = entry.description
    else:
        shown["internal_note"] = entry.internal_note
    return shown


def reporter(reference: str, found: Reporter | None) -> dict[str, Any]:
    """The resident's personal data; ``expired`` when the retention period has passed."""
    if found is None:
        return {"reference": reference, "expired": True, "reporter": None}
    return {"reference": reference, "expired": False, "reporter": dict(vars(found))}


def filed(result: FiledCase) -> dict[str, Any]:
    return {
        "reference": result.reference,
        "expected_at": _w3c(result.expected_at),
        "service_notice": result.service_notice,
        "possible_duplicate_of": result.possible_duplicate_of,
    }


def audit(record: AuditRecord) -> dict[str, Any]:
    return {
        "event_id": record.event_id,
        "at": _w3c(record.at),
        "actor": {"id": record.actor_id, "name": record.actor_name, "kind": record.actor_kind},
        "action": record.action,
        "reference": record.reference,
        "fields": list(record.fields),
        "detail": dict(record.detail),
    }


def actor(who: Actor) -> dict[str, Any]:
    return {
        "id": who.id,
        "name": who.name,
        "kind": who.kind,
        "roles": sorted(who.roles),
        "allowed": list(who.allowed),
    }
