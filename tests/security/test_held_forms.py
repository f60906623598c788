"""Forms held over a sign-in (wizard/held.py): a step sent after the session expired is
kept on the server and restored after signing in. Nobody else may use that to put words
into a consultant's step, and anonymous requests may not fill the server's disk with it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.security.conftest import make_app, post_multipart
from tests.security.test_csrf import form_sign_in
from tests.wizard_driver import PROSPECT


@pytest.fixture(scope="module")
def csrf_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("held"), WTF_CSRF_ENABLED=True)
    yield app
    app.extensions["db_engine"].dispose()


def _held_bytes(app) -> int:
    folder = Path(app.instance_path) / "held-forms"
    return sum(path.stat().st_size for path in folder.glob("*")) if folder.exists() else 0


def test_the_consultant_gets_back_what_they_typed_after_signing_in_again(csrf_app, time_machine):
    """The feature itself, in one browser: this must keep working."""
    dana = csrf_app.test_client()
    token = form_sign_in(dana)
    proposal = int(
        dana.post("/proposals/new", data={**PROSPECT, "csrf_token": token}).location.split("/")[2]
    )
    # The session runs out: its cookie is still sent, signed, but too old to open.
    time_machine.move_to(datetime.now() + csrf_app.permanent_session_lifetime + timedelta(days=1))
    response = dana.post(
        f"/proposals/{proposal}/step/heard",
        data={"listening-situation": "Typed before the session ran out", "action": "next"},
    )
    assert response.status_code == 302
    target = parse_qs(urlsplit(response.location).query)["next"][0]
    form_sign_in(dana)
    page = dana.get(target)
    assert page.status_code == 200
    assert "Typed before the session ran out" in page.get_data(as_text=True)


def test_a_held_form_comes_back_only_to_the_browser_that_sent_it(csrf_app):
    dana = csrf_app.test_client()
    token = form_sign_in(dana)
    proposal = int(
        dana.post("/proposals/new", data={**PROSPECT, "csrf_token": token}).location.split("/")[2]
    )

    mallory = csrf_app.test_client()  # no session, no token
    response = mallory.post(
        f"/proposals/{proposal}/step/heard",
        data={"listening-situation": "Planted by Mallory", "action": "next"},
    )
    link = parse_qs(urlsplit(response.location).query).get("next", [""])[0]
    page = dana.get(link or f"/proposals/{proposal}/step/heard")
    assert page.status_code in (200, 404)
    assert "Planted by Mallory" not in page.get_data(as_text=True)


def test_anonymous_posts_cannot_fill_the_disk(csrf_app):
    before = _held_bytes(csrf_app)
    fields = {f"listening-field{index}": "x" * 380_000 for index in range(4)}
    for proposal in range(1, 21):  # 20 requests of ~1.5 MB, most to proposals that don't exist
        client = csrf_app.test_client()
        response = post_multipart(client, f"/proposals/{proposal}/step/heard", fields, {})
        assert response.status_code in (302, 400, 401, 404, 413)
    assert _held_bytes(csrf_app) - before <= 10 * 1024 * 1024
