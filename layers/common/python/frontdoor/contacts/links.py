"""Links texted to residents: do it online, track a case, pay securely. Built from configured bases."""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import PAYMENT_BASE_URL, WEB_BASE_URL


class NotConfigured(Exception):
    """A setting this path needs is not set. ``code`` names the environment variable (safe to log)."""

    def __init__(self, variable: str) -> None:
        super().__init__(f"{variable} is not set")
        self.code = variable


@dataclass(frozen=True)
class Links:
    web_base_url: str | None
    payment_base_url: str | None

    def report(self, service_code: str | None = None) -> str:
        """The residents' site: report a problem, or one service's form."""
        return self._web("/report" + (f"/{service_code}" if service_code else ""))

    def track(self, reference: str | None = None) -> str:
        return self._web("/track" + (f"/{reference}" if reference else ""))

    def opt_out(self, token: str) -> str:
        """Where a resident stops updates about their request (``frontdoor.notifications.optout``)."""
        return self._web(f"/opt-out/{token}")

    def payment(self, reference: str) -> str:
        """The council's secure payment page for a case: card details go there, never to the phone line."""
        return f"{self.require_payment().rstrip('/')}/{reference}"

    def require_payment(self) -> str:
        """The payment page's base URL; raises NotConfigured when there is none."""
        if not self.payment_base_url:
            raise NotConfigured(PAYMENT_BASE_URL)
        return self.payment_base_url

    def _web(self, path: str) -> str:
        if not self.web_base_url:
            raise NotConfigured(WEB_BASE_URL)
        return self.web_base_url.rstrip("/") + path
