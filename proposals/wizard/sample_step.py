"""Step 3, the worked sample: find a sample, fill in their figures, see the result.

Samples are suggested from the prospect's industry and what was heard, and the library
can be searched. The worked-out result is shown on this page before moving on.
"""

from __future__ import annotations

import re

from flask import current_app, request
from markupsafe import Markup

from .. import db, operations
from ..document import DocumentError, Limits, validate_section
from ..firm import locale_for, print_settings
from ..library import lookups, search, worked
from ..library.sandbox import SampleRenderError
from ..library.spec import ParsedSample, SampleFileError
from ..library.suggestions import suggest
from . import conflict
from .formdata import (
    apply_list_action,
    attach_errors,
    focus_after,
    form_data,
    parse_list_action,
)
from .page import StepPage
from .sample_forms import (
    form_values,
    inputs_noun,
    read_csv_inputs,
    sample_form_class,
    section_values,
    translate_path,
    with_empty_rows,
)

SMALL_LIBRARY = 24  # up to this many samples, show them all instead of only suggestions


class SampleStep:
    """Find a sample, fill in the client's figures, see the worked-out result."""

    def show(self, page: StepPage):
        return _show(page)

    def save(self, page: StepPage):
        return _save(page)

    def typed(self, page: StepPage) -> dict:
        """The sample form's values as this request sent them."""
        chosen = request.form.get("sample_id") or None
        return form_data(sample_form_class(_parsed(chosen, page.proposal.sample_revision_id))())

    def autosave(self, page: StepPage, values: dict, seen: int | None) -> list[tuple[str, str]]:
        """Save as "Work it out" does (a draft if invalid); the errors by field id."""
        # A sample picked but not taken yet ("Use this sample") is not saved: the figures
        # on the page belong to the sample shown, and are kept with it.
        shown = request.form.get("shown_sample_id") or None
        parsed = _parsed(shown or values.get("sample_id"), page.proposal.sample_revision_id)
        if shown and shown != values.get("sample_id"):
            values = {**form_data(sample_form_class(parsed)()), "sample_id": shown}
        csv_problems = read_csv_inputs(values, parsed)
        error = _store(page.proposal, values, seen=seen)
        form = sample_form_class(parsed)(formdata=None, data=with_empty_rows(values, parsed))
        summary = attach_errors(form, error, translate_path) if error else []
        for name, message in csv_problems:
            summary.append((form.inputs.form[name].id, f"CSV: {message}"))
        return summary

    def conflict_rows(self, page: StepPage, values: dict) -> conflict.Rows:
        parsed = _parsed(values.get("sample_id"), page.proposal.sample_revision_id)

        def make_form(section: dict):
            return sample_form_class(parsed)(formdata=None, data=form_values(section))

        typed = section_values(values)
        return conflict.conflict_rows(page.proposal, "sample", typed, make_form, translate_path)

    def unsaved(self, page: StepPage, formdata, message: str, status: int):
        """The sample step filled with a form that could not be saved (see wizard.held)."""
        parsed = _parsed(formdata.get("sample_id"), page.proposal.sample_revision_id)
        form = sample_form_class(parsed)(formdata=formdata)
        return _render(page, form, parsed, [("", message)], status, unsaved=True)


def _parsed(slug: str | None, revision_id: int | None) -> ParsedSample | None:
    if not slug:
        return None
    try:
        return worked.library_sample(lookups.DatabaseCatalog(db.session()), slug, revision_id)[1]
    except (DocumentError, SampleFileError):
        return None


def _render(page: StepPage, form, parsed, summary=(), status=200, **extra):
    query = request.args.get("q", "").strip()[: search.QUERY_CHARS]
    extra = {"result": None, "problem": None, "focus_id": None, **extra}
    library = _cards(page.proposal, form.sample_id.data, query)
    noun = inputs_noun(parsed)
    return page.render(
        form, summary, status, parsed=parsed, noun=noun, query=query, library=library, **extra
    )


def _cards(proposal, selected: str | None, query: str) -> list[dict]:
    """The samples to offer: the chosen one, suggestions, and search results (or all, if few)."""
    session = db.session()
    suggested = suggest(session, proposal.document)
    if query:
        others = search.search(session, query, page_size=12).samples
    elif search.search(session, page_size=1).total <= SMALL_LIBRARY:
        others = lookups.active_samples(session)
    else:
        others = []
    chosen = [lookups.find(session, selected)] if selected else []
    cards, seen = [], set()
    for sample in [*chosen, *suggested, *others]:
        if sample is None or sample.slug in seen:
            continue
        seen.add(sample.slug)
        cards.append(
            {
                "slug": sample.slug,
                "title": sample.title,
                "summary": sample.summary,
                "tags": sample.tags,
                "suggested": sample in suggested,
            }
        )
    return cards


