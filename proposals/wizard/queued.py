"""Generate PDF with a render queue: the job is handed to a worker, and a page waits for it.

The waiting page refreshes itself every second or two (a plain meta refresh, so it works
without JavaScript, with a link to check by hand), then goes to the proposal's page once
the version is made, or back to the review with the job's reasons when it failed.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from .. import db, queue, render_jobs
from ..models import JobStatus, Proposal
from .review import show_review
from .steps import page_of

REFRESH_SECONDS = 1


def submit(proposal: Proposal):
    """Queue the PDF; the draft stays as it is whether or not the queue can be reached."""
    job = render_jobs.submit(db.session(), proposal)
    if job.status == JobStatus.FAILED and job.error == queue.UNAVAILABLE:
        return show_review(page_of(proposal, "review"), queue.UNAVAILABLE, status=503)
    return redirect(url_for("wizard.render_job", proposal_id=proposal.id, job_id=job.id))


def waiting_page(proposal: Proposal, job_id: int):
    job = render_jobs.find(db.session(), job_id)
    if job is None or job.proposal_id != proposal.id:
        abort(404)
    if job.status == JobStatus.DONE and job.version is not None:
        flash(f"Version {job.version.number} of the PDF is ready.", "success")
        return redirect(url_for("dashboard.show", proposal_id=proposal.id))
    if job.status == JobStatus.FAILED:
        details = "; ".join(error["message"] for error in job.errors or [])
        problem = f"No PDF was made: {job.error}. {details}".strip()
        return show_review(page_of(proposal, "review"), problem, status=422)
    return render_template(
        "web/wizard/render_job.html", proposal=proposal, job=job, refresh=REFRESH_SECONDS
    )
