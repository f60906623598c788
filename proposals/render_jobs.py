"""Render jobs: one request to turn a proposal into a new PDF version, tracked in the database.

Without a broker the job runs at once, in this process, through the render pool (the
embedded default). With a queue (PROPOSALS_BROKER_URL) the job is handed to a worker and
`submit` returns it queued; either way the result is a PdfVersion the job points at.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import operations, pdfs
from .models import JobStatus, Proposal, RenderJob, utcnow
from .render.cache import PdfCache


def submit(
    session: Session, proposal: Proposal, cache: PdfCache | None = None, renderer=None
) -> RenderJob:
    """Start rendering the proposal's current document; returns the job (committed)."""
    job = RenderJob(
        proposal_id=proposal.id, edit_version=proposal.edit_version, status=JobStatus.QUEUED
    )
    session.add(job)
    session.commit()
    run(session, job, proposal, cache, renderer or pdfs.renderer())
    return job


def run(
    session: Session, job: RenderJob, proposal: Proposal, cache: PdfCache | None, renderer
) -> RenderJob:
    """Render now; the job ends done (with its version) or failed (with the reasons)."""
    job.status, job.attempts = JobStatus.RUNNING, job.attempts + 1
    session.commit()
    try:
        version = operations.generate_pdf(session, proposal, cache, renderer)
    except operations.GenerationError as exc:
        session.rollback()
        job.status, job.error = JobStatus.FAILED, str(exc)
        job.errors = [{"path": _path_of(e), "message": _message_of(e)} for e in exc.errors]
    else:
        job.status, job.version_id = JobStatus.DONE, version.id
    job.finished_at = utcnow()
    session.commit()
    return job


def find(session: Session, job_id: int) -> RenderJob | None:
    return session.get(RenderJob, job_id)


def _path_of(error) -> str:
    return str(getattr(error, "path", "") or "")


def _message_of(error) -> str:
    return str(getattr(error, "message", None) or error)
