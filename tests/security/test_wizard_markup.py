"""Hostile text typed into every wizard field: the step pages, the review and the PDF stay
harmless, the renderer reads no file and opens no connection, and the PDF is still made.

Up to twelve payloads of one category make one proposal (see hostile_document: each sits
alone in list entries and in one block field), so one PDF serves twelve payloads."""

from __future__ import annotations

import pytest

from proposals.render.shared_pool import get_pool, shutdown_pool
from tests.security.checks import assert_page_harmless, assert_pdf_harmless
from tests.security.conftest import NOTES_MARKER, STEP_SLUGS, latest_pdf, write_proposal
from tests.security.payloads import CATEGORIES

CHUNK = 12  # a list field holds at most 12 entries


@pytest.fixture(scope="module")
def app(module_app):
    """Each test writes its own proposal, so one app (and database) serves the module."""
    return module_app


def _chunks():
    for name, payloads in CATEGORIES.items():
        for start in range(0, len(payloads), CHUNK):
            part = payloads[start : start + CHUNK]
            yield pytest.param(part, id=f"{name}-{start // CHUNK + 1}")


def _check_pages(client, leaks, urls):
    for url in urls:
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, (url, response.status_code)
        assert_page_harmless(html, url)
        for leak in leaks:
            assert leak not in html, f"{leak!r} leaked into {url}"


@pytest.mark.parametrize("payloads", list(_chunks()))
def test_the_pdf_of_a_hostile_proposal_is_harmless(client, session, spy, fill, leaks, payloads):
    """Every step page, the review, the dashboard and the proposal's page keep the payloads
    inert; the PDF has no links but http/https/mailto, no script or launch actions, no
    images, no file bytes (nor the private notes), and no connection was attempted."""
    wizard = write_proposal(client, [fill(payload) for payload in payloads])
    review = client.get(wizard.url("review")).get_data(as_text=True)
    assert "Generate PDF" in review, review[:2000]
    steps = [wizard.url(slug) for slug in STEP_SLUGS]
    _check_pages(client, leaks, [*steps, "/", f"/proposals/{wizard.id}"])

    response = client.post(f"/proposals/{wizard.id}/generate")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    version = latest_pdf(session, wizard.id)
    assert version is not None and version.size == len(version.pdf) > 1000
    assert_pdf_harmless(version.pdf, [*leaks, NOTES_MARKER])
    spy.assert_quiet()

    download = client.get(f"/proposals/{wizard.id}/pdf/{version.number}")
    assert download.data == version.pdf
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_a_hostile_pdf_laid_out_in_a_worker_process_is_harmless(
    app, client, session, spy, fill, leaks, monkeypatch
):
    """Production lays PDFs out in worker processes, out of the socket spy's sight: the
    local listener (which counts connections from any process) and the canary files
    still must see nothing."""
    payloads = [p for p in CATEGORIES["fetch"] + CATEGORIES["base"] if "@" in p.text]
    monkeypatch.setitem(app.config, "RENDER_WORKERS", 1)
    monkeypatch.setitem(app.config, "RENDER_TIME_LIMIT", 120)
    shutdown_pool()
    try:
        wizard = write_proposal(client, [fill(payload) for payload in payloads[:12]])
        response = client.post(f"/proposals/{wizard.id}/generate")
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert get_pool().stats()[0]["jobs"] >= 1  # it was made in a worker
    finally:
        shutdown_pool()
    version = latest_pdf(session, wizard.id)
    assert_pdf_harmless(version.pdf, [*leaks, NOTES_MARKER])
    spy.assert_quiet()
