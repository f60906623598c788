"""Security headers on the responses tests/test_security_headers.py doesn't reach: error
pages (400, 403, 404, 413, 500), redirects, and downloads."""

from __future__ import annotations

import pytest

from proposals import operations
from proposals.document import validate_document
from tests.conftest import NORTHWIND, load_example
from tests.security.conftest import make_app


@pytest.fixture(scope="module")
def app(module_app):
    return module_app


def assert_headers(response) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives.get("script-src") == "'self'", policy
    assert "'unsafe-inline'" not in directives.get("script-src", "")
    assert directives.get("object-src") == "'none'"
    assert directives.get("base-uri") in ("'none'", "'self'")
    assert directives.get("frame-ancestors") == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")


def test_error_pages_carry_the_headers(client, other_client):
    assert_headers(client.get("/nowhere"))  # 404
    assert_headers(other_client.get("/users"))  # 403
    assert_headers(client.post("/proposals/new", data={"x": "a" * (5 * 1024 * 1024)}))  # 413
    assert_headers(client.get("/login"))


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
    assert_headers(client.post("/proposals/new"))  # 302
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


@pytest.mark.parametrize("url", ["/login", "/", "/library/", "/healthz"])
def test_no_page_allows_inline_scripts(client, url):
    assert_headers(client.get(url))
