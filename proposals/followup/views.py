"""Pages of the follow-up kit: the kit of one proposal, its calendar file, and what is due."""

from __future__ import annotations

import re
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from pydantic import ValidationError

from .. import db, formatting
from ..document import FollowUp, Limits, errors_from
from ..lookup import get_proposal
from ..models import Proposal, SampleRevision
from ..pdfs import pdf_filename
from ..web import EmptyForm, attachment, button_post, file_slug
from . import bp, kit
from .forms import DraftsForm, ScheduleForm

DRAFTS = ("cover_email", "follow_up_note")


def _today() -> date:
    return date.today()


def _suggested(proposal: Proposal, document, plan) -> dict[str, str]:
    """The drafts as the app writes them from the document the client has."""
    version = proposal.latest_version
    sample_title = None
    if version is not None and version.sample_revision_id:
        revision = db.session().get(SampleRevision, version.sample_revision_id)
        sample_title = revision.title if revision else None
    return {
        "cover_email": kit.cover_email(
            document, plan, pdf_filename(version) if version else None, sample_title
        ),
        "follow_up_note": kit.follow_up_note(document, plan),
    }


def _render_kit(
    proposal: Proposal,
    schedule: ScheduleForm | None = None,
    typed: dict[str, str] | None = None,
    draft_errors: dict[str, str] | None = None,
    status: int = 200,
):
    document = kit.document_of(proposal) if proposal.latest_version is not None else None
    plan = kit.plan_of(proposal)
    if schedule is None:
        schedule = ScheduleForm(
            formdata=None,
            data={"on": plan.on.isoformat() if plan else "", "about": plan.about if plan else ""},
        )
    drafts, findings, edited = {}, {}, {}
    if document is not None:
        suggested = _suggested(proposal, document, plan)
        for name in DRAFTS:
            stored = getattr(proposal, name)
            text = (typed or {}).get(name, stored if stored is not None else suggested[name])
            drafts[name] = text
            edited[name] = stored is not None
            findings[name] = kit.check_draft(text, document)
    today = _today()
    return render_template(
        "web/followup/kit.html",
        proposal=proposal,
        version=proposal.latest_version,
        document=document,
        plan=plan,
        today=today,
        schedule=schedule,
        drafts=drafts,
        edited=edited,
        findings=findings,
        draft_errors=draft_errors or {},
        button=EmptyForm(),
        drafts_form=DraftsForm(formdata=None),
    ), status


@bp.get("/proposals/<int:proposal_id>/follow-up")
def kit_page(proposal_id: int):
    """The follow-up kit: cover email, follow-up note, the date, and the calendar file."""
    return _render_kit(get_proposal(proposal_id))


@bp.post("/proposals/<int:proposal_id>/follow-up/schedule")
def schedule(proposal_id: int):
    """Set or move the follow-up; bad input is shown next to its field, as typed."""
    proposal = get_proposal(proposal_id)
    form = ScheduleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        planned = FollowUp.model_validate({"on": form.on.data, "about": form.about.data})
    except ValidationError as exc:
        for path, message in errors_from(exc).by_path().items():
            field = form.on if path.startswith("on") else form.about
            field.errors = [*field.errors, message]
        return _render_kit(proposal, schedule=form, status=422)
    kit.schedule(proposal, planned.on, planned.about)
    db.session().commit()
    flash(f"The follow-up is set for {formatting.weekday(planned.on)}.", "success")
    return redirect(url_for(".kit_page", proposal_id=proposal.id, _anchor="follow-up"))


