"""Held forms (wizard/held.py) only for someone who was signed in: a session cookie this app
signed for a user, a proposal of that user, a few forms per user and a cap in all, a day
at most. Finding 5 of issue 12: 205 posts with a garbage cookie wrote 200 files."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from proposals.wizard import held
from tests.conftest import SAM
from tests.security.conftest import make_app
from tests.security.test_csrf import form_sign_in
from tests.wizard_driver import PROSPECT


@pytest.fixture
def csrf_app(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    yield app
    app.extensions["db_engine"].dispose()


def held_files(app) -> list[Path]:
    folder = Path(app.instance_path) / "held-forms"
    return sorted(folder.glob("*")) if folder.exists() else []


def new_proposal(client, email=None) -> int:
    token = form_sign_in(client, email) if email else form_sign_in(client)
    return int(
        client.post("/proposals/new", data={**PROSPECT, "csrf_token": token}).location.split("/")[2]
    )


def expire_sessions(app, time_machine, days: int = 1) -> None:
    """Move the clock past the session lifetime: cookies are still sent, but too old."""
    later = datetime.now() + app.permanent_session_lifetime + timedelta(days=days)
    time_machine.move_to(later)


def post_step(client, proposal: int, text: str):
    return client.post(
        f"/proposals/{proposal}/step/heard",
        data={"listening-situation": text, "action": "next"},
    )


def restore_link(response) -> str | None:
    """The step to come back to after signing in, if a held form goes with it."""
    target = parse_qs(urlsplit(response.location).query).get("next", [""])[0]
    return target if "restore=" in target else None


def test_posts_with_a_garbage_session_cookie_hold_nothing(csrf_app):
    client = csrf_app.test_client()
    client.set_cookie("session", "garbage")
    for proposal in range(1, 206):
        response = client.post(
            f"/proposals/{proposal}/step/heard", data={"title": "x" * 250_000, "action": "next"}
        )
        assert response.status_code == 302
        assert response.location.startswith("/login")
        assert restore_link(response) is None
    assert held_files(csrf_app) == []


def test_an_expired_session_holds_nothing_for_a_proposal_that_is_not_its_users(
    csrf_app, time_machine
):
    dana = csrf_app.test_client()
    danas = new_proposal(dana)
    sam = csrf_app.test_client()
    new_proposal(sam, SAM)
    expire_sessions(csrf_app, time_machine)
    assert restore_link(post_step(sam, danas, "Planted in Dana's proposal")) is None
    assert restore_link(post_step(sam, 999_999, "For no proposal at all")) is None
    assert restore_link(post_step(sam, 2**64, "For an id past the database's")) is None
    assert held_files(csrf_app) == []


def test_a_user_keeps_only_their_newest_few_held_forms(csrf_app, time_machine):
    dana = csrf_app.test_client()
    proposal = new_proposal(dana)
    expire_sessions(csrf_app, time_machine)
    links = [restore_link(post_step(dana, proposal, f"Attempt {n}")) for n in range(8)]
    assert all(links)
    assert len(held_files(csrf_app)) == held.MAX_PER_USER
    form_sign_in(dana)
    assert "Attempt 7" in dana.get(links[-1]).get_data(as_text=True)
    assert "Attempt 0" not in dana.get(links[0]).get_data(as_text=True)


def test_no_more_forms_are_held_past_the_total_cap(csrf_app, time_machine, monkeypatch):
    monkeypatch.setattr(held, "MAX_HELD_FILES", 2)
    dana, sam = csrf_app.test_client(), csrf_app.test_client()
    danas, sams = new_proposal(dana), new_proposal(sam, SAM)
    expire_sessions(csrf_app, time_machine)
    assert restore_link(post_step(dana, danas, "Dana's first"))
    assert restore_link(post_step(dana, danas, "Dana's second"))
    assert restore_link(post_step(sam, sams, "Sam's, one too many")) is None
    assert len(held_files(csrf_app)) == 2


def test_a_held_form_is_gone_after_a_day(csrf_app, time_machine):
    dana = csrf_app.test_client()
    proposal = new_proposal(dana)
    expire_sessions(csrf_app, time_machine)
    link = restore_link(post_step(dana, proposal, "Typed yesterday"))
    time_machine.move_to(datetime.now() + timedelta(hours=25))
    form_sign_in(dana)
    page = dana.get(link)
    assert page.status_code == 200
    assert "Typed yesterday" not in page.get_data(as_text=True)


def test_a_held_form_comes_back_only_to_its_user(csrf_app, time_machine):
    dana = csrf_app.test_client()
    proposal = new_proposal(dana)
    expire_sessions(csrf_app, time_machine)
    link = restore_link(post_step(dana, proposal, "Only for Dana"))
    token = form_sign_in(dana, SAM)  # a colleague signs in on the same browser
    assert "Only for Dana" not in dana.get(link).get_data(as_text=True)
    dana.post("/logout", data={"csrf_token": token})
    form_sign_in(dana)
    assert "Only for Dana" in dana.get(link).get_data(as_text=True)
