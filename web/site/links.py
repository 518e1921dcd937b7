"""Where the site's pages are, in one place (templates get the same through these functions)."""

from __future__ import annotations

from frontdoor.catalogue import Service


def service_page(service: Service) -> str:
    """The service's start page: what it is, its standard, and how to do it."""
    return f"/services/{service.service_code}"


def start_online(service: Service) -> str:
    """Where doing it online starts: the report-it journey (as texted by the phone line)."""
    return f"/report/{service.service_code}"


def standard(service: Service) -> str:
    return f"/standards#{service.service_code}"
