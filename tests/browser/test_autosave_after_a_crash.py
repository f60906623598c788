"""kill -9 of a real `proposals serve` while a consultant types: at most the last second of
typing is not on disk, the page says it is not saved, and once the server is back the same
page saves the rest by itself."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.resilience.live import Server, create_user, query

from .live import EMAIL, new_context, sign_in
from .test_autosave_in_browser import RETRY_WAIT, SAVED, SCREENS, start_proposal, status

pytestmark = pytest.mark.browser

WORDS = 36
KILL_AFTER = 24  # words typed before the kill
PAUSE_MS = 80  # between words: a quick typist
MOST_LOST = 1.0  # seconds of typing that may be lost


@pytest.fixture
def server(tmp_path):
    instance = tmp_path / "instance"
    create_user(instance, EMAIL, "Dana Whitfield")
    server = Server(instance, threads=4)
    server.start()
    yield server
    server.kill()


def situation_on_disk(server: Server, proposal_id: int) -> str:
    """The situation as stored, saved or as a draft ("" if neither)."""
    document, drafts = query(
        server.database, "SELECT document, step_drafts FROM proposal WHERE id = ?", proposal_id
    )[0]
    draft = json.loads(drafts or "{}").get("listening", {}).get("listening", {})
    saved = json.loads(document).get("listening", {})
    return (draft.get("situation") or saved.get("situation") or "").strip()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_crash_while_typing_loses_at_most_the_last_second(chromium, server, screen):
    context = new_context(chromium, f"http://127.0.0.1:{server.port}")
    page = context.new_page()
    page.set_viewport_size(SCREENS[screen])
    try:
        sign_in(page)
        steps = start_proposal(page)
        proposal_id = int(re.search(r"/proposals/(\d+)/", steps).group(1))
        page.goto(steps + "heard")
        page.get_by_label("Their situation").click()
        typed, text, killed_at = [], "", None
        for number in range(WORDS):
            page.keyboard.type(f"w{number:02d} ")
            text += f"w{number:02d} "
            typed.append((time.monotonic(), text.strip()))
            if number == KILL_AFTER - 1:
                server.crash()
                killed_at = time.monotonic()
            page.wait_for_timeout(PAUSE_MS)
        expect(status(page)).to_have_text("Not saved: connection lost, retrying")

        on_disk = situation_on_disk(server, proposal_id)
        must_have = [t for at, t in typed if at <= killed_at - MOST_LOST][-1]
        assert text.strip().startswith(on_disk)  # what is on disk is what was typed
        assert len(on_disk) >= len(must_have), (on_disk, must_have)

        server.kill()
        server.start()
        expect(status(page)).to_have_text(SAVED, timeout=2 * RETRY_WAIT)
        assert situation_on_disk(server, proposal_id) == text.strip()
    finally:
        context.close()
