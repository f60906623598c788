"""The wizard's form steps: show a step, save it, move on. Every POST is saved first."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from .. import db, operations
from ..document import DocumentError, Limits, validate_section
from ..lookup import get_proposal
from . import bp, conflict, held
from .formdata import (
    apply_list_action,
    attach_errors,
    focus_after,
    form_data,
    parse_list_action,
)
from .steps import STEPS, Step, neighbour, step_by_slug, step_state


def render_step(proposal, step: Step, form, summary=(), status: int = 200, **extra):
    """Render a step page with the progress indicator and the error summary."""
    return render_template(
        step.template,
        proposal=proposal,
        step=step,
        steps=STEPS,
        state=lambda s: step_state(proposal, s),
        form=form,
        summary=list(summary),
        previous=neighbour(step, -1),
        next=neighbour(step, 1),
        **extra,
    ), status


def go_to(proposal, step: Step | None, anchor: str | None = None):
    slug = step.slug if step else "review"
    return redirect(url_for("wizard.step", proposal_id=proposal.id, slug=slug, _anchor=anchor))


@bp.route("/step/<slug>", methods=["GET", "POST"])
def step(proposal_id: int, slug: str):
    """Show or save one step of the wizard."""
    proposal = get_proposal(proposal_id)
    current = step_by_slug(slug)
    if current is None:
        abort(404)
    if current.slug == "review":
        from .review import show_review

        return show_review(proposal)
    if request.method == "GET" and request.args.get(held.QUERY_KEY):
        restored = held.take_held_form(request.args[held.QUERY_KEY])
        if restored is not None:
            return unsaved_step(proposal, current, restored, RESTORED, 200)
    if current.slug == "sample":
        from .sample_step import sample_step

        return sample_step(proposal, current)
    if current.slug == "help":  # with the referral directory beside it
        from .help_step import help_step

        return help_step(proposal, current)
    if request.method == "POST":
        return _save(proposal, current)
    return _show(proposal, current)


EXPIRED = (
    "This page was open so long that its security token expired, so nothing was saved yet. "
    "Everything you typed is below: check it and save again."
)
RESTORED = "You were signed out, so this wasn't saved yet. Here is what you typed: save it now."


def unsaved_step(proposal, current: Step, formdata, message: str, status: int):
    """Show a step filled with `formdata` that could not be saved, and say why."""
    if current.slug == "sample":
        from .sample_step import render_unsaved

        return render_unsaved(proposal, current, formdata, message, status)
    form = current.form(formdata=formdata)
    return render_step(proposal, current, form, [("", message)], status)


def after_expired_token():
    """For a wizard step sent with an expired token: show it again, or hold it over a sign-in."""
    from flask_login import current_user

    if not current_user.is_authenticated:
        kept = held.hold_current_form() if held.can_hold() else None
        if kept is None:
            return redirect(url_for("auth.login", next=request.path))
        key, browser = kept
        target = url_for(request.endpoint, **request.view_args, **{held.QUERY_KEY: key})
        response = redirect(url_for("auth.login", next=target))
        response.set_cookie(
            held.COOKIE,
            browser,
            max_age=held.HELD_FOR_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        return response
    proposal = get_proposal(request.view_args["proposal_id"])
    current = step_by_slug(request.view_args["slug"])
    if current is None or current.section is None:
        return None
    return unsaved_step(proposal, current, request.form, EXPIRED, 400)


def _show(proposal, current: Step):
    """Show the saved section, or the draft that still needs fixing with its errors."""
    draft, mid_edit = operations.draft_of(proposal, current.section)
    data = draft if draft is not None else operations.section_of(proposal.document, current.section)
    form = current.form(formdata=None, data=data)
    summary = []
    if draft is not None and not mid_edit:
        try:
            validate_section(current.section, draft)
        except DocumentError as error:
            summary = attach_errors(form, error)
    return render_step(proposal, current, form, summary)


def _save(proposal, current: Step):
    form = current.form()
    data = operations.prune_blank(form_data(form))
    if conflict.is_stale(proposal):
        return conflict.conflict_page(proposal, current, data)
    action = request.form.get("action", "next")
    list_action = parse_list_action(action)
    if list_action:
        verb, path, index = list_action
        # Save what was typed first, then show the list one longer or shorter.
        operations.save_section(db.session(), proposal, current.section, data, mid_edit=True)
        apply_list_action(data, verb, path, index, _limit(path))
        form = current.form(formdata=None, data=data)
        return render_step(proposal, current, form, focus_id=focus_after(form, verb, path, index))
    error = operations.save_section(db.session(), proposal, current.section, data)
    if action == "back":
        if error:
            flash("Saved as a draft: some fields on that step still need attention.", "warning")
        return go_to(proposal, neighbour(current, -1))
    if error:
        form = current.form(formdata=None, data=data)
        return render_step(proposal, current, form, attach_errors(form, error), status=422)
    return go_to(proposal, neighbour(current, 1))


def _limit(path: str) -> int:
    if path.endswith("options"):
        return Limits.OPTIONS_MAX
    if path.endswith("referrals"):
        return Limits.REFERRALS
    return Limits.LIST_ITEMS
