"""What Open311 shows of the catalogue and of cases: the public face of the domain's objects.

Only cases of public services (a pothole, graffiti: the catalogue's `public`) show where and
what; the rest are about a resident's home, so their public view says only what service, what
status and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..cases.dates import sortable
from ..cases.model import Case, Update
from ..catalogue import Catalogue, Service

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-22T00:00:00Z"


def w3c(moment: Any) -> str | None:
    return sortable(moment) if moment is not None else None


def discovery(base_url: str, contact: str) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": contact,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service_summary(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.service_code,
        "service_name": service.name,
        "description": service.description,
        "metadata": bool(service.attributes),
        "type": "realtime",
        "keywords": ",".join(service.keywords),
        "group": service.group,
    }


def service_definition(service: Service) -> dict[str, Any]:
    return {
        "service_code": service.service_code,
        "attributes": [
            {
                "variable": attribute.variable,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description,
                "order": attribute.order,
                "description": attribute.description,
                "values": [{"key": value.key, "name": value.name} for value in attribute.values],
            }
            for attribute in sorted(service.attributes, key=lambda a: a.order)
        ],
    }


def filed(result: Mapping[str, str], account_id: str | None) -> list[dict[str, Any]]:
    """The answer to POST requests, from what idempotent filing remembers of the new case."""
    return [
        {
            "service_request_id": result["reference"],
            "token": result["token"],
            "service_notice": result["service_notice"],
            "account_id": account_id,
        }
    ]


def request(case: Case, catalogue: Catalogue) -> dict[str, Any]:
    service = catalogue.get(case.service_code)
    public = service is not None and service.public  # fail closed: an unknown service shows nothing
    team = catalogue.team(service.team) if service else None
    loc = case.location
    return {
        "service_request_id": case.reference,
        "status": "open" if case.is_open else "closed",
        "status_notes": case.status_notes,
        "service_name": service.name if service else case.service_code,
        "service_code": case.service_code,
        "description": case.description if public else None,
        "agency_responsible": team.name if team else None,
        "service_notice": service.standard.summary if service else None,
        "requested_datetime": w3c(case.requested_at),
        "updated_datetime": w3c(case.updated_at),
        "expected_datetime": w3c(case.expected_at),
        "address": loc.address if public else None,
        "address_id": loc.address_id if public else None,
        "zipcode": None,
        "lat": loc.lat if public else None,
        "long": loc.long if public else None,
        "media_url": case.media_url if public else None,
    }


def request_update(update: Update) -> dict[str, Any]:
    """FixMyStreet's request_update: detailed states in upper case, as its extension has them."""
    return {
        "update_id": update.update_id,
        "service_request_id": update.reference,
        "status": update.status.upper(),
        "updated_datetime": w3c(update.updated_at),
        "description": update.description,
        "media_url": None,
    }
