"""kill -9 of a real server, mid-step and mid-render: nothing acknowledged is lost, a step
in flight is saved whole or not at all, the database passes its integrity check, and a PDF
version is either complete or absent (never half-written, never stuck).

Each kill is followed by a restart on the same instance folder (same database, same
secret key, so the signed-in session carries on), as after a power cut or an OOM kill.
"""

from __future__ import annotations

import hashlib
import io
import threading
import time

import pytest
from pypdf import PdfReader

from tests.resilience.live import (
    FORM_STEPS,
    Client,
    Server,
    assert_healthy,
    create_user,
    document,
    expected_value,
    query,
    saved_value,
    stored,
    wait_until,
)
from tests.wizard_driver import STEP_FORMS, sample_form

EMAIL = "dana@whitfield.example"
RENDER_START_TIMEOUT = 30.0


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A server on a fresh instance with one account, and a signed-in client."""
    instance = tmp_path_factory.mktemp("crash") / "instance"
    create_user(instance, EMAIL, "Dana Whitfield", admin=True)
    server = Server(instance, threads=8)
    server.start()
    try:
        client = Client(server.port)
        client.sign_in(EMAIL)
        yield server, client
    finally:
        server.kill()


class InFlight:
    """Saves sent together from their own threads; the thread that gets the `kill_after`th
    answer calls `crash` at once (waking another thread first would give the server time
    to answer the rest), then sets `answered`."""

    def __init__(self, client: Client, kill_after: int, crash):
        self.client = client
        self.kill_after = kill_after
        self.crash = crash
        self.go = threading.Event()
        self.answered = threading.Event()
        self.results: dict = {}
        self.threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._count = 0

    def add(self, proposal_id: int, slug: str, form: dict) -> None:
        def send():
            self.go.wait(timeout=10)
            try:
                response = self.client.save_step(proposal_id, slug, form, timeout=20)
                self.results[(proposal_id, slug)] = response
                with self._lock:
                    self._count += 1
                    if self._count == self.kill_after:
                        self.crash()
                        self.answered.set()
            except Exception as exc:  # the server died under this request
                self.results[(proposal_id, slug)] = exc

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        self.threads.append(thread)

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=25)
        assert not any(thread.is_alive() for thread in self.threads)


def test_an_acknowledged_step_survives_a_kill_right_after_it(live):
    server, client = live
    server.ensure_running()
    proposal_id = client.new_proposal()
    for slug in FORM_STEPS:
        form = STEP_FORMS[slug](document("acked"))
        response = client.save_step(proposal_id, slug, form)
        assert response.status == 302, (slug, response.status, response.text[:500])
    server.kill()  # straight after the last acknowledgement

    assert_healthy(server)
    server.start()
    saved, drafts, _ = stored(server, proposal_id)
    for slug in FORM_STEPS:
        assert saved_value(saved, slug) == expected_value("acked", slug), slug
    assert drafts == {}
    page = client.get(f"/proposals/{proposal_id}/step/heard")
    assert page.status == 200 and "Situation acked" in page.text


def test_a_kill_during_saves_loses_at_most_the_steps_in_flight(live):
    """Eighteen saves (of eighteen proposals: concurrent saves of one proposal are another
    matter, see test_concurrency.py) sent at once, and the server killed as soon as the
    third is answered, with the others being read, validated or committed: those answered
    are kept; the others are there whole, or not at all."""
    kill_after = 3
    server, client = live
    server.ensure_running()
    slugs = ("heard", "help", "offer") * 6
    proposals = []
    for _ in slugs:
        proposal_id = client.new_proposal()
        form = STEP_FORMS["people"](document(f"before-{proposal_id}"))
        assert client.save_step(proposal_id, "people", form).status == 302
        proposals.append(proposal_id)

    flight = InFlight(client, kill_after, server.crash)
    for proposal_id, slug in zip(proposals, slugs, strict=True):
        flight.add(proposal_id, slug, STEP_FORMS[slug](document(f"flight-{proposal_id}")))
    flight.go.set()
    assert flight.answered.wait(timeout=30), f"the saves were not answered\n{server.log_tail()}"
    server.kill()
    flight.join()

    assert_healthy(server)
    server.start()
    answered = unanswered_but_saved = 0
    for proposal_id, slug in zip(proposals, slugs, strict=True):
        saved, drafts, _ = stored(server, proposal_id)
        assert saved_value(saved, "people") == expected_value(f"before-{proposal_id}", "people")
        new = expected_value(f"flight-{proposal_id}", slug)
        result = flight.results.get((proposal_id, slug))
        if getattr(result, "status", None) == 302:
            answered += 1
            assert saved_value(saved, slug) == new, (proposal_id, slug)
        else:  # killed before it answered: all of it, or none of it
            assert saved_value(saved, slug) in (None, new), (proposal_id, slug)
            unanswered_but_saved += saved_value(saved, slug) == new
        assert drafts == {}, drafts
    # The requests that weren't answered failed as connections, not as error pages.
    for result in flight.results.values():
        assert isinstance(result, Exception) or result.status == 302, (
            result.status,
            result.text[:500],
            server.log_tail(),
        )
    assert answered < len(slugs), "every save was answered before the kill: nothing tested"
    assert client.get("/").status == 200
    print(
        f"kill after {kill_after}: {answered} of {len(slugs)} saves answered before it, "
        f"{unanswered_but_saved} more committed but not answered"
    )


def settled(members, quiet: float = 1.5, timeout: float = 60) -> set[int]:
    """The set `members()` returns once it has not changed for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    last, since = members(), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.1)
        now = members()
        if now != last:
            last, since = now, time.monotonic()
    return last


