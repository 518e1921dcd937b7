"""Pages about the council's promises and how to reach it: service standards, contact us and the
accessibility statement. They change only with the catalogue, contact_centre.yaml or a deploy."""

from __future__ import annotations

from itertools import groupby

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.catalogue import Service, Standard, default_catalogue
from web.responses import STABLE, page
from web.site.contact_details import contact_details
from web.site.services import channel_words, in_group_order

router = APIGatewayRouter()
# When the accessibility statement was prepared and last reviewed (change it with every review).
STATEMENT_PREPARED = "23 November 2026"
STATEMENT_REVIEWED = "23 November 2026"


@router.get("/standards")
def standards() -> Response[str]:
    catalogue = default_catalogue()
    groups = [
        (group, [_standard(service) for service in services])
        for group, services in groupby(in_group_order(catalogue.services), key=lambda s: s.group)
    ]
    return page("site/standards.html", title="Service standards", cache=STABLE, groups=groups)


@router.get("/contact")
def contact() -> Response[str]:
    return page("site/contact.html", title="Contact us", cache=STABLE, contact=contact_details())


@router.get("/accessibility")
def accessibility() -> Response[str]:
    return page(
        "site/accessibility.html",
        title="Accessibility statement",
        cache=STABLE,
        contact=contact_details(),
        prepared=STATEMENT_PREPARED,
        reviewed=STATEMENT_REVIEWED,
    )


def _standard(service: Service) -> dict[str, str | None]:
    return {
        "code": service.service_code,
        "name": service.name,
        "summary": service.standard.summary,
        "respond": _hours(service.standard.response_hours),
        "resolve": _working_days(service.standard),
        "channels": channel_words(service),
        "emergency_line": service.emergency_line,
    }


def _hours(hours: int) -> str:
    return "1 hour" if hours == 1 else f"{hours} hours"


def _working_days(standard: Standard) -> str:
    days = standard.resolution_working_days
    if days == 0:
        return "The same working day"
    return "1 working day" if days == 1 else f"{days} working days"
