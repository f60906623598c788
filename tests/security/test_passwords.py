"""Guessable passwords are refused everywhere one is chosen, with the reason next to the field."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner

from proposals import create_app
from proposals.cli import main
from tests import databases
from tests.conftest import PASSWORD, SAM, sign_in
from tests.security.accounts import reset_link

COMMON = "1234567890"  # accepted before: ten characters was the only rule


@pytest.fixture
def fresh(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    app.extensions["db_engine"].dispose()


def error_text(response) -> str:
    page = html.unescape(response.get_data(as_text=True))
    start = page.index('class="error"')
    return page[start : page.index("</p>", start)]


def test_setup_refuses_a_common_password_and_says_why(fresh):
    response = fresh.test_client().post(
        "/setup", data={"name": "Dana", "email": "dana@firm.example", "password": COMMON}
    )
    assert response.status_code == 422
    message = error_text(response)
    assert 'id="password-error"' in message
    assert "too easy to guess" in message and "common password" in message


def test_a_password_made_of_the_persons_name_is_refused(client):
    response = client.post(
        "/users",
        data={
            "name": "Lee Marchetti",
            "email": "lee@whitfield.example",
            "password": "leemarchetti",
        },
    )
    assert response.status_code == 422
    assert "too easy to guess" in error_text(response)


def test_the_minimum_length_still_comes_first(fresh):
    response = fresh.test_client().post(
        "/setup", data={"name": "Dana", "email": "dana@firm.example", "password": "Zq8#"}
    )
    assert "at least 10 characters" in error_text(response)


def test_the_suites_password_is_a_good_one(fresh):
    response = fresh.test_client().post(
        "/setup", data={"name": "Dana", "email": "dana@firm.example", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_changed_password_follows_the_same_rules(client):
    response = client.post("/account/password", data={"current": PASSWORD, "password": COMMON})
    assert response.status_code == 422
    assert "too easy to guess" in error_text(response)
    sign_in(client.application.test_client())  # the old password still works


def test_a_reset_link_refuses_a_common_password_and_stays_usable(app, client, session):
    link = reset_link(client, session, SAM)
    browser = app.test_client()
    response = browser.post(link, data={"password": COMMON})
    assert response.status_code == 422 and "too easy to guess" in error_text(response)
    assert browser.get(link).status_code == 200


def test_users_create_refuses_a_common_password(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path))
    result = CliRunner().invoke(
        main,
        ["users", "create", "--email", "ops@firm.example", "--name", "Ops"],
        input=f"{COMMON}\n{COMMON}\n",
    )
    assert result.exit_code == 2
    assert "password: too easy to guess" in result.output
    assert "Traceback" not in result.output
