"""Starting a proposal: from a short prospect form, optionally from a firm template, or
from another client's proposal (only the parts the consultant chooses to carry)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from pydantic import ValidationError

from .. import db, firm, operations
from ..auth.users import consultant_details
from ..document import Prospect, errors_from
from ..firm_templates import operations as templates
from ..firm_templates.models import FirmTemplate
from ..lookup import get_proposal
from ..web import row_number
from .blueprint import bp
from .forms import ReuseForm, StartForm

NO_TEMPLATE = "No template: a blank proposal"


@bp.route("/proposals/new", methods=["GET", "POST"])
def new():
    """Ask for the prospect first; the proposal is created only when this is sent."""
    form = StartForm(template=request.args.get("template", ""))
    form.template.choices = [("", NO_TEMPLATE)] + [
        (str(each.id), each.name) for each in templates.all_templates(db.session())
    ]
    if form.validate_on_submit() and _prospect_ok(form):
        chosen = _template(form.template.data)
        carried = templates.checked_content(chosen.content) if chosen else {}
        proposal = operations.start_proposal(db.session(), _start(form, carried), current_user.id)
        return redirect(url_for("wizard.step", proposal_id=proposal.id, slug="people"))
    status = 422 if form.errors else 200
    return render_template("web/start.html", form=form), status


@bp.route("/proposals/<int:proposal_id>/duplicate", methods=["GET", "POST"])
def duplicate(proposal_id: int):
    """Use a proposal as a starting point for another client: choose what to carry over."""
    source = get_proposal(proposal_id)
    form = ReuseForm(carry=list(operations.CARRIED))  # all ticked until the consultant chooses
    if form.validate_on_submit() and _prospect_ok(form):
        carried = operations.carried_sections(source, form.carry.data or [])
        proposal = operations.start_proposal(db.session(), _start(form, carried), current_user.id)
        flash(f"Started from “{source.title or 'an untitled proposal'}”.", "success")
        return redirect(url_for("wizard.step", proposal_id=proposal.id, slug="people"))
    status = 422 if form.errors else 200
    return render_template("web/reuse.html", form=form, source=source), status


def _prospect_ok(form: StartForm) -> bool:
    """Check the prospect as the document does; each message goes next to its field."""
    try:
        Prospect.model_validate(
            {"organisation": form.organisation.data, "contact_name": form.contact_name.data}
        )
    except ValidationError as exc:
        for path, message in errors_from(exc).by_path().items():
            form[path].errors = [message]
        return False
    return True


def _template(chosen: str | None) -> FirmTemplate | None:
    """The chosen firm template; none chosen, or one deleted meanwhile, is no template."""
    try:
        return db.session().get(FirmTemplate, row_number(chosen or ""))
    except ValueError:
        return None


def _start(form: StartForm, carried: dict) -> operations.Start:
    firm_name = firm.profile_name(db.session())
    return operations.Start(
        organisation=form.organisation.data or "",
        contact_name=form.contact_name.data or "",
        consultant=consultant_details(current_user, firm_name),
        carried=carried,
    )
