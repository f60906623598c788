"""Step 7: the whole proposal in final order, what is still missing, and Generate PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, current_app, flash, redirect, url_for

from .. import db, operations, pdfs
from ..document import DocumentError
from ..firm import print_settings
from ..library.store import DatabaseCatalog
from ..lookup import get_proposal
from ..pdfs import renderer
from ..render.context import RenderError, build_context, work_out_sample
from ..review import advice
from ..trust import PROBLEM, PhraseError, check_document
from ..trust import SECTIONS as TRUST_SECTIONS
from ..web import EmptyForm
from . import bp
from .steps import STEPS, step_by_slug, step_for_section
from .views import render_step

# Where each document path is edited: the first key of a path names the section.
_SECTION_OF_KEY = {
    "title": "people",
    "currency": "people",
    "consultant": "people",
    "prospect": "people",
    "listening": "listening",
    "sample": "sample",
    "referrals": "help",
    "self_help": "help",
    "offer": "offer",
    "next_steps": "next_steps",
    "follow_up": "next_steps",
}


def show_review(proposal, problem: str | None = None, status: int = 200):
    """The proposal as the client will read it, or the list of what is still missing."""
    step = step_by_slug("review")
    try:
        document = operations.full_document(proposal)
    except DocumentError as error:
        return render_step(
            proposal,
            step,
            EmptyForm(),
            status=status,
            missing=_missing(error),
            preview=None,
            advice=[],
            problem=problem,
        )
    try:
        worked = work_out_sample(
            document, DatabaseCatalog(db.session()), proposal.sample_revision_id
        )
    except (DocumentError, RenderError) as exc:
        message = str(exc).replace("\n", "; ")
        return render_step(
            proposal,
            step,
            EmptyForm(),
            status=status,
            missing=[("sample", f"Worked sample: {message}")],
            preview=None,
            advice=[],
            problem=problem,
        )
    preview = build_context(document, worked, datetime.now(), print_settings(db.session()))
    if current_app.config["PRERENDER"]:
        # Start making the PDF now: by the time "Generate PDF" is pressed it is usually ready.
        prepared = pdfs.prepare(db.session(), proposal, document, renderer(), worked=worked)
        pdfs.cache_for(current_app.instance_path).start(prepared.key, prepared.render)
    return render_step(
        proposal,
        step,
        EmptyForm(),
        status=status,
        missing=[],
        preview=True,
        advice=advice(document),
        problem=problem,
        **trust_check(document, f"{worked.title}\n\n{worked.html}"),
        **preview,
    )


# The trust check's sections, and the wizard step where each is written.
_STEP_OF_TRUST_SECTION = {
    "heard": "heard",
    "sample": "sample",
    "others": "help",
    "offer": "offer",
    "next": "next",
}


@dataclass(frozen=True)
class TrustGroup:
    slug: str  # the wizard step that fixes it
    title: str
    findings: list  # problems first
    problems: int


def trust_check(document, worked_sample_text: str | None) -> dict:
    """The trust check on the whole proposal, grouped by the step that fixes each finding:
    sections with problems first, then in the order the client reads them."""
    try:
        report = check_document(document, worked_sample_text)
    except PhraseError as exc:  # a firm's own phrase file with a mistake in it
        return {"trust": [], "trust_error": str(exc), "trust_problems": 0}
    groups = []
    for section in TRUST_SECTIONS:
        found = [finding for finding in report.findings if finding.section == section]
        if not found:
            continue
        found.sort(key=lambda finding: finding.severity != PROBLEM)
        slug = _STEP_OF_TRUST_SECTION[section]
        problems = sum(1 for finding in found if finding.severity == PROBLEM)
        groups.append(TrustGroup(slug, step_by_slug(slug).title, found, problems))
    groups.sort(key=lambda group: group.problems == 0)
    return {"trust": groups, "trust_error": None, "trust_problems": len(report.problems)}


def _missing(error: DocumentError) -> list[tuple[str, str]]:
    """Each schema error with the wizard step that fixes it."""
    found = []
    for field_error in error.errors:
        key = field_error.path.split(".")[0].split("[")[0]
        section = _SECTION_OF_KEY.get(key)
        slug = step_for_section(section).slug if section else STEPS[0].slug
        found.append((slug, str(field_error)))
    return found


@bp.post("/generate")
def generate(proposal_id: int):
    """Render the PDF, keep it as a new version, and go to the proposal's page."""
    proposal = get_proposal(proposal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        cache = (
            pdfs.cache_for(current_app.instance_path) if current_app.config["PDF_CACHE"] else None
        )
        version = operations.generate_pdf(db.session(), proposal, cache, renderer())
    except operations.GenerationError as exc:
        details = "; ".join(str(e) for e in exc.errors)
        return show_review(
            proposal, problem=f"No PDF was made: {exc}. {details}".strip(), status=422
        )
    flash(f"Version {version.number} of the PDF is ready.", "success")
    return redirect(url_for("dashboard.show", proposal_id=proposal.id))
