"""Autosave: a step's form sent in the background by static/web/autosave.js.

It goes through the step handler's own save (the same validation and draft storage as the
Save button), so an invalid value is kept as a draft and its message comes back to be
shown next to its field. A save from a page that is out of date for this step changes
nothing and answers with both versions, for the page to show.
"""

from __future__ import annotations

from flask import jsonify

from .. import operations
from . import conflict
from .page import StepPage, step_state


def save_in_background(page: StepPage):
    """Save the posted step; JSON with its new version and errors, or 409 with the conflict."""
    handler = page.step.handler
    typed = handler.typed(page)
    try:
        errors = handler.autosave(page, typed, conflict.seen_version())
    except operations.StaleSection:
        rows = handler.conflict_rows(page, typed)
        return conflict.conflict_answer(page.proposal, page.step, rows)
    return jsonify(
        saved=True,
        version=page.version,
        state=step_state(page.proposal, page.step),
        errors=[{"id": field_id, "message": message} for field_id, message in errors],
    )


def expired_answer():
    """400 for autosave.js when the form's token expired: the page then says to press Save."""
    # Save can still keep what was typed (wizard.held); a background request cannot.
    return jsonify(saved=False, problem="expired"), 400
