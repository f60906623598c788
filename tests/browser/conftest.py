"""Fixtures: one live server with its own database, one Chromium, a fresh page per test."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from .live import (
    CHROMIUM,
    MISSING_CHROMIUM,
    LiveServer,
    launch_chromium,
    make_app,
    new_context,
    sign_in,
)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    with LiveServer(make_app(tmp_path_factory.mktemp("browser"))) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        # Fail, never skip: CI installs Chromium through scripts/setup --test.
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def problems() -> list[str]:
    """JavaScript errors and server errors seen by the page; a test asserts it stays empty."""
    return []


@pytest.fixture
def page(chromium, live_server, problems):
    """A page in a fresh browser profile, 1280 pixels wide, pointed at the live server."""
    context = new_context(chromium, live_server.url)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))

    def note_server_error(response):
        if response.status >= 500:
            problems.append(f"{response.status} from {response.request.method} {response.url}")

    page.on("response", note_server_error)
    sign_in(page)
    yield page
    context.close()
