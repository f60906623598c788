"""Referral directory pages: list and search, add, edit, delete, CSV export and import."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from .. import db
from ..models import Provider
from ..web import EmptyForm, attachment
from . import bp, directory
from .forms import ProviderForm, UploadForm


def _provider(provider_id: int) -> Provider:
    provider = db.session().get(Provider, provider_id)
    if provider is None:
        abort(404)
    return provider


def _index(import_errors: list[str] | None = None, status: int = 200):
    query = request.args.get("q", "").strip()[:100]
    return render_template(
        "web/referrals/index.html",
        providers=directory.search(db.session(), query),
        query=query,
        total=db.session().query(Provider).count(),
        upload=UploadForm(),
        import_errors=import_errors or [],
    ), status


@bp.get("/")
def index():
    """Every provider the firm trusts, with a search over all their fields."""
    return _index()


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = ProviderForm()
    return _save(form, None)


@bp.route("/<int:provider_id>/edit", methods=["GET", "POST"])
def edit(provider_id: int):
    provider = _provider(provider_id)
    form = ProviderForm()
    if request.method == "GET":
        form = ProviderForm(
            formdata=None,
            data={
                **{name: getattr(provider, name) for name in directory.COLUMNS},
                "tags": directory.join_tags(provider.tags),
            },
        )
    return _save(form, provider)


def _save(form: ProviderForm, provider: Provider | None):
    if form.validate_on_submit():
        session = db.session()
        try:
            saved = directory.save(session, form.data, provider)
        except directory.ProviderError as exc:
            session.rollback()
            for name, message in exc.errors.items():
                field = getattr(form, name)
                field.errors = [*field.errors, message]
            return render_template("web/referrals/edit.html", form=form, provider=provider), 422
        try:
            session.commit()
        except IntegrityError:  # a colleague saved the same provider a moment ago
            session.rollback()
            form.name.errors = [*form.name.errors, "already in the directory: edit that entry"]
            return render_template("web/referrals/edit.html", form=form, provider=provider), 422
        flash(f"Saved {saved.name} to the referral directory.", "success")
        return redirect(url_for(".index", _anchor=f"provider-{saved.id}"))
    return render_template("web/referrals/edit.html", form=form, provider=provider)


@bp.route("/<int:provider_id>/delete", methods=["GET", "POST"])
def delete(provider_id: int):
    """Ask, then remove the provider from the directory (proposals keep their referrals)."""
    provider = _provider(provider_id)
    form = EmptyForm()
    if form.validate_on_submit():
        db.session().delete(provider)
        db.session().commit()
        flash(f"Removed {provider.name} from the referral directory.", "success")
        return redirect(url_for(".index"))
    return render_template("web/referrals/delete.html", provider=provider, form=form)


@bp.get("/export.csv")
def export():
    """The whole directory as CSV (UTF-8 with a byte-order mark, so spreadsheets agree)."""
    body = "\ufeff" + directory.export_csv(db.session())
    name = f"referral-directory-{date.today().isoformat()}.csv"
    return attachment(body.encode("utf-8"), name, "text/csv")


@bp.post("/import")
def import_csv():
    """Add or update providers from a CSV file; one wrong row and nothing is imported."""
    form = UploadForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        return _index(["Choose a CSV file to import."], 422)
    session = db.session()
    result = directory.import_csv(session, upload.read())
    if result.errors:
        session.rollback()
        return _index(result.errors, 422)
    session.commit()
    total = result.created + result.updated
    flash(
        f"Imported {total} provider{'s' if total != 1 else ''}: "
        f"{result.created} new, {result.updated} updated.",
        "success",
    )
    return redirect(url_for(".index"))