def _show(page: StepPage):
    proposal = page.proposal
    draft, mid_edit = operations.draft_of(proposal, "sample")
    section = draft if draft is not None else operations.section_of(proposal.document, "sample")
    values = form_values(section)
    parsed = _parsed(values["sample_id"], proposal.sample_revision_id)
    form = sample_form_class(parsed)(formdata=None, data=with_empty_rows(values, parsed))
    if draft is not None:
        summary = [] if mid_edit else _errors_for(proposal, form, draft)
        return _render(page, form, parsed, summary)
    result, problem = _worked_result(proposal)
    return _render(page, form, parsed, result=result, problem=problem)


def _errors_for(proposal, form, section: dict):
    try:
        content = validate_section("sample", section)
        operations.check_sample(db.session(), proposal, content)
    except DocumentError as error:
        return attach_errors(form, error, translate_path)
    return []


def _worked_result(proposal) -> tuple[Markup | None, str | None]:
    """The saved sample worked out on the saved inputs, or the reason it could not be."""
    sample = proposal.document.get("sample")
    if not sample:
        return None, None
    catalog = lookups.DatabaseCatalog(db.session())
    document = proposal.document
    colour = print_settings(db.session())["colour"]
    context = worked.sample_context(
        document,
        current_app.config["DEFAULT_CURRENCY"],
        locale_for(db.session(), document),
        colour,
    )
    try:
        result = worked.work_out_sample(sample, catalog, context, proposal.sample_revision_id)
    except DocumentError as error:
        if "sample.id" in error.by_path():
            return None, f"The sample {sample['id']!r} is no longer in the library."
        return None, "; ".join(
            f"{e.path.removeprefix('sample.inputs.')}: {e.message}" for e in error.errors
        )
    except (SampleRenderError, SampleFileError) as exc:
        return None, str(exc)
    return result.html, None


def _save(page: StepPage):
    proposal, step = page.proposal, page.step
    action = request.form.get("action", "work")
    chosen = request.form.get("sample_id") or None
    parsed = _parsed(chosen, proposal.sample_revision_id)
    values = form_data(sample_form_class(parsed)())
    if conflict.is_stale(proposal, step.section):
        return conflict.conflict_page(proposal, step, step.handler.conflict_rows(page, values))
    changed = chosen != (request.form.get("shown_sample_id") or None)
    if changed and values.get("mode") != "inline" and action != "example":
        action = "choose"  # a different sample was picked: show its inputs before anything else
    if action.startswith("mode:"):
        values["mode"] = action.removeprefix("mode:")
        _store(proposal, values, mid_edit=True)
        return page.go(anchor="sample-form")
    if action in ("choose", "example"):
        return _choose(page, values, parsed, action)
    csv_problems = read_csv_inputs(values, parsed)
    list_action = parse_list_action(action)
    if list_action:
        _store(proposal, values, mid_edit=True)
        verb, path, index = list_action
        apply_list_action(values, verb, path, index, Limits.TABLE_ROWS)
        form = sample_form_class(parsed)(formdata=None, data=with_empty_rows(values, parsed))
        return _render(page, form, parsed, focus_id=focus_after(form, verb, path, index))
    error = _store(proposal, values, seen=conflict.seen_version())  # racing: StaleSection
    if action == "back":
        return page.go(-1)
    if csv_problems or error:
        return _show_errors(page, values, parsed, error, csv_problems)
    if action == "next":
        return page.go(1)
    return page.go(anchor="result")


def _store(
    proposal, values: dict, mid_edit: bool = False, seen: int | None = None
) -> DocumentError | None:
    section = section_values(values)
    return operations.save_section(
        db.session(),
        proposal,
        "sample",
        section,
        mid_edit=mid_edit,
        seen=seen,
        tab=conflict.sent_tab(),
    )


def _choose(page: StepPage, values, parsed, action):
    """Pick a library sample (optionally filled with its example figures) and show its inputs."""
    if parsed is None:
        form = sample_form_class(None)(formdata=None, data=values)
        summary = [("library-choice", "Choose a sample from the library")]
        return _render(page, form, None, summary, 422)
    inputs = dict(parsed.spec.example) if action == "example" else values.get("inputs") or {}
    _store(page.proposal, {**values, "mode": "library", "inputs": inputs}, mid_edit=True)
    return page.go(anchor="inputs")


def _show_errors(page: StepPage, values, parsed, error, csv_problems):
    form = sample_form_class(parsed)(formdata=None, data=with_empty_rows(values, parsed))
    if error and csv_problems:
        # A table whose CSV failed is empty because of that: one message is enough.
        tables = {re.sub(r"__(csv|file)$", "", name) for name, _ in csv_problems}
        kept = [
            e
            for e in error.errors
            if not any(e.path.startswith(f"sample.inputs.{table}") for table in tables)
        ]
        error = DocumentError(kept) if kept else None
    summary = attach_errors(form, error, translate_path) if error else []
    for name, message in csv_problems:
        field = form.inputs.form[name]
        field.errors = [message]
        summary.append((field.id, f"CSV: {message}"))
    return _render(page, form, parsed, summary, 422)
