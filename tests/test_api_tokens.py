"""Personal API tokens: made on the profile page or by `proposals tokens create`, shown once,
kept as a hash, listed with their last use, revoked; a token acts as its user, and a
browser's cookie never opens the API."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from proposals import create_app, db
from proposals.auth.users import create_user, find_by_email, set_active
from proposals.cli import main
from proposals.models import ApiToken, Proposal
from tests.conftest import DANA, SAM, api_client, sign_in
from tests.databases import url_for


def test_a_token_made_on_the_profile_page_is_shown_once_and_works(app, client, anonymous):
    page = client.post("/account/tokens", data={"name": "CRM export"}).get_data(as_text=True)
    secret = page.split('aria-label="Your new API token" size="60"')[0].rsplit('value="', 1)[1]
    secret = secret.split('"')[0]
    assert secret.startswith("prop_")
    again = client.get("/account").get_data(as_text=True)
    assert "CRM export" in again and "never used" in again
    assert secret not in again

    headers = {"Authorization": f"Bearer {secret}"}
    assert anonymous.get("/api/v1/proposals", headers=headers).status_code == 200
    assert "last used" in client.get("/account").get_data(as_text=True)


def test_only_the_hash_of_a_token_is_kept(api, session):
    stored = session.scalar(select(ApiToken))
    assert stored.token_hash == hashlib.sha256(api.token.encode()).hexdigest()
    assert api.token not in repr([getattr(stored, c.key) for c in ApiToken.__table__.columns])


def test_a_revoked_token_stops_working(api, client, session):
    token = session.scalar(select(ApiToken))
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    refused = api.get("/api/v1/proposals")
    assert refused.status_code == 401
    assert "revoked" in refused.json["detail"]


def test_nobody_revokes_someone_else_s_token(api, other_client, session):
    token = session.scalar(select(ApiToken))
    assert other_client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert api.get("/api/v1/proposals").status_code == 200


def test_a_token_name_too_long_is_refused_next_to_the_field(client, session):
    response = client.post("/account/tokens", data={"name": "x" * 101})
    assert response.status_code == 422
    assert "at most 100 characters" in response.get_data(as_text=True)
    assert session.scalar(select(ApiToken)) is None


@pytest.fixture
def cli(app, monkeypatch):
    """`proposals ...` on the test app's own database."""
    monkeypatch.setenv("PROPOSALS_DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(app.instance_path))
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_the_cli_prints_a_token_alone_on_standard_output(cli, anonymous):
    result = cli("tokens", "create", "--email", SAM, "--name", "Nightly report")
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("prop_") and "\n" not in secret
    assert "shown only now" in result.stderr
    response = anonymous.get("/api/v1/proposals", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    listed = cli("tokens", "list", "--email", SAM)
    assert "Nightly report" in listed.stdout and "used 20" in listed.stdout


def test_the_cli_revokes_and_refuses_unknown_people(cli, api, session):
    token = session.scalar(select(ApiToken))
    assert cli("tokens", "create", "--email", "nobody@example.com").exit_code == 2
    assert cli("tokens", "revoke", "--email", SAM, str(token.id)).exit_code == 2  # not Sam's
    assert cli("tokens", "revoke", "--email", DANA, str(token.id)).exit_code == 0
    assert api.get("/api/v1/proposals").status_code == 401


def test_a_signed_in_browser_is_refused_with_a_reason(client, session, northwind):
    response = client.post("/api/v1/proposals", json=northwind)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert "token" in response.json["detail"] and "browser" in response.json["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert session.scalar(select(Proposal)) is None


def test_the_token_not_the_cookie_says_who_asks(app, northwind):
    """Sam's browser sending Dana's token acts as Dana; the browser stays Sam's."""
    sams_browser = sign_in(app.test_client(), SAM)
    danas = api_client(app)
    headers = {"Authorization": f"Bearer {danas.token}"}
    response = sams_browser.post("/api/v1/proposals", json=northwind, headers=headers)
    assert response.status_code == 201
    with db.standalone_session(app) as session:
        owner = session.get(Proposal, response.json["id"]).owner_id
        assert owner == find_by_email(session, DANA).id
    assert "Sam Okoro" in sams_browser.get("/account").get_data(as_text=True)


def test_token_requests_need_no_csrf_token_where_forms_do(tmp_path, northwind):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "DATABASE_URL": url_for(tmp_path / "csrf.db"),
            "SECRET_KEY": "test",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": True,
            "RENDER_WORKERS": 0,
            "SAMPLE_WORKERS": 0,
        }
    )
    with app.app_context():
        create_user(db.session(), DANA, "Dana Whitfield", "correct horse battery")
    response = api_client(app).post("/api/v1/proposals", json=northwind)
    assert response.status_code == 201
    assert app.test_client().post("/login", data={"email": DANA}).status_code == 400
    app.extensions["db_engine"].dispose()


@pytest.mark.parametrize(
    "authorization",
    ["Bearer prop_not-a-real-one", "Basic ZGFuYTpwYXNzd29yZA==", "Bearer", "prop_bare"],
)
def test_anything_but_a_valid_bearer_token_is_a_401(anonymous, authorization):
    response = anonymous.get("/api/v1/proposals", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_a_deactivated_user_s_token_stops_working(other_api, session):
    assert other_api.get("/api/v1/proposals").status_code == 200
    set_active(session, find_by_email(session, SAM), False, find_by_email(session, DANA))
    assert other_api.get("/api/v1/proposals").status_code == 401
