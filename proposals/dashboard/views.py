"""Views: list proposals, show one, change status, delete, download PDFs."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import db, operations
from ..client_page.standing import answer_lines, questions_waiting, standing_of
from ..lookup import get_pdf_version, get_proposal
from ..models import PdfVersion, Status
from ..pdfs import pdf_filename
from ..web import EmptyForm, attachment, row_number
from ..wizard.steps import first_open_step
from .blueprint import bp
from .forms import StatusForm
from .listing import SORTS, Criteria, listing


@bp.get("/")
def index():
    """Your proposals: searched, filtered and sorted as the URL says, 25 to a page."""
    args = request.args
    criteria = Criteria.read(
        args.get("q", ""),
        args.get("status", ""),
        args.get("sort", ""),
        args.get("page", 1, type=row_number),
    )
    found = listing(db.session(), current_user.id, criteria)
    return render_template(
        "web/dashboard.html",
        listing=found,
        questions=questions_waiting(db.session(), [proposal.id for proposal in found.proposals]),
        answers=answer_lines(db.session(), [proposal.id for proposal in found.proposals]),
        criteria=criteria,
        sorts=SORTS,
        statuses=list(Status),
        button=EmptyForm(),
        continue_slug=first_open_step,
    )


@bp.get("/proposals/<int:proposal_id>")
def show(proposal_id: int):
    """One proposal: where it stands, its status, and every PDF version."""
    proposal = get_proposal(proposal_id)
    return render_template(
        "web/proposal.html",
        proposal=proposal,
        status_form=StatusForm(status=proposal.status),
        button=EmptyForm(),
        continue_slug=first_open_step(proposal),
        standing=standing_of(db.session(), proposal),
    )


@bp.post("/proposals/<int:proposal_id>/status")
def change_status(proposal_id: int):
    proposal = get_proposal(proposal_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    operations.set_status(db.session(), proposal, form.status.data)
    flash(f"Marked as {form.status.data}.", "success")
    return redirect(url_for(".show", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/delete", methods=["GET", "POST"])
def delete(proposal_id: int):
    """Ask for confirmation, then delete the proposal and all its PDF versions."""
    proposal = get_proposal(proposal_id)
    form = EmptyForm()
    if form.validate_on_submit():
        operations.delete(db.session(), proposal)
        flash(f"Deleted “{proposal.title or 'untitled proposal'}”.", "success")
        return redirect(url_for(".index"))
    return render_template("web/confirm_delete.html", proposal=proposal, form=form)


@bp.get("/proposals/<int:proposal_id>/pdf/<int:number>")
def download(proposal_id: int, number: int):
    """Download one PDF version, exactly as it was generated."""
    return _pdf_response(get_pdf_version(proposal_id, number))


@bp.get("/proposals/<int:proposal_id>/pdf/latest")
def download_latest(proposal_id: int):
    version = get_proposal(proposal_id).latest_version
    if version is None:
        abort(404)
    return _pdf_response(version)


def _pdf_response(version: PdfVersion) -> Response:
    return attachment(version.pdf, pdf_filename(version), "application/pdf")
