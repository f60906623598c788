"""Pages of the follow-up kit: the kit of one proposal, its calendar file, and what is due.
Each is form → operation → redirect; the rules live in operations.py."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import db, formatting
from ..document import DocumentError
from ..firm import locale_for
from ..lookup import get_proposal
from ..models import Proposal
from ..web import EmptyForm, attachment, button_post, file_slug
from . import drafts, ics, operations, schedule
from .blueprint import bp
from .forms import DraftsForm, ScheduleForm
from .mailto import mailto_link


def _render_kit(
    proposal: Proposal,
    form: ScheduleForm | None = None,
    refused: operations.DraftsError | None = None,
    status: int = 200,
):
    """The kit page: the drafts (as typed when refused), the follow-up and its form."""
    document = schedule.document_of(proposal)
    plan = schedule.plan_of(proposal)
    if form is None:
        data = {"on": plan.on.isoformat(), "about": plan.about} if plan else {}
        form = ScheduleForm(formdata=None, data=data)
    typed = refused.typed if refused else None
    shown = drafts.as_shown(db.session(), proposal, document, plan, typed) if document else None
    return render_template(
        "web/followup/kit.html",
        mailto=mailto_link(document, shown.text["cover_email"]) if shown else None,
        proposal=proposal,
        version=proposal.latest_version,
        document=document,
        plan=plan,
        today=date.today(),
        schedule=form,
        drafts=shown.text if shown else {},
        edited=shown.edited if shown else {},
        findings=shown.findings if shown else {},
        versions=shown.versions if shown else {},
        draft_errors=refused.errors if refused else {},
        button=EmptyForm(),
        drafts_form=DraftsForm(formdata=None),
    ), status


def _back_to_kit(proposal: Proposal, outcome: operations.Outcome | None):
    """Show what happened, on the kit page where it happened."""
    if outcome is None:
        return redirect(url_for(".kit_page", proposal_id=proposal.id))
    flash(outcome.message, outcome.category)
    return redirect(url_for(".kit_page", proposal_id=proposal.id, _anchor=outcome.anchor))


@bp.get("/proposals/<int:proposal_id>/follow-up")
def kit_page(proposal_id: int):
    """The follow-up kit: cover email, follow-up note, the date, and the calendar file."""
    return _render_kit(get_proposal(proposal_id))


@bp.post("/proposals/<int:proposal_id>/follow-up/schedule")
def schedule_follow_up(proposal_id: int):
    """Set or move the follow-up; bad input is shown next to its field, as typed."""
    proposal = get_proposal(proposal_id)
    form = ScheduleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        plan = operations.schedule_follow_up(db.session(), proposal, form.on.data, form.about.data)
    except DocumentError as exc:
        form.show_errors(exc)
        return _render_kit(proposal, form=form, status=422)
    flash(f"The follow-up is set for {formatting.weekday(plan.on)}.", "success")
    return redirect(url_for(".kit_page", proposal_id=proposal.id, _anchor="follow-up"))


@bp.post("/proposals/<int:proposal_id>/follow-up/drafts")
@button_post
def save_drafts(proposal_id: int):
    """Save an edited draft, or go back to the suggested text. Only the drafts sent in the
    form change."""
    proposal = get_proposal(proposal_id)
    try:
        outcome = operations.edit_drafts(db.session(), proposal, request.form)
    except operations.DraftsError as exc:
        return _render_kit(proposal, refused=exc, status=422)
    except operations.StaleDrafts as stale:
        return _conflict(proposal, stale)
    return _back_to_kit(proposal, outcome)


def _conflict(proposal: Proposal, stale: operations.StaleDrafts):
    """409: each draft as saved now and as this page sent it, to keep either."""
    form = DraftsForm(formdata=None)
    rows = [(form[name].label.text, stale.saved[name], stale.typed[name]) for name in stale.saved]
    resend = [("action", "save")]
    for name, text in stale.typed.items():
        resend += [
            (name, text),
            (drafts.version_field(name), drafts.version_of(getattr(proposal, name))),
        ]
    return render_template(
        "web/edit_conflict.html",
        what="The follow-up drafts",
        rows=rows,
        resend=resend,
        action=url_for(".save_drafts", proposal_id=proposal.id),
        back=url_for(".kit_page", proposal_id=proposal.id),
    ), 409


@bp.post("/proposals/<int:proposal_id>/follow-up/sent")
@button_post
def mark_sent(proposal_id: int):
    """Record that the PDF went out today; the follow-up joins your list of follow-ups."""
    proposal = get_proposal(proposal_id)
    outcome = operations.mark_sent(db.session(), proposal)
    flash(outcome.message, outcome.category)
    return redirect(url_for(".kit_page", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/follow-up/done")
@button_post
def mark_done(proposal_id: int):
    """The follow-up was made: it leaves the list until a new date is set."""
    proposal = get_proposal(proposal_id)
    outcome = operations.mark_done(db.session(), proposal)
    if request.form.get("back") == "list":
        flash(outcome.message, outcome.category)
        return redirect(url_for(".due"))
    return _back_to_kit(proposal, outcome)


@bp.get("/proposals/<int:proposal_id>/follow-up.ics")
def calendar(proposal_id: int):
    """The follow-up as an all-day calendar event (404, explained, without a date)."""
    proposal = get_proposal(proposal_id)
    plan = schedule.plan_of(proposal)
    if plan is None:
        return render_template("web/followup/no_date.html", proposal=proposal), 404
    kit_url = url_for(".kit_page", proposal_id=proposal.id, _external=True)
    locale = locale_for(db.session(), schedule.sent_document(proposal))
    invite = request.args.get("attendee") == "1"  # the consultant ticked "invite them"
    body = ics.calendar_file(proposal, plan, kit_url=kit_url, locale=locale, invite_client=invite)
    name = f"follow-up-{file_slug(proposal.prospect, 'client')}.ics"
    return attachment(body, name, "text/calendar")


@bp.get("/follow-ups")
def due():
    """Your follow-ups that are overdue or due this week."""
    today = date.today()
    found = schedule.due_follow_ups(db.session(), current_user.id, today)
    return render_template("web/followup/due.html", due=found, today=today, button=EmptyForm())
