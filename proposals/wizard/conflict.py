"""Two tabs, one step: a save sent from an out-of-date page is shown, not applied.

Every step form carries that step's own edit version (operations.section_version), so
two tabs on different steps both save. If another tab saved the same step in between,
the consultant sees both versions side by side, each field by its label, and chooses;
nothing is overwritten silently and nothing typed is thrown away.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import jsonify, render_template, request

from .. import operations
from ..document import DocumentError, validate_section
from .formdata import path_label

FIELD = "edit_version"
TAB = "tab"  # set by autosave.js: which open page sent the save (its own saves may race)
MAX_DIGITS = 18  # a longer "version" names none: it is simply not a number we sent
TAB_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")

Rows = list[tuple[str, str, str]]


def seen_version() -> int | None:
    """The step's version the sending page showed, or None if it sent none."""
    sent = request.form.get(FIELD, "")
    return int(sent) if sent.isdigit() and len(sent) <= MAX_DIGITS else None


def sent_tab() -> str | None:
    """The sending page's own id, when autosave.js gave it one."""
    sent = request.form.get(TAB, "")
    return sent if TAB_ID.fullmatch(sent) else None


def is_stale(proposal, section: str) -> bool:
    """True when the page that sent this form showed an older version of this step."""
    return operations.is_stale(proposal, section, seen_version(), sent_tab())


def saved_section(proposal, section: str) -> dict:
    draft, _ = operations.draft_of(proposal, section)
    return draft if draft is not None else operations.section_of(proposal.document, section)


def comparable(section: str, content: dict) -> dict:
    """The section as it would be stored, so `1200` and `1200.00` are the same price."""
    content = operations.prune_blank(content)
    try:
        return validate_section(section, content)
    except DocumentError:
        return content


def normalised(text: str) -> str:
    """Text as a reader sees it: line endings, trailing spaces and blank edges don't count."""
    lines = re.sub(r"\r\n?", "\n", text).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def differences(saved: Any, typed: Any, path: str = "") -> Rows:
    """(path, saved value, typed value) for every leaf that really differs, in reading order."""
    saved_leaves, typed_leaves = dict(_leaves(saved, path)), dict(_leaves(typed, path))
    paths = list(dict.fromkeys([*saved_leaves, *typed_leaves]))
    return [
        (key, saved_leaves.get(key, ""), typed_leaves.get(key, ""))
        for key in paths
        if normalised(saved_leaves.get(key, "")) != normalised(typed_leaves.get(key, ""))
    ]


def _leaves(value: Any, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    elif value not in (None, "", False):  # an unticked box is the same as no box
        yield path, str(value)


def conflict_rows(
    proposal, section: str, typed: dict, make_form: Callable[[dict], Any], translate=None
) -> Rows:
    """(field label, saved now, what this tab sent) for each field that really differs."""
    # make_form(section) fills the step's form, where the labels are; translate maps a
    # document path to that form's path where the two differ (the sample step).
    saved = saved_section(proposal, section)
    rows = differences(comparable(section, saved), comparable(section, typed))
    forms = [make_form(typed), make_form(saved)]
    return [(path_label(forms, path, translate), old, new) for path, old, new in rows]


def conflict_page(proposal, step, rows: Rows):
    """409: what is saved now, what this tab sent, and a way to keep either."""
    resend = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in ("csrf_token", FIELD, TAB)
    ]
    return render_template(
        "web/wizard/conflict.html",
        proposal=proposal,
        step=step,
        rows=rows,
        resend=resend,
        section_version=operations.section_version(proposal, step.section),
    ), 409


def conflict_answer(proposal, step, rows: Rows):
    """409 for autosave: the same comparison, as a panel the page shows above the form."""
    version = operations.section_version(proposal, step.section)
    panel = render_template(
        "web/wizard/_conflict.html", proposal=proposal, step=step, rows=rows, in_page=True
    )
    return jsonify(saved=False, conflict=True, version=version, panel=panel), 409