def _complete(client: Client, marker: str) -> int:
    proposal_id = client.new_proposal()
    doc = document(marker)
    for slug in ("people", "heard"):
        assert client.save_step(proposal_id, slug, STEP_FORMS[slug](doc)).status == 302
    choose = {"mode": "library", "sample_id": doc["sample"]["id"]}
    assert client.save_step(proposal_id, "sample", choose, action="choose").status == 302
    response = client.save_step(proposal_id, "sample", sample_form(doc), action="work")
    assert response.status == 302, response.text[:1000]
    for slug in ("help", "offer", "next"):
        assert client.save_step(proposal_id, slug, STEP_FORMS[slug](doc)).status == 302
    return proposal_id


def _versions(server: Server, proposal_id: int) -> list[tuple]:
    return query(
        server.database,
        "SELECT number, size, sha256, pdf FROM pdf_version WHERE proposal_id = ? ORDER BY number",
        proposal_id,
    )


def _assert_complete(version: tuple) -> None:
    number, size, sha256, pdf = version
    assert pdf is not None and size == len(pdf), (number, size, pdf and len(pdf))
    assert hashlib.sha256(pdf).hexdigest() == sha256
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 5


def test_a_kill_during_rendering_leaves_no_version_or_a_complete_one(live):
    server, client = live
    server.ensure_running()
    proposal_id = _complete(client, "render")
    before, _, status = stored(server, proposal_id)
    assert status == "draft"  # and this server process has made no PDF yet, so this first
    # one also loads the fonts and layout code: the kill below lands well inside it

    results: dict = {}

    def generate():
        try:
            results["response"] = client.post(f"/proposals/{proposal_id}/generate", timeout=60)
        except Exception as exc:
            results["response"] = exc

    # The server's first request started its warm-up (proposals/wizard/review.py): its
    # sample workers are there already. It starts its render workers for its first PDF:
    # once they appear in its process group, this request is rendering, and they still
    # have to load WeasyPrint.
    warm = settled(server.group)
    thread = threading.Thread(target=generate, daemon=True)
    thread.start()
    rendering = wait_until(lambda: server.group() - warm, timeout=RENDER_START_TIMEOUT)
    mid_render = thread.is_alive()
    server.kill()
    thread.join(timeout=25)
    assert rendering, f"no render worker within {RENDER_START_TIMEOUT} s\n{server.log_tail()}"
    assert mid_render, "the PDF was ready when its workers appeared: the kill came too late"

    assert_healthy(server)
    for cached in (server.instance / "pdf-cache").glob("*.pdf"):  # renamed in whole, or absent
        assert PdfReader(io.BytesIO(cached.read_bytes())).pages, cached
    server.start()
    versions = _versions(server, proposal_id)
    after, drafts, status = stored(server, proposal_id)
    assert after == before and drafts == {}
    assert len(versions) <= 1
    if versions:
        _assert_complete(versions[0])
        assert status == "ready"
    else:
        assert status == "draft"  # not stuck in a "generating" state

    # The app carries on: the next PDF is made, and kept even if the server dies at once.
    response = client.post(f"/proposals/{proposal_id}/generate", timeout=120)
    assert response.status == 302, response.text[:1000]
    download = client.get(f"/proposals/{proposal_id}/pdf/latest")
    server.kill()
    assert_healthy(server)
    versions = _versions(server, proposal_id)
    assert versions and len(versions) <= 2
    for version in versions:
        _assert_complete(version)
    assert download.status == 200 and download.body == versions[-1][3]
