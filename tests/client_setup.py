"""Shared setup for the client page's tests: a proposal, its sent version and a live link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from proposals import db, render_jobs
from proposals.document import validate_document
from proposals.models import JobStatus, Proposal, User
from proposals.operations import import_document
from proposals.sending import records
from tests.conftest import DANA


@dataclass
class Sent:
    proposal_id: int
    version_id: int
    link_id: int
    token: str

    @property
    def url(self) -> str:
        return f"/p/{self.token}"


def send_with_link(app, document: dict, expires_on: date | None = None) -> Sent:
    """Import `document` as Dana's, generate its PDF, send it and make a client link."""
    with app.app_context():
        session = db.session()
        dana = session.query(User).filter_by(email=DANA).one()
        proposal = import_document(session, validate_document(document), owner_id=dana.id)
        job = render_jobs.submit(session, proposal)
        assert job.status == JobStatus.DONE, job.error
        version = job.version
        sending = records.record_sending(session, proposal, version, "link", sent_by=dana)
        link, token = records.create_link(
            session, sending, expires_on or date.today() + timedelta(days=14)
        )
        session.commit()
        return Sent(proposal.id, version.id, link.id, token)


def proposal_status(app, proposal_id: int) -> str:
    with app.app_context():
        return db.session().get(Proposal, proposal_id).status
