"""Accounts: first-run setup, signing in, safe redirects, roles, and private proposals."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from proposals import create_app, db, operations
from proposals.auth.users import safe_next
from proposals.cli import main
from proposals.document import validate_document
from proposals.models import Proposal, User
from tests import databases
from tests.conftest import DANA, PASSWORD, SAM, sign_in
from tests.wizard_driver import Wizard


@pytest.fixture
def fresh_app(tmp_path):
    """A first start: demo proposals loaded, nobody can sign in yet."""
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    app.extensions["db_engine"].dispose()


def test_first_run_leads_to_setup_and_the_first_user_is_an_admin_owning_the_demos(
    fresh_app, monkeypatch
):
    from werkzeug.security import generate_password_hash

    from proposals.auth import users

    monkeypatch.setattr(users, "generate_password_hash", generate_password_hash)  # the real one
    client = fresh_app.test_client()
    response = client.get("/")
    assert response.status_code == 302 and response.location == "/setup"
    response = client.post(
        "/setup", data={"name": "Dana", "email": "Dana@Firm.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "Northwind Bakery Ltd" in client.get("/").get_data(as_text=True)
    with fresh_app.app_context():
        user = db.session().query(User).one()
        assert (user.email, user.role) == ("dana@firm.example", "admin")
        assert user.password_hash.startswith("scrypt:")  # Werkzeug's default, not the test one
        owners = {p.owner_id for p in db.session().query(Proposal)}
        assert owners == {user.id}
    # Once someone exists, the setup page is gone for good.
    assert fresh_app.test_client().get("/setup").status_code == 404


def test_setup_refuses_a_short_password_and_keeps_the_rest(fresh_app):
    response = fresh_app.test_client().post(
        "/setup", data={"name": "Dana", "email": "dana@firm.example", "password": "short"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "at least 10 characters" in html
    assert 'value="dana@firm.example"' in html


def test_pages_need_sign_in_but_healthz_does_not(anonymous):
    response = anonymous.get("/library/")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    assert anonymous.get("/healthz").status_code == 200


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(anonymous):
    for email, password in ((DANA, "wrong password!"), ("nobody@x.example", PASSWORD)):
        response = anonymous.post("/login", data={"email": email, "password": password})
        assert response.status_code == 401
        assert "don&#39;t match an active account" in response.get_data(as_text=True)


def test_sign_in_goes_back_where_you_were_and_sign_out_ends_it(anonymous):
    response = anonymous.post(
        "/login?next=/library/cash-runway", data={"email": DANA, "password": PASSWORD}
    )
    assert response.location == "/library/cash-runway"
    assert anonymous.post("/logout").status_code == 302
    assert anonymous.get("/").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/\r\nLocation: http://evil",
        "",
        "ftp://evil.example",
        " /x",
    ],
)
def test_next_never_leaves_the_site(anonymous, target):
    response = anonymous.post(
        "/login", query_string={"next": target}, data={"email": DANA, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.location == "/"


def test_safe_next_keeps_local_paths():
    assert safe_next("/proposals/3/step/heard?x=1") == "/proposals/3/step/heard?x=1"


def test_session_cookie_is_httponly_and_samesite_lax(anonymous):
    response = anonymous.post("/login", data={"email": DANA, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_over_https(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_HTTPS", "1")
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["db_engine"].dispose()


def test_someone_elses_proposal_is_not_found(client, other_client, session, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    client.post(f"/proposals/{wizard.id}/generate")
    for url in (
        f"/proposals/{wizard.id}",
        f"/proposals/{wizard.id}/step/heard",
        f"/proposals/{wizard.id}/pdf/1",
        f"/proposals/{wizard.id}/pdf/latest",
        f"/proposals/{wizard.id}/delete",
    ):
        assert other_client.get(url).status_code == 404, url
    for url in (
        f"/proposals/{wizard.id}/step/heard",
        f"/proposals/{wizard.id}/generate",
        f"/proposals/{wizard.id}/duplicate",
        f"/proposals/{wizard.id}/delete",
        f"/proposals/{wizard.id}/status",
    ):
        assert other_client.post(url, data={"status": "sent"}).status_code == 404, url
    assert "Northwind" not in other_client.get("/").get_data(as_text=True)
    assert wizard.proposal(session).status == "ready"  # nothing Sam sent changed it


def test_the_library_is_shared_by_the_firm(client, other_client):
    assert other_client.get("/library/cash-runway").status_code == 200


def test_only_admins_manage_users(client, other_client, session):
    assert other_client.get("/users").status_code == 403
    response = client.post(
        "/users", data={"name": "Lee", "email": "lee@whitfield.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert session.query(User).filter_by(email="lee@whitfield.example").one().role == "consultant"
    sign_in(client.application.test_client(), "lee@whitfield.example")


def test_a_switched_off_account_cannot_sign_in(client, anonymous, session):
    sam = session.query(User).filter_by(email=SAM).one()
    assert client.post(f"/users/{sam.id}/active", data={"active": "0"}).status_code == 302
    response = anonymous.post("/login", data={"email": SAM, "password": PASSWORD})
    assert response.status_code == 401


def test_an_admin_cannot_switch_themselves_off(client, session):
    dana = session.query(User).filter_by(email=DANA).one()
    client.post(f"/users/{dana.id}/active", data={"active": "0"})
    session.expire_all()
    assert session.get(User, dana.id).active


def test_users_create_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path))
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["users", "create", "--email", "ops@firm.example", "--name", "Ops", "--admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Ops <ops@firm.example> can sign in (admin)" in result.output
    result = runner.invoke(
        main,
        ["users", "create", "--email", "ops@firm.example", "--name", "Ops"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 2
    assert "email: someone already signs in with this address" in result.output


def test_duplicated_proposals_stay_with_their_author(client, other_client, session, northwind):
    proposal = operations.import_document(session, validate_document(northwind), owner_id=1)
    response = client.post(
        f"/proposals/{proposal.id}/duplicate",
        data={"organisation": "Southwind", "contact_name": "Jo", "carry": ["offer"]},
    )
    assert response.status_code == 302
    assert [p.owner_id for p in session.query(Proposal)] == [1, 1]


def _serve_once() -> None:
    """What the first `proposals serve` does to the database: migrate, seed, demos."""
    app = create_app({"RENDER_WORKERS": 0, "SAMPLE_WORKERS": 0, "SEED_DEMO": True})
    app.extensions["db_engine"].dispose()


def _demo_owners() -> set[str | None]:
    app = create_app({"SEED_DEMO": False})
    with db.standalone_session(app) as session:
        owners = {
            proposal.owner_id and session.get(User, proposal.owner_id).email
            for proposal in session.query(Proposal)
        }
    app.extensions["db_engine"].dispose()
    return owners


@pytest.mark.parametrize("order", ["users create, then serve", "serve, then users create"])
def test_the_demos_belong_to_the_first_administrator_whichever_comes_first(
    tmp_path, monkeypatch, order
):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path))
    create = ["users", "create", "--email", "ops@firm.example", "--name", "Ops"]
    if order.startswith("serve"):
        _serve_once()
    result = CliRunner().invoke(main, create, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    if order.startswith("users"):
        _serve_once()
    assert _demo_owners() == {"ops@firm.example"}
