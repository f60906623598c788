"""Security headers on every kind of response (pages, static files, the health check, error
pages, redirects, downloads), pages never cached, the health check, and oversized requests."""

from __future__ import annotations

import pytest

from proposals import operations
from proposals.document import validate_document
from tests.conftest import NORTHWIND, load_example
from tests.security.conftest import make_app
from tests.wizard_driver import PROSPECT

TOO_LARGE = {"x": "a" * (5 * 1024 * 1024)}  # over MAX_CONTENT_LENGTH (4 MB)


@pytest.fixture(scope="module")
def app(module_app):
    return module_app


def assert_headers(response) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives.get("script-src") == "'self'", policy  # so no inline scripts
    assert directives.get("object-src") == "'none'"
    assert directives.get("base-uri") in ("'none'", "'self'")
    assert directives.get("frame-ancestors") == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "url", ["/login", "/", "/library/", "/healthz", "/nowhere", "/static/web/app.css"]
)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    response.close()  # static files are streamed from an open file
    assert_headers(response)


def test_error_pages_carry_the_headers(client, other_client):
    assert_headers(client.get("/nowhere"))  # 404
    forbidden = other_client.get("/users")
    assert forbidden.status_code == 403
    assert_headers(forbidden)


def test_an_oversized_form_gets_a_friendly_413_with_the_headers(client):
    response = client.post("/proposals/new", data=TOO_LARGE)
    assert response.status_code == 413
    assert "larger than the app accepts" in response.get_data(as_text=True)
    assert_headers(response)


def test_a_500_page_carries_the_headers_and_no_traceback(app, client, monkeypatch):
    from proposals.dashboard import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "render_template", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert_headers(response)


def test_a_csrf_400_carries_the_headers(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    try:
        response = app.test_client().post("/login", data={"email": "x", "password": "y"})
        assert response.status_code == 400
        assert_headers(response)
    finally:
        app.extensions["db_engine"].dispose()


def test_redirects_and_downloads_carry_the_headers(client, session, northwind):
    assert_headers(client.post("/proposals/new", data=PROSPECT))  # 302
    proposal = operations.import_document(session, validate_document(load_example(NORTHWIND)))
    proposal.owner_id = 1
    session.commit()
    operations.generate_pdf(session, proposal)
    pdf = client.get(f"/proposals/{proposal.id}/pdf/1")
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    assert_headers(pdf)
    sample = client.get("/library/cash-runway/download")
    assert sample.headers["Content-Disposition"].startswith("attachment;")
    assert_headers(sample)


def test_pages_are_not_cached(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_healthz_answers_without_signing_in(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from proposals import db

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(db, "session", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
