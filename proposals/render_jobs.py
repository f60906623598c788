"""Render jobs: one request to turn a proposal into a new PDF version, tracked in the database.

Without a broker the job runs at once, in this process, through the render pool (the
embedded default). With a queue (PROPOSALS_BROKER_URL) the job is handed to a worker and
`submit` returns it queued; either way the result is a PdfVersion the job points at.

The job row is what makes a retried task safe: its version is recorded in the same commit
as the job's pointer to it, so a task that runs again finds the job done and makes nothing;
a task interrupted twice (its worker died under it) fails instead of trying a third time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import update
from sqlalchemy.orm import Session

from . import operations, pdfs, queue
from .models import JobStatus, Proposal, RenderJob, utcnow
from .queue import HARD_LIMIT_GRACE
from .render.cache import PdfCache

MAX_ATTEMPTS = 2  # the first try and one retry after a lost worker
INTERRUPTED = "the render was interrupted twice (its worker stopped); try again"


def submit(
    session: Session, proposal: Proposal, cache: PdfCache | None = None, renderer=None
) -> RenderJob:
    """Start rendering the proposal's current document; returns the job (committed).

    With a queue the job comes back queued, or failed with `queue.UNAVAILABLE` when the
    broker can't be reached (the proposal itself is untouched)."""
    job = RenderJob(
        proposal_id=proposal.id, edit_version=proposal.edit_version, status=JobStatus.QUEUED
    )
    session.add(job)
    session.commit()
    if has_app_context() and queue.enabled(current_app.config):
        return _enqueue(session, job)
    run(session, job, proposal, cache, renderer or pdfs.renderer())
    return job


def _enqueue(session: Session, job: RenderJob) -> RenderJob:
    from .queue.broker import BrokerUnavailable, publish
    from .queue.tasks import RENDER

    try:
        publish(current_app.config, RENDER, job.id)
    except BrokerUnavailable:
        job.status, job.error, job.finished_at = JobStatus.FAILED, queue.UNAVAILABLE, utcnow()
        session.commit()
    return job


def run(
    session: Session, job: RenderJob, proposal: Proposal, cache: PdfCache | None, renderer
) -> RenderJob:
    """Render now; the job ends done (with its version) or failed (with the reasons)."""
    job.status, job.attempts, job.started_at = JobStatus.RUNNING, job.attempts + 1, utcnow()
    session.commit()

    def done(version) -> None:
        job.status, job.version, job.finished_at = JobStatus.DONE, version, utcnow()

    try:
        operations.generate_pdf(session, proposal, cache, renderer, along_with=done)
    except operations.GenerationError as exc:
        session.rollback()
        job.status, job.error = JobStatus.FAILED, str(exc)
        job.errors = [{"path": _path_of(e), "message": _message_of(e)} for e in exc.errors]
        job.finished_at = utcnow()
        session.commit()
    return job


def run_queued(session: Session, job_id: int, cache: PdfCache | None, renderer) -> RenderJob | None:
    """A worker's turn at the job: render it unless it is finished or was tried enough."""
    job = session.get(RenderJob, job_id)
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED) or job.version_id:
        return job  # finished (a redelivered task), or its proposal was deleted
    if job.attempts >= MAX_ATTEMPTS:
        return fail(session, job_id, INTERRUPTED)
    proposal = session.get(Proposal, job.proposal_id)
    return run(session, job, proposal, cache, renderer)


def fail(session: Session, job_id: int, reason: str) -> RenderJob | None:
    """End an unfinished job as failed (after a time limit, or a bug in rendering)."""
    session.rollback()
    session.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.version_id.is_(None))
        .values(status=JobStatus.FAILED, error=reason, finished_at=utcnow())
    )
    session.commit()
    return session.get(RenderJob, job_id)


def find(session: Session, job_id: int) -> RenderJob | None:
    """The job, ended as failed if its worker stopped answering for it (see `abandoned`)."""
    job = session.get(RenderJob, job_id)
    if job is not None and abandoned(job, _time_limit()):
        return fail(session, job.id, ABANDONED)
    return job


# A job still "running" well past the hard time limit lost its process in a way the queue
# could not report (the limit's kill is acknowledged as a failure, not redelivered).
ABANDONED = "the PDF took too long and its worker was stopped; try again"
ABANDONED_MARGIN = timedelta(seconds=60)


def abandoned(job: RenderJob, time_limit: float, now: datetime | None = None) -> bool:
    if job.status != JobStatus.RUNNING or job.started_at is None:
        return False
    hard_limit = timedelta(seconds=time_limit + HARD_LIMIT_GRACE)
    return (now or utcnow()) - job.started_at > hard_limit + ABANDONED_MARGIN


def _time_limit() -> float:
    config = current_app.config if has_app_context() else {}
    return float(config.get("RENDER_TIME_LIMIT") or 60)


def _path_of(error) -> str:
    return str(getattr(error, "path", "") or "")


def _message_of(error) -> str:
    return str(getattr(error, "message", None) or error)
