"""Two tabs, one proposal: a save sent from an out-of-date page is shown, not applied.

Every step form carries the proposal's edit version. If another tab saved in between,
the consultant sees both versions side by side and chooses; nothing is overwritten
silently and nothing typed is thrown away.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from .. import operations

FIELD = "edit_version"


def is_stale(proposal) -> bool:
    """True when the page that sent this form showed an older version than the saved one."""
    sent = request.form.get(FIELD, "")
    return sent.isdigit() and int(sent) != proposal.edit_version


def saved_section(proposal, section: str) -> dict:
    draft, _ = operations.draft_of(proposal, section)
    return draft if draft is not None else operations.section_of(proposal.document, section)


def differences(saved: Any, typed: Any, path: str = "") -> list[tuple[str, str, str]]:
    """(path, saved value, typed value) for every leaf that differs, in reading order."""
    saved_leaves, typed_leaves = dict(_leaves(saved, path)), dict(_leaves(typed, path))
    paths = list(dict.fromkeys([*saved_leaves, *typed_leaves]))
    return [
        (key, saved_leaves.get(key, ""), typed_leaves.get(key, ""))
        for key in paths
        if saved_leaves.get(key, "") != typed_leaves.get(key, "")
    ]


def _leaves(value: Any, path: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    elif value not in (None, ""):
        yield path, str(value)


def conflict_page(proposal, step, typed: dict):
    """409: what is saved now, what this tab sent, and a way to keep either."""
    rows = differences(saved_section(proposal, step.section), operations.prune_blank(typed))
    resend = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in ("csrf_token", FIELD)
    ]
    return render_template(
        "web/wizard/conflict.html", proposal=proposal, step=step, rows=rows, resend=resend
    ), 409
