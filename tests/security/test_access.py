"""One consultant can't read or change another's proposal: every page, PDF, step and action
of someone else's proposal is a 404 (as if it didn't exist), and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from proposals import db, operations, render_jobs
from proposals.document import validate_document
from proposals.models import Proposal, User
from proposals.sending import records
from tests.conftest import DANA, NORTHWIND, SAM, load_example


@pytest.fixture(scope="module")
def app(module_app):
    return module_app


@pytest.fixture(scope="module")
def danas(module_app):
    """Dana's complete proposal with one PDF version (and the job that made it); its id."""
    with db.standalone_session(module_app) as session:
        dana = session.scalar(select(User).where(User.email == DANA))
        proposal = operations.import_document(
            session, validate_document(load_example(NORTHWIND)), owner_id=dana.id
        )
        with module_app.app_context():  # its render job too: /render/<job> is a page
            render_jobs.submit(session, proposal)
        # Sent by hand with a private link, so the link's pages (revoke) exist for Dana.
        sending = records.record_sending(
            session, proposal, proposal.latest_version, "manual", to_address="p@example.com"
        )
        records.create_link(session, sending)
        session.commit()
        return proposal.id


def _proposal_urls(app, proposal_id: int, method: str) -> list[str]:
    """Every URL of the app that names a proposal, for this method."""
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in app.url_map.iter_rules():
        if "proposal_id" not in rule.arguments or method not in rule.methods:
            continue
        values = {"proposal_id": proposal_id, "number": 1, "slug": "people"}
        arguments = {name: values.get(name, 1) for name in rule.arguments}
        urls.append(adapter.build(rule.endpoint, arguments))
        if rule.endpoint == "wizard.step":
            for slug in ("heard", "sample", "help", "offer", "next", "review"):
                urls.append(adapter.build(rule.endpoint, {**arguments, "slug": slug}))
    return urls


def _state(session, proposal_id: int) -> tuple:
    session.expire_all()
    proposal = session.get(Proposal, proposal_id)
    session.refresh(proposal)
    count = session.scalar(select(func.count()).select_from(Proposal))
    return (
        count,
        proposal.document,
        proposal.step_drafts,
        proposal.status,
        proposal.edit_version,
        [(v.number, v.sha256) for v in proposal.versions],
        proposal.updated_at,
    )


def test_sam_gets_404_for_every_page_and_pdf_of_danas_proposal(app, client, other_client, danas):
    urls = _proposal_urls(app, danas, "GET")
    assert f"/proposals/{danas}/pdf/1" in urls and f"/proposals/{danas}/pdf/latest" in urls
    assert len(urls) >= 10
    for url in urls:
        assert client.get(url).status_code in (200, 302), url  # Dana can
        response = other_client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert b"%PDF" not in response.data
        assert b"Northwind" not in response.data, url


def test_sams_posts_to_danas_proposal_change_nothing(app, other_client, session, danas):
    before = _state(session, danas)
    forms = {"status": "won", "listening-situation": "Sam was here", "action": "next"}
    for url in _proposal_urls(app, danas, "POST"):
        response = other_client.post(url, data=forms)
        assert response.status_code == 404, (url, response.status_code)
    assert _state(session, danas) == before


def test_sam_cannot_guess_pdf_numbers(other_client, danas):
    for number in (0, 1, 2, 99, -1):
        assert other_client.get(f"/proposals/{danas}/pdf/{number}").status_code == 404


def test_sams_dashboard_does_not_list_danas_proposals(other_client, danas):
    html = other_client.get("/").get_data(as_text=True)
    assert "Northwind" not in html
    assert f"/proposals/{danas}" not in html


def test_a_consultant_cannot_manage_accounts(other_client, session):
    dana = session.scalar(select(User).where(User.email == DANA))
    assert other_client.post(f"/users/{dana.id}/active", data={"active": "0"}).status_code == 403
    data = {"name": "Mallory", "email": "mallory@evil.example", "password": "long enough pw 1"}
    assert other_client.post("/users", data={**data, "admin": "y"}).status_code == 403
    assert other_client.post("/firm", data={"name": "Sam's firm now"}).status_code == 403
    session.expire_all()
    assert session.get(User, dana.id).active
    assert session.scalar(select(User).where(User.email == "mallory@evil.example")) is None
    assert session.scalar(select(User).where(User.email == SAM)).role != "admin"
