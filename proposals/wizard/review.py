"""Step 7: the whole proposal in final order, what is still missing, and Generate PDF.

The first Review used to wait for what a fresh process does once: start the sample workers
(each imports matplotlib for its first chart) and compile the trust check's phrase book,
about 3 s together. `start_warming` does that in the background on the app's first
request, long before a consultant has walked to the last step.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, make_response

from .. import db, operations, pdfs, queue
from ..choices import currency_choices, locale_choices
from ..document import DocumentError
from ..firm import print_settings
from ..library.lookups import DatabaseCatalog
from ..library.sandbox import BodyJob, RenderContext, SampleRenderError
from ..library.spec import parse_sample
from ..models import Proposal
from ..pdfs import renderer
from ..render.context import RenderError, build_context, work_out_sample
from ..render.shared_pool import get_sample_pool
from ..review import advice
from ..sections import SECTIONS, step_for_path
from ..trust import PROBLEM, PhraseError, check_document
from ..trust import load as load_phrases
from ..web import EmptyForm, browser_asset
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
        catalog, firm = DatabaseCatalog(db.session()), print_settings(db.session())
        worked = work_out_sample(
            document, catalog, proposal.sample_revision_id, firm["locale"], firm["colour"]
        )
    except DocumentError as error:
        return _incomplete(page, _missing(error), problem, status)
    except RenderError as exc:
        return _incomplete(page, [("sample", f"Worked sample: {exc}")], problem, status)
    preview = build_context(document, worked, datetime.now(), firm, asset=browser_asset)
    titles = {step.slug: step.title for step in page.steps}
    worked_text = f"{worked.title}\n\n{worked.html}"
    response = make_response(
        page.render(
            EmptyForm(),
            status=status,
            missing=[],
            preview=True,
            advice=advice(document),
            problem=problem,
            **trust_check(document, worked_text, titles),
            **preview,
        )
    )
    if current_app.config["PRERENDER"]:
        prerender_after(response, proposal.id, document, worked)
    return response


def prerender_after(response, proposal_id: int, document, worked) -> None:
    """Start making the PDF once the page has been sent, so gathering it and laying it out
    don't hold the page up: by the time "Generate PDF" is pressed it is usually ready."""
    app = current_app._get_current_object()
    if queue.enabled(app.config):
        response.call_on_close(lambda: _prerender_on_queue(app.config, proposal_id))
        return

    def start() -> None:
        # The server is shutting down (RuntimeError: no new threads): no PDF is needed.
        with app.app_context(), contextlib.suppress(RuntimeError):
            session = db.session()
            proposal = session.get(Proposal, proposal_id)
            prepared = pdfs.prepare(session, proposal, document, renderer(), worked=worked)
            pdfs.cache_for(app.instance_path).start(prepared.key, prepared.render)

    response.call_on_close(start)


def _prerender_on_queue(config, proposal_id: int) -> None:
    """Ask a worker to lay the PDF out into the shared cache; a broker away costs nothing
    but the head start."""
    from ..queue.broker import BrokerUnavailable, publish
    from ..queue.tasks import PRERENDER

    with contextlib.suppress(BrokerUnavailable):
        publish(config, PRERENDER, proposal_id)


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


WARMING = "proposals.review_warming"  # app.extensions: the warm-up thread, once started
# A body that draws a chart, so each sample worker imports matplotlib before it is needed.
WARM_UP_SAMPLE = parse_sample("---\nid: warm-up\ntitle: Warm-up\n---\n{{ bar_chart([1], [1]) }}\n")
log = logging.getLogger(__name__)


def start_warming(app: Flask) -> threading.Thread:
    """Warm up, once per app, in a background thread; returns the thread."""
    thread = app.extensions.get(WARMING)
    if thread is None:
        thread = threading.Thread(target=warm_up, args=(app,), name="warm-review", daemon=True)
        app.extensions[WARMING] = thread
        thread.start()
    return thread


def warm_up(app: Flask) -> None:
    """Compile the phrase book, the review's templates and the first step's choice lists,
    and start every sample worker with a chart drawn."""
    with contextlib.suppress(PhraseError):  # the review says what is wrong with the file
        load_phrases()
    # The first step's locale and currency lists: built from Babel once, about 0.9 s.
    locale_choices()
    currency_choices()
    for name in app.jinja_env.list_templates(filter_func=_review_template):
        app.jinja_env.get_template(name)
    workers = int(app.config.get("SAMPLE_WORKERS") or 0)
    if workers <= 0:
        return
    pool = get_sample_pool(app.config)
    job = BodyJob(WARM_UP_SAMPLE, {}, RenderContext())
    # One job per worker at the same time, so that each of them draws a chart.
    threads = [
        threading.Thread(target=_warm_one, args=(pool, job), daemon=True) for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _review_template(name: str) -> bool:
    """The templates a review page is drawn from: the step's own and the print partials."""
    return name.startswith("pdf/_") or name.startswith("web/wizard/") or name == "web/base.html"


def _warm_one(pool, job: BodyJob) -> None:
    try:
        pool.work_out(job)
    except SampleRenderError as exc:
        log.warning("sample worker warm-up: %s", exc)
