"""What the console's browser tests do often: sign in, check a page (axe-core, no sideways scrolling,
a capture at tablet and laptop widths), move with the keyboard alone, and reach make run's AWS."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from local.staff import DEMO_STAFF
from tests.browser.checks import axe_violations, capture, horizontal_overflow
from tests.browser.conftest import SERVER_LOG

PASSWORDS = {person.username: person.password for person in DEMO_STAFF}
TABLET, LAPTOP = 768, 1280
WIDTHS = (TABLET, LAPTOP)


def check_console_page(page: Any, name: str) -> None:
    """The page as it stands (a GET or a POST's answer) at 768 and 1280 px: no axe violation, no
    sideways scrolling, a capture of each (``console-<name>-<width>.png``); left at 1280 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        capture(page, f"console-{name}")
        violations = axe_violations(page)
        assert not violations, f"console {name} at {width}px:\n" + "\n".join(violations)
        assert horizontal_overflow(page) <= 0, f"console {name} scrolls sideways at {width}px"


def sign_in(page: Any, site_url: str, username: str, password: str | None = None) -> None:
    page.goto(site_url + "/console/sign-in")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password", exact=True).fill(password or PASSWORDS[username])
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def error_messages(page: Any) -> list[str]:
    return [text.strip() for text in page.locator(".govuk-error-summary__list a").all_inner_texts()]


def fetch_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read())


def open311_reference(site_url: str, service_code: str) -> str:
    """A seeded case of this service, as Open311 lists it."""
    found = fetch_json(f"{site_url}/open311/v2/requests.json?service_code={service_code}")
    return str(found[0]["service_request_id"])


# --- the keyboard -----------------------------------------------------------------------------------------
FOCUSED_IS_VISIBLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return style.outlineStyle !== 'none' && style.outlineWidth !== '0px'
    || style.boxShadow !== 'none'
    || style.backgroundColor === 'rgb(255, 221, 0)';
}"""


def tab_to(page: Any, matches: str, limit: int = 80) -> int:
    """Press Tab until the focused element matches (a JS predicate on ``el``); how many presses.
    Each element reached must show where the focus is (GOV.UK's yellow focus state)."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {matches}; }})()"):
            assert page.evaluate(FOCUSED_IS_VISIBLE), f"no visible focus on {matches}"
            return presses
    raise AssertionError(f"Tab never reached {matches} in {limit} presses")


# --- make run's AWS --------------------------------------------------------------------------------------
def local_cognito() -> tuple[Any, str]:
    """A Cognito client on this worker's make run emulated AWS, and the staff pool's id (from its banner)."""
    import boto3

    banner = SERVER_LOG.read_text(errors="replace")
    endpoint = re.search(r"curl -s (http://127\.0\.0\.1:\d+)/ -H 'X-Amz-Target", banner)
    pool = re.search(r"user pool (\S+), app client", banner)
    assert endpoint and pool, "make run's banner names no staff pool"
    client = boto3.client(
        "cognito-idp",
        endpoint_url=endpoint[1],
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return client, pool[1]
