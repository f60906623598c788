"""The wizard's routes: one URL per step (its handler shows and saves it), and Generate PDF."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_wtf.csrf import CSRFError

from .. import db, operations, pdfs, queue
from ..errors import expired_form_page
from ..lookup import get_proposal
from ..web import button_post
from . import autosave as background
from . import conflict, held, queued
from .help_step import directory_helpers
from .review import show_review, start_warming
from .steps import page_of

bp = Blueprint("wizard", __name__, url_prefix="/proposals/<int:proposal_id>")
bp.context_processor(directory_helpers)


@bp.before_app_request
def warm_review() -> None:
    """On the first request anywhere (sign-in, the dashboard), start what Review needs."""
    start_warming(current_app._get_current_object())


@bp.route("/step/<slug>", methods=["GET", "POST"])
def step(proposal_id: int, slug: str):
    """Show or save one step of the wizard."""
    page = page_of(get_proposal(proposal_id), slug)
    if page is None:
        abort(404)
    handler = page.step.handler
    if request.method == "POST":
        try:
            return handler.save(page)
        except operations.StaleSection:  # another tab saved this step while this one did
            rows = handler.conflict_rows(page, handler.typed(page))
            return conflict.conflict_page(page.proposal, page.step, rows)
    restored = held.take_held_form(request.args.get(held.QUERY_KEY, ""))
    if restored is not None:
        return handler.unsaved(page, restored, held.RESTORED, 200)
    return handler.show(page)


@bp.post("/step/<slug>/autosave")
def autosave(proposal_id: int, slug: str):
    """Save one step in the background, exactly as Save would; answer in JSON."""
    page = page_of(get_proposal(proposal_id), slug)
    if page is None or page.step.section is None:
        abort(404)
    return background.save_in_background(page)


@bp.post("/generate")
@button_post
def generate(proposal_id: int):
    """Render the PDF, keep it as a new version, and go to the proposal's page.

    With a render queue the PDF is handed to a worker and a page waits for it."""
    proposal = get_proposal(proposal_id)
    if queue.enabled(current_app.config):
        return queued.submit(proposal)
    cache = pdfs.cache_for(current_app.instance_path) if current_app.config["PDF_CACHE"] else None
    try:
        version = operations.generate_pdf(db.session(), proposal, cache, pdfs.renderer())
    except operations.GenerationError as exc:
        details = "; ".join(str(e) for e in exc.errors)
        problem = f"No PDF was made: {exc}. {details}".strip()
        return show_review(page_of(proposal, "review"), problem, status=422)
    flash(f"Version {version.number} of the PDF is ready.", "success")
    return redirect(url_for("dashboard.show", proposal_id=proposal.id))


@bp.get("/render/<int:job_id>")
def render_job(proposal_id: int, job_id: int):
    """Wait for a queued PDF: this page until it is made, then the proposal's page."""
    return queued.waiting_page(get_proposal(proposal_id), job_id)


@bp.errorhandler(CSRFError)
def expired_token(error: CSRFError):
    """A step sent with an expired token is shown again as typed; anything else explains."""
    if request.endpoint == "wizard.autosave":
        return background.expired_answer()
    if request.endpoint == "wizard.step":
        response = held.after_expired_token()
        if response is not None:
            return response
    return expired_form_page()
