"""The app served on 127.0.0.1 by waitress, and Debian's Chromium driven by Playwright.

Shared by the browser tests (through conftest.py) and the README screenshots script.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

import waitress
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route
from waitress.channel import HTTPChannel

from proposals import create_app, db
from proposals.auth.users import create_user
from tests import databases

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = (
    f"Chromium is not installed at {CHROMIUM}, and the browser tests need it. "
    "Run scripts/setup --test to install it (Playwright's own browser download is not used)."
)
VIEWPORT = {"width": 1280, "height": 900}


EMAIL, PASSWORD = "dana@whitfield.example", "correct horse battery"


def make_app(folder: Path) -> Flask:
    """A fresh app with its own database in `folder` and one account.

    CSRF stays on: the browser must pass it.
    """
    app = create_app(
        {
            "INSTANCE_PATH": folder / "instance",
            "DATABASE_URL": databases.url_for(folder / "browser.db", shared=True),
            "SECRET_KEY": "browser-test",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        create_user(db.session(), EMAIL, "Dana Whitfield", PASSWORD)
    return app


def sign_in(page: Page) -> None:
    """Sign in through the real form, as a consultant would."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


class LiveServer:
    """Serve a WSGI app with waitress on a free port of 127.0.0.1, in a daemon thread."""

    def __init__(self, app: Flask):
        self.app = app
        self.server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, name="waitress", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        """Close every connection and the listening socket from inside waitress's own loop."""
        server = self.server

        def close_everything():
            for dispatcher in list(server._map.values()):
                if isinstance(dispatcher, HTTPChannel):
                    dispatcher.handle_close()  # also closes its output buffers
            server.close()  # the listening socket and the trigger: the loop then ends

        if self.thread.is_alive():
            server.trigger.pull_trigger(close_everything)
            self.thread.join(timeout=10)
            assert not self.thread.is_alive(), "waitress did not stop"
        else:
            server.close()
        server.task_dispatcher.shutdown()
        self.app.extensions["db_engine"].dispose()


def launch_chromium(playwright: Playwright) -> Browser:
    if not CHROMIUM.exists():
        raise FileNotFoundError(MISSING_CHROMIUM)
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def new_context(browser: Browser, base_url: str) -> BrowserContext:
    """A fresh profile (cookies, downloads) that may only talk to 127.0.0.1."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(15_000)
    context.route("**/*", _local_only)
    return context


def _local_only(route: Route) -> None:
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.fallback()
    else:
        route.abort("blockedbyclient")
