"""The Templates page: the firm's templates listed, made from a proposal, renamed, deleted."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import db
from ..document import DocumentError
from ..models import Proposal
from ..web import EmptyForm, row_number
from . import bp, operations
from .forms import PARTS, NewTemplateForm, RenameForm
from .models import FirmTemplate


def _template(template_id: int) -> FirmTemplate:
    template = db.session().get(FirmTemplate, template_id)
    if template is None:
        abort(404)
    return template


@bp.get("")
def index():
    """Every template of the firm, with what it holds."""
    return render_template(
        "web/firm_templates/index.html",
        templates=operations.all_templates(db.session()),
        parts=PARTS,
        rename=RenameForm(formdata=None),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Keep chosen parts of one of your proposals as a template for the whole firm."""
    form = NewTemplateForm(proposal=request.args.get("proposal", ""), sections=["offer", "help"])
    form.proposal.choices = _your_proposals()
    if form.validate_on_submit():
        template = _save(form)
        if template is not None:
            flash(f"Saved “{template.name}”: anyone at the firm can start from it.", "success")
            return redirect(url_for(".index"))
    status = 422 if form.errors else 200
    return render_template("web/firm_templates/new.html", form=form), status


def _your_proposals() -> list[tuple[str, str]]:
    rows = db.session().execute(
        select(Proposal.id, Proposal.title, Proposal.prospect)
        .where(Proposal.owner_id == current_user.id)
        .order_by(Proposal.updated_at.desc())
    )
    return [
        (str(row.id), f"{row.title or 'Untitled'} ({row.prospect or 'no prospect yet'})")
        for row in rows
    ]


def _save(form: NewTemplateForm) -> FirmTemplate | None:
    """Save the template the form describes; a refusal goes next to its field."""
    source = _source(form.proposal.data)
    if source is None:
        form.proposal.errors = ["choose one of your proposals"]
        return None
    try:
        return operations.save_template(
            db.session(), form.name.data or "", source, form.sections.data or [], current_user.id
        )
    except DocumentError as refused:
        for name, message in refused.by_path().items():
            form[name].errors = [message]
        return None


def _source(chosen: str | None) -> Proposal | None:
    """The chosen proposal, if it is the signed-in user's."""
    try:
        proposal = db.session().get(Proposal, row_number(chosen or ""))
    except ValueError:
        return None
    return proposal if proposal is not None and proposal.owner_id == current_user.id else None


@bp.post("/<int:template_id>/rename")
def rename(template_id: int):
    template = _template(template_id)
    form = RenameForm()
    if form.validate_on_submit():
        try:
            operations.rename(db.session(), template, form.name.data or "")
        except operations.TemplateError as exc:
            form.name.errors = [str(exc)]
        else:
            flash(f"Renamed to “{template.name}”.", "success")
            return redirect(url_for(".index"))
    templates = operations.all_templates(db.session())
    return render_template(
        "web/firm_templates/index.html",
        templates=templates,
        parts=PARTS,
        rename=form,
        renaming=template.id,
    ), 422


@bp.route("/<int:template_id>/delete", methods=["GET", "POST"])
def delete(template_id: int):
    """Ask first, then delete the template (proposals started from it keep their content)."""
    template = _template(template_id)
    form = EmptyForm()
    if form.validate_on_submit():
        name = template.name
        operations.delete(db.session(), template)
        flash(f"Deleted the template “{name}”.", "success")
        return redirect(url_for(".index"))
    return render_template("web/firm_templates/delete.html", template=template, form=form)
