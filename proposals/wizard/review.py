"""Step 7: the whole proposal in final order, what is still missing, and Generate PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from .. import db, operations, pdfs
from ..document import DocumentError
from ..firm import print_settings
from ..library.lookups import DatabaseCatalog
from ..pdfs import renderer
from ..render.context import RenderError, build_context, work_out_sample
from ..review import advice
from ..sections import SECTIONS, step_for_path
from ..trust import PROBLEM, PhraseError, check_document
from ..web import EmptyForm
from .page import StepPage


class ReviewStep:
    """The whole proposal in the client's reading order; nothing to save on this page."""

    def show(self, page: StepPage, problem: str | None = None, status: int = 200):
        return show_review(page, problem, status)

    save = show  # a POST to the review step only shows it again

    def unsaved(self, page: StepPage, formdata, message: str, status: int):
        return show_review(page, message, status)


def show_review(page: StepPage, problem: str | None = None, status: int = 200):
    """The proposal as the client will read it, or the list of what is still missing."""
    proposal = page.proposal
    try:
        document = operations.full_document(proposal)
        catalog = DatabaseCatalog(db.session())
        worked = work_out_sample(document, catalog, proposal.sample_revision_id)
    except DocumentError as error:
        return _incomplete(page, _missing(error), problem, status)
    except RenderError as exc:
        return _incomplete(page, [("sample", f"Worked sample: {exc}")], problem, status)
    preview = build_context(document, worked, datetime.now(), print_settings(db.session()))
    if current_app.config["PRERENDER"]:
        # Start making the PDF now: by the time "Generate PDF" is pressed it is usually ready.
        prepared = pdfs.prepare(db.session(), proposal, document, renderer(), worked=worked)
        pdfs.cache_for(current_app.instance_path).start(prepared.key, prepared.render)
    titles = {step.slug: step.title for step in page.steps}
    worked_text = f"{worked.title}\n\n{worked.html}"
    return page.render(
        EmptyForm(),
        status=status,
        missing=[],
        preview=True,
        advice=advice(document),
        problem=problem,
        **trust_check(document, worked_text, titles),
        **preview,
    )


def _incomplete(page: StepPage, missing: list, problem: str | None, status: int):
    """The review of a proposal that can't be shown whole yet: what is missing, by step."""
    return page.render(
        EmptyForm(), status=status, missing=missing, preview=None, advice=[], problem=problem
    )


@dataclass(frozen=True)
class TrustGroup:
    slug: str  # the wizard step that fixes it
    title: str
    findings: list  # problems first
    problems: int


def trust_check(
    document, worked_sample_text: str | None, titles: dict[str, str] | None = None
) -> dict:
    """The trust check on the whole proposal, grouped by the step that fixes each finding:
    sections with problems first, then in the order the client reads them."""
    try:
        report = check_document(document, worked_sample_text)
    except PhraseError as exc:  # a firm's own phrase file with a mistake in it
        return {"trust": [], "trust_error": str(exc), "trust_problems": 0, "reading": []}
    groups = []
    for section in SECTIONS:
        found = [finding for finding in report.findings if finding.section == section.id]
        if not found:
            continue
        found.sort(key=lambda finding: finding.severity != PROBLEM)
        problems = sum(1 for finding in found if finding.severity == PROBLEM)
        title = (titles or {}).get(section.step, section.title)
        groups.append(TrustGroup(section.step, title, found, problems))
    groups.sort(key=lambda group: group.problems == 0)
    return {
        "trust": groups,
        "trust_error": None,
        "trust_problems": len(report.problems),
        "trust_language_note": report.summary["language"].get("note"),
        "reading": _reading(report.summary["reading"], titles),
    }


@dataclass(frozen=True)
class Reading:
    title: str
    reading_ease: float | None
    minutes: float
    words: int


def _reading(figures: dict[str, dict], titles: dict[str, str] | None) -> list[Reading]:
    """Reading ease and time of each section, in reading order, for the review."""
    rows = []
    for section in SECTIONS:
        found = figures.get(section.id)
        if found and found["words"]:
            title = (titles or {}).get(section.step, section.title)
            minutes = found["reading_seconds"] / 60
            rows.append(Reading(title, found["reading_ease"], minutes, found["words"]))
    return rows


def _missing(error: DocumentError) -> list[tuple[str, str]]:
    """Each schema error with the wizard step that fixes it."""
    return [(step_for_path(field_error.path), str(field_error)) for field_error in error.errors]
