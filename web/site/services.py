"""Finding a service: the home page's most-requested tasks and search, every service by group, and
each service's start page."""

from __future__ import annotations

from itertools import groupby

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from frontdoor.catalogue import Service, default_catalogue
from web.responses import STABLE, FieldErrors, not_found_page, page
from web.site import links
from web.site.contact_details import contact_details

router = APIGatewayRouter()
MAX_QUERY = 100


@router.get("/")
def home() -> Response[str]:
    from frontdoor.wiring import case_service

    tasks = case_service().most_requested(channel="web")
    return page("site/home.html", title=_home_title(), tasks=[_summary(s) for s in tasks])


@router.get("/search")
def search() -> Response[str]:
    query = (router.current_event.get_query_string_value("q") or "").strip()
    errors = FieldErrors()
    if len(query) > MAX_QUERY:
        errors.add("q", f"Search words must be {MAX_QUERY} characters or fewer")
    found = [] if errors or not query else default_catalogue().search(query)
    title = f"Search results for ‘{query}’" if query and not errors else "Search council services"
    return page(
        "site/search.html",
        title=title,
        status=400 if errors else 200,
        errors=errors,
        query=query,
        results=[_summary(service) for service in found],
    )


@router.get("/services")
def all_services() -> Response[str]:
    by_group = groupby(in_group_order(default_catalogue().services), key=lambda service: service.group)
    groups = [(group, [_summary(service) for service in services]) for group, services in by_group]
    return page("site/services.html", title="All services", cache=STABLE, groups=groups)


@router.get("/services/<service_code>")
def service_page(service_code: str) -> Response[str]:
    service = default_catalogue().get(service_code)
    if service is None:
        return not_found_page()
    return page(
        "site/service.html",
        title=service.name,
        cache=STABLE,
        service=service,
        online=service.offered_on("web"),
        start_url=links.start_online(service),
        standard_url=links.standard(service),
        channels=channel_words(service),
        contact=contact_details(),
    )


def channel_words(service: Service) -> str:
    """'online, by phone and by webchat'."""
    words = {"web": "online", "phone": "by phone", "chat": "by webchat"}
    named = [words[channel] for channel in ("web", "phone", "chat") if service.offered_on(channel)]
    return ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]


def _summary(service: Service) -> dict[str, str]:
    return {
        "code": service.service_code,
        "name": service.name,
        "description": service.description,
        "group": service.group,
        "url": links.service_page(service),
    }


def in_group_order(services: list[Service]) -> list[Service]:
    """Grouped in the order each group first appears in the catalogue, services in catalogue order."""
    first_seen: dict[str, int] = {}
    for position, service in enumerate(services):
        first_seen.setdefault(service.group, position)
    return sorted(services, key=lambda service: first_seen[service.group])


def _home_title() -> str:
    from web.settings import site_settings

    return f"{site_settings().council_name} services"
