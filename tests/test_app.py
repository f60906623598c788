"""The app factory: configuration, a migrated database on first start, seeded content, errors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select

from proposals import create_app, db
from proposals.models import Proposal, Sample
from proposals.paths import PROJECT_ROOT
from tests import databases


def test_first_start_migrates_and_loads_samples_and_demo_proposals(tmp_path):
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db", migrated=False),
            "SECRET_KEY": "x",
        }
    )
    with app.app_context():
        session = db.session()
        tables = set(inspect(session.get_bind()).get_table_names())
        assert {"proposal", "pdf_version", "sample", "sample_revision", "alembic_version"} <= tables
        slugs = set(session.scalars(select(Sample.slug)))
        assert {"cash-runway", "backup-gap"} <= slugs
        proposals = session.scalars(select(Proposal)).all()
        assert {p.prospect for p in proposals} == {"Northwind Bakery Ltd", "Harbor Dental Group"}
        assert all(len(p.versions) == 1 for p in proposals)
    app.extensions["db_engine"].dispose()

    # A second start changes nothing: no duplicate demo proposals or sample revisions.
    again = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
        }
    )
    with again.app_context():
        session = db.session()
        assert len(session.scalars(select(Proposal)).all()) == 2
        assert all(len(s.revisions) == 1 for s in session.scalars(select(Sample)))
    again.extensions["db_engine"].dispose()


@pytest.mark.skipif(databases.ON_POSTGRES, reason="SQLite's own settings")
def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.extensions["db_engine"].connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_configuration_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("PROPOSALS_DATABASE_URL", databases.url_for(tmp_path / "env.db"))
    monkeypatch.setenv("PROPOSALS_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PROPOSALS_SEED_DEMO", "0")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.instance_path == str(tmp_path / "inst")
    assert databases.ON_POSTGRES or (tmp_path / "env.db").exists()
    assert app.config["DATABASE_URL"] == databases.url_for(tmp_path / "env.db")
    app.extensions["db_engine"].dispose()


def test_without_a_configured_secret_a_random_one_is_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("PROPOSALS_SECRET_KEY", raising=False)
    monkeypatch.setenv("PROPOSALS_SEED_DEMO", "0")
    config = {"INSTANCE_PATH": tmp_path, "DATABASE_URL": databases.url_for(tmp_path / "p.db")}
    first, second = create_app(config), create_app(config)
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    for app in (first, second):
        app.extensions["db_engine"].dispose()


@pytest.fixture
def csrf_client(tmp_path):
    app = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "p.db"),
            "SECRET_KEY": "x",
            "SEED_DEMO": False,
        }
    )
    yield app.test_client()
    app.extensions["db_engine"].dispose()


def test_posts_without_a_csrf_token_are_refused_with_a_page(csrf_client):
    response = csrf_client.post("/proposals/new")
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_unexpected_errors_show_a_friendly_500(app, client, monkeypatch):
    from proposals.dashboard import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render_template", explode)
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html and "boom" not in html and "Traceback" not in html


def test_the_readme_lists_every_setting_the_app_reads():
    config = (PROJECT_ROOT / "proposals" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'_(?:env|flag)\("([A-Z_]+)"', config))
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `PROPOSALS_([A-Z_]+)` \|", readme, re.MULTILINE))
    assert read and read <= listed, sorted(read - listed)
