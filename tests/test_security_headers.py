"""Headers on every response, the health check, and oversized requests."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/", "/library/", "/healthz", "/nowhere", "/static/web/app.css"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    headers = response.headers
    response.close()  # static files are streamed from an open file
    policy = headers["Content-Security-Policy"]
    script_src = policy.split("script-src")[1].split(";")[0]
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_are_not_cached(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_healthz_answers_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(app, client, monkeypatch):
    from proposals import db

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(db, "session", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_an_oversized_form_gets_a_friendly_413(client):
    response = client.post("/proposals/new", data={"x": "a" * (5 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than the app accepts" in response.get_data(as_text=True)
