"""The staff console on moto: the console function, make run's staff user pool (a demo account per
group) in each test's mock account, and a browser-like client that keeps its cookies."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from frontdoor import settings
from local.seed import demo_answers
from local.staff import StaffPool, create_staff_pool
from tests.integration.web.conftest import visit_with
from tests.integration.web.console.console_browser import REGION, ConsoleBrowser, moto_jwks


@pytest.fixture
def staff_pool(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[StaffPool]:
    """make run's user pool (a demo account per group) in this test's mock account; the console's
    token checks use moto's signing keys, which its JWKS endpoint would serve."""
    from web.console import access, cognito
    from web.console.settings import console_settings
    from web.console.tokens import IdTokenVerifier, SigningKeys

    for name in (settings.STAFF_USER_POOL_ID, settings.STAFF_CLIENT_ID):
        monkeypatch.delenv(name, raising=False)  # restored after the test
    pool = create_staff_pool(REGION)
    console_settings.cache_clear()
    verifier = IdTokenVerifier(pool.issuer, pool.client_id, SigningKeys(moto_jwks))
    monkeypatch.setattr(access, "verifier", lambda: verifier)
    cognito.use_sign_in(None)
    yield pool
    cognito.use_sign_in(None)
    console_settings.cache_clear()


@pytest.fixture
def console(staff_pool: StaffPool) -> ConsoleBrowser:
    from functions.console.handler import lambda_handler

    return ConsoleBrowser(visit_with(lambda_handler))


@pytest.fixture
def reported(aws: None) -> Callable[..., str]:
    """File a report as a resident would online (with contact details and consent); its reference."""
    from frontdoor.cases.model import Location, NewReport, Reporter
    from frontdoor.wiring import case_service

    def report(
        service_code: str = "pothole",
        lat: float = 52.6369,
        long: float = -1.1398,
        email: str | None = "ada@example.com",
        phone: str | None = "01632 960001",
    ) -> str:
        service = case_service()
        answers = (
            {"surface": ["road"], "size": ["large"]}
            if service_code == "pothole"
            else demo_answers(service.catalogue.get(service_code))
        )
        return service.file(
            NewReport(
                service_code=service_code,
                channel="web",
                description="Deep pothole by the bus stop",
                location=Location(lat=lat, long=long),
                answers=answers,
                reporter=Reporter(
                    first_name="Ada", last_name="Lovelace", email=email, phone=phone, consent_to_updates=True
                ),
            )
        ).reference

    return report
