"""The queue's tasks, run by `proposals worker`: render a job's PDF, pre-render a proposal.

Each task works in the Flask app the worker made before forking its children (so the
database is migrated once and every child shares the settings), with a session of its own.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from flask import Flask

from .. import db, operations, pdfs, render_jobs
from ..document import DocumentError
from ..models import Proposal
from ..render.context import RenderError
from ..render.pdf import run_job

log = logging.getLogger(__name__)
RENDER = "proposals.render"
PRERENDER = "proposals.prerender"
_app: Flask | None = None


def use_app(app: Flask) -> None:
    """The app the tasks run in (set by `proposals worker` before the children start)."""
    global _app
    _app = app


def flask_app() -> Flask:
    global _app
    if _app is None:  # a worker started with `celery -A` rather than `proposals worker`
        from . import worker_app

        _app = worker_app.create()
    return _app


@worker_process_init.connect
def _fresh_connections(**_kwargs) -> None:
    """A forked child must not share its parent's database connections."""
    if _app is not None:
        _app.extensions["db_engine"].dispose(close=False)


@shared_task(name=RENDER)
def render(job_id: int) -> None:
    """Make the job's PDF version, unless a previous attempt already made it."""
    app = flask_app()
    with app.app_context():
        session = db.session()
        try:
            render_jobs.run_queued(session, job_id, _cache(app), run_job)
        except SoftTimeLimitExceeded:
            limit = app.config["RENDER_TIME_LIMIT"]
            render_jobs.fail(session, job_id, f"the PDF took longer than {limit:.0f} s to lay out")
        except Exception as exc:  # a bug must end the job, not leave the page waiting
            log.exception("render job %s failed", job_id)
            render_jobs.fail(session, job_id, f"the PDF could not be made ({exc})")


# Acknowledged on receipt: a pre-render lost with its worker is only a cache left cold.
@shared_task(name=PRERENDER, acks_late=False)
def prerender(proposal_id: int) -> None:
    """Lay the proposal's PDF out into the shared cache, so Generate PDF finds it ready."""
    app = flask_app()
    with app.app_context():
        session = db.session()
        proposal = session.get(Proposal, proposal_id)
        cache = _cache(app)
        if proposal is None or cache is None:
            return
        try:
            document = operations.full_document(proposal)
            prepared = pdfs.prepare(session, proposal, document, run_job)
            if cache.get(prepared.key) is None:
                cache.put(prepared.key, prepared.render())
        except (DocumentError, RenderError, SoftTimeLimitExceeded) as exc:
            log.info("pre-render of proposal %s skipped: %s", proposal_id, exc)


def _cache(app: Flask):
    return pdfs.cache_for(app.instance_path) if app.config["PDF_CACHE"] else None
