"""make run routes /console and everything under it to the console function, as the REST API's
/console and /console/{proxy+} resources do in AWS, and nothing else."""

from __future__ import annotations

import pytest

from local.__main__ import ROUTES
from local.gateway import find_route

CONSOLE = "functions.console.handler.lambda_handler"


@pytest.mark.parametrize("path", ["/console", "/console/sign-in", "/console/cases/123456786/update"])
def test_the_console_and_its_pages_go_to_the_console_function(path: str):
    route = find_route(ROUTES, path)
    assert route is not None and route.handler == CONSOLE
    assert route.resource_for(path) == ("/console" if path == "/console" else "/console/{proxy+}")


@pytest.mark.parametrize("path", ["/consoles", "/console-help", "/", "/track/123456786"])
def test_other_paths_stay_with_the_site(path: str):
    route = find_route(ROUTES, path)
    assert route is not None and route.handler != CONSOLE