@bp.post("/proposals/<int:proposal_id>/follow-up/drafts")
@button_post
def save_drafts(proposal_id: int):
    """Save an edited draft, or go back to the suggested text. Only the drafts sent in the
    form change."""
    proposal = get_proposal(proposal_id)
    document = kit.document_of(proposal) if proposal.latest_version is not None else None
    if document is None:
        return redirect(url_for(".kit_page", proposal_id=proposal.id))
    action = request.form.get("action", "save")
    if action.startswith("reset:") and action[6:] in DRAFTS:
        setattr(proposal, action[6:], None)
        db.session().commit()
        flash("Back to the suggested text, written from the proposal.", "success")
        return redirect(url_for(".kit_page", proposal_id=proposal.id, _anchor=action[6:]))
    suggested = _suggested(proposal, document, kit.plan_of(proposal))
    typed = {
        name: _plain(request.form[name])
        for name in DRAFTS
        if isinstance(request.form.get(name), str)
    }
    errors = {
        name: f"at most {Limits.TEXT:,} characters ({len(text):,} now)"
        for name, text in typed.items()
        if len(text) > Limits.TEXT
    }
    if errors:
        return _render_kit(proposal, typed=typed, draft_errors=errors, status=422)
    for name, text in typed.items():
        # Blank, or the suggestion unchanged: keep following the proposal.
        same = not text.strip() or text.strip() == suggested[name].strip()
        setattr(proposal, name, None if same else text)
    db.session().commit()
    blank = [name for name, text in typed.items() if not text.strip()]
    if blank:
        flash("An empty draft goes back to the suggested text.", "warning")
    else:
        flash("Saved. The trust check below reads what you wrote.", "success")
    anchor = next(iter(typed), None)
    return redirect(url_for(".kit_page", proposal_id=proposal.id, _anchor=anchor))


def _plain(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n") + "\n"


@bp.post("/proposals/<int:proposal_id>/follow-up/sent")
@button_post
def mark_sent(proposal_id: int):
    """Record that the PDF went out today; the follow-up joins your list of follow-ups."""
    proposal = get_proposal(proposal_id)
    today = _today()
    kit.record_sent(proposal, today)
    db.session().commit()
    plan = kit.plan_of(proposal)
    if plan is None:
        flash(
            "Marked as sent today. Add a follow-up date below so it comes back to you.", "success"
        )
    elif plan.on < today:
        flash(
            f"Marked as sent today. The follow-up date ({formatting.day_month(plan.on)}) has "
            "already passed: pick a new one below.",
            "warning",
        )
    else:
        flash(
            f"Marked as sent today. The follow-up on {formatting.day_month(plan.on)} is on your "
            "list of follow-ups.",
            "success",
        )
    return redirect(url_for(".kit_page", proposal_id=proposal.id))


@bp.post("/proposals/<int:proposal_id>/follow-up/done")
@button_post
def mark_done(proposal_id: int):
    """The follow-up was made: it leaves the list until a new date is set."""
    proposal = get_proposal(proposal_id)
    kit.mark_done(proposal, _today())
    db.session().commit()
    flash(f"Follow-up with {proposal.prospect or 'the client'} marked as done.", "success")
    if request.form.get("back") == "list":
        return redirect(url_for(".due"))
    return redirect(url_for(".kit_page", proposal_id=proposal.id, _anchor="follow-up"))


@bp.get("/proposals/<int:proposal_id>/follow-up.ics")
def calendar(proposal_id: int):
    """The follow-up as an all-day calendar event (404, explained, without a date)."""
    proposal = get_proposal(proposal_id)
    plan = kit.plan_of(proposal)
    if plan is None:
        return render_template("web/followup/no_date.html", proposal=proposal), 404
    body = kit.calendar_file(
        proposal, plan, kit_url=url_for(".kit_page", proposal_id=proposal.id, _external=True)
    )
    name = f"follow-up-{file_slug(proposal.prospect, 'client')}.ics"
    return attachment(body, name, "text/calendar")


@bp.get("/follow-ups")
def due():
    """Your follow-ups that are overdue or due this week."""
    found = kit.due_follow_ups(db.session(), current_user.id, _today())
    return render_template("web/followup/due.html", due=found, today=_today(), button=EmptyForm())
