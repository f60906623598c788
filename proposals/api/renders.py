"""PDFs: asked for (a render job, or the version already made from the same document),
followed (the job's status) and downloaded, exactly as generated."""

from __future__ import annotations

from flask import current_app, url_for
from werkzeug.exceptions import NotFound

from .. import db, operations, pdfs, render_jobs
from ..document import Document, DocumentError
from ..firm import print_settings
from ..lookup import get_pdf_version, get_proposal
from ..models import PdfVersion, Proposal, RenderJob
from ..render.cache import cache_key
from ..web import attachment
from .blueprint import api
from .bodies import answer
from .problems import ApiError, invalid
from .registry import ok, pdf, problem_answer
from .represent import job_out, version_out
from .schemas import JobOut, PdfVersionOut


@api.route(
    "/proposals/<int:id>/pdf",
    "POST",
    summary="Make the proposal's PDF",
    answers={
        200: ok(PdfVersionOut, "Already made today from this very document: that version."),
        202: ok(JobOut, "A render job; follow it at Location.", Location="The job's address."),
        422: problem_answer("The proposal is not complete yet: every problem by path."),
    },
)
def render_pdf(id: int):
    """A new PDF version of the current document, made by a render job (in this process
    by default, so the job is usually done when answered; on a queue's worker when one is
    configured). If the newest version was made today from the same document, sample
    revision and firm settings, it is that PDF: answered at once, no version added."""
    proposal = get_proposal(id)
    session = db.session()
    try:
        document = operations.full_document(proposal)
    except DocumentError as exc:
        raise invalid(exc, detail="The proposal is not complete yet.") from None
    current = _made_from(proposal, document)
    if current is not None:
        return answer(version_out(current))
    job = render_jobs.submit(session, proposal, _cache(), pdfs.renderer())
    location = url_for(".show_job", id=job.id)
    return answer(job_out(job), 202, {"Location": location})


def _made_from(proposal: Proposal, document: Document) -> PdfVersion | None:
    """The newest version, if rendering now would make the very same PDF (same cache key:
    document, sample revision, firm settings, design and day)."""
    latest = proposal.latest_version
    if latest is None:
        return None
    session = db.session()
    now = pdfs.prepare(session, proposal, document).key
    then = cache_key(
        latest.document,
        latest.sample_revision_id,
        print_settings(session),
        latest.created_at.date(),
    )
    return latest if now == then else None


def _cache():
    if not current_app.config["PDF_CACHE"]:
        return None
    return pdfs.cache_for(current_app.instance_path)


@api.route(
    "/jobs/<int:id>",
    "GET",
    summary="Follow a render job",
    answers={200: ok(JobOut, "The job: queued, running, done (with its version) or failed.")},
)
def show_job(id: int):
    """A render job of one of your proposals; failed jobs say why, by path when the
    document (or the sample's inputs) needs fixing."""
    job = render_jobs.find(db.session(), id)
    if job is None or not _yours(job):
        raise ApiError(404)
    return answer(job_out(job))


def _yours(job: RenderJob) -> bool:
    try:
        get_proposal(job.proposal_id)  # the web app's own rule for whose proposal it is
    except NotFound:
        return False
    return True


@api.route(
    "/proposals/<int:id>/pdf/<int:number>",
    "GET",
    summary="Download a PDF version",
    answers={200: pdf("The PDF, exactly as it was generated.")},
)
def download_pdf(id: int, number: int):
    """Version `number` of the proposal's PDF (application/pdf, as an attachment)."""
    version = get_pdf_version(id, number)
    return attachment(version.pdf, pdfs.pdf_filename(version), "application/pdf")
