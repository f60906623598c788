"""The handler of an ordinary form step: show the saved section, save what was typed.

Every POST is committed before the next page, valid or not: an invalid step is kept as a
draft and shown again with each message next to its field.
"""

from __future__ import annotations

from flask import flash, request

from .. import db, operations
from ..document import DocumentError, Limits, validate_section
from ..firm import locale_for
from . import conflict
from .formdata import apply_list_action, attach_errors, focus_after, form_data, parse_list_action
from .page import StepPage


class FormStep:
    """A step whose page is one WTForms form for one part of the document."""

    def show(self, page: StepPage):
        """The saved section, or the draft that still needs fixing with its errors."""
        step = page.step
        draft, mid_edit = operations.draft_of(page.proposal, step.section)
        saved_document = page.proposal.document
        saved = operations.section_of(saved_document, step.section)
        form = self.form_for(page, draft if draft is not None else saved)
        summary = []
        if draft is not None and not mid_edit:
            try:
                validate_section(step.section, draft, locale_for(db.session(), saved_document))
            except DocumentError as error:
                summary = self.attach(form, error)
        return page.render(form, summary)

    def save(self, page: StepPage):
        """Save what was typed (as a draft if it doesn't validate), then go where asked."""
        step, proposal = page.step, page.proposal
        data = self.typed(page)
        if conflict.is_stale(proposal, step.section):
            return conflict.conflict_page(proposal, step, self.conflict_rows(page, data))
        action = request.form.get("action", "next")
        if parse_list_action(action):
            return self.change_list(page, data, action)
        seen, tab = conflict.seen_version(), conflict.sent_tab()  # a racing save: StaleSection
        error = operations.save_section(
            db.session(), proposal, step.section, data, seen=seen, tab=tab
        )
        if action == "back":
            if error:
                flash("Saved as a draft: some fields on that step still need attention.", "warning")
            return page.go(-1)
        if error:
            form = self.form_for(page, data)
            return page.render(form, self.attach(form, error), status=422)
        return page.go(1)

    def typed(self, page: StepPage) -> dict:
        """The section as this request's form holds it."""
        return self.collect(page.step.form())

    def autosave(self, page: StepPage, data: dict, seen: int | None) -> list[tuple[str, str]]:
        """Save as Save does (a draft if invalid); the errors by field id, or StaleSection."""
        step = page.step
        error = operations.save_section(
            db.session(), page.proposal, step.section, data, seen=seen, tab=conflict.sent_tab()
        )
        return self.attach(self.form_for(page, data), error) if error else []

    def conflict_rows(self, page: StepPage, data: dict) -> conflict.Rows:
        step = page.step
        return conflict.conflict_rows(
            page.proposal,
            step.section,
            data,
            lambda section: self.form_for(page, section),
        )

    def change_list(self, page: StepPage, data: dict, action: str):
        """Save what was typed first, then show the list one row longer or shorter."""
        verb, path, index = parse_list_action(action)
        step = page.step
        operations.save_section(
            db.session(), page.proposal, step.section, data, mid_edit=True, tab=conflict.sent_tab()
        )
        apply_list_action(data, verb, path, index, list_limit(path))
        form = self.form_for(page, data)
        return page.render(form, focus_id=focus_after(form, verb, path, index))

    def form_for(self, page: StepPage, data: dict):
        """The step's form filled with a section (saved, draft or just typed)."""
        return page.step.form(formdata=None, data=data)

    def collect(self, form) -> dict:
        """What was typed, as the section the schema reads; rows left empty are dropped."""
        return operations.prune_blank(form_data(form))

    def attach(self, form, error: DocumentError) -> list[tuple[str, str]]:
        """Each error next to its field, and the summary at the top of the page."""
        return attach_errors(form, error)

    def unsaved(self, page: StepPage, formdata, message: str, status: int):
        form = page.step.form(formdata=formdata)
        return page.render(form, [("", message)], status, unsaved=True)


def list_limit(path: str) -> int:
    """How many rows a list in the document may have."""
    if path.endswith("options"):
        return Limits.OPTIONS_MAX
    if path.endswith("referrals"):
        return Limits.REFERRALS
    return Limits.LIST_ITEMS
