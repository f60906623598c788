"""The records a sending leaves: frozen versions, private links by hash, render jobs."""

from datetime import date, timedelta

from proposals import db, render_jobs
from proposals.document import validate_document
from proposals.models import ClientLink, JobStatus, PdfVersion, Proposal, Status
from proposals.operations import import_document
from proposals.sending import records


def _proposal_with_version(app, northwind) -> tuple[int, int]:
    with app.app_context():
        session = db.session()
        proposal = import_document(session, validate_document(northwind))
        job = render_jobs.submit(session, proposal)
        assert job.status == JobStatus.DONE, job.error
        return proposal.id, job.version_id


def test_a_render_job_ends_done_with_its_version(app, northwind):
    proposal_id, version_id = _proposal_with_version(app, northwind)
    with app.app_context():
        version = db.session().get(PdfVersion, version_id)
        assert version.proposal_id == proposal_id and version.pdf.startswith(b"%PDF")


def test_an_incomplete_proposal_fails_its_job_with_reasons(app, northwind):
    with app.app_context():
        session = db.session()
        proposal = import_document(session, validate_document(northwind))
        proposal.document = {**proposal.document, "offer": None}
        session.commit()
        job = render_jobs.submit(session, proposal)
        assert job.status == JobStatus.FAILED and "not complete" in job.error
        assert any(error["path"].startswith("offer") for error in job.errors)


def test_sending_freezes_the_version_and_a_link_opens_by_its_token_only(app, northwind):
    proposal_id, version_id = _proposal_with_version(app, northwind)
    with app.app_context():
        session = db.session()
        proposal = session.get(Proposal, proposal_id)
        version = session.get(PdfVersion, version_id)
        sending = records.record_sending(session, proposal, version, "email", to_address="a@b.se")
        link, token = records.create_link(session, sending, date.today() + timedelta(days=3))
        session.commit()
        assert version.frozen_at is not None and sending.sha256 == version.sha256
        assert proposal.status == Status.SENT
        assert len(token) >= 32 and token not in link.token_hash
        assert session.query(ClientLink).filter_by(token_hash=token).count() == 0
        assert records.live_link(session, token).id == link.id
        assert records.live_link(session, token + "x") is None
        assert records.live_link(session, token, today=date.today() + timedelta(days=4)) is None
        assert records.revoke_links(session, proposal) == 1
        session.commit()
        assert records.live_link(session, token) is None
        assert records.known_link(session, token).id == link.id


def test_a_link_lasts_until_the_offers_valid_until_date(app, northwind):
    proposal_id, version_id = _proposal_with_version(app, northwind)
    with app.app_context():
        version = db.session().get(PdfVersion, version_id)
        today = date.today()
        version.document = {**version.document, "offer": {"valid_until": str(today + timedelta(9))}}
        assert records.default_expiry(version, today) == today + timedelta(days=9)
        version.document = {**version.document, "offer": {"valid_until": "2001-01-01"}}
        assert records.default_expiry(version, today) == today + timedelta(days=30)


def test_a_job_left_running_past_the_hard_time_limit_ends_failed(app, northwind):
    with app.app_context():
        session = db.session()
        proposal = import_document(session, validate_document(northwind))
        job = render_jobs.submit(session, proposal)
        long_ago = job.finished_at - timedelta(minutes=10)
        job.status, job.version_id, job.started_at = JobStatus.RUNNING, None, long_ago
        session.commit()
        assert render_jobs.abandoned(job, 60.0) and not render_jobs.abandoned(job, 600.0)
        found = render_jobs.find(session, job.id)
        assert found.status == JobStatus.FAILED and "took too long" in found.error
        fresh = render_jobs.submit(session, proposal)
        assert render_jobs.find(session, fresh.id).status == JobStatus.DONE
