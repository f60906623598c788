"""Referral directory pages: list and search, add, edit, delete, CSV export and import.
Each is form → operation → redirect; the rules live in operations.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import db, throttle
from ..audit import Actor
from ..document import Limits
from ..models import Provider
from ..web import EmptyForm, attachment
from . import csvfile, operations, store
from .blueprint import bp
from .forms import ProviderForm, UploadForm
from .providers import COLUMNS, ProviderError, form_data


def _provider(provider_id: int) -> Provider:
    """The provider, or 404."""
    provider = db.session().get(Provider, provider_id)
    if provider is None:
        abort(404)
    return provider


def _actor() -> Actor:
    """The signed-in user, as the audit log records them."""
    return Actor.of(current_user)


def _index(import_errors: list[str] | None = None, status: int = 200):
    """The directory page, searched by `q`, with the import's problems if there are any."""
    query = request.args.get("q", "").strip()[: Limits.SEARCH]
    return render_template(
        "web/referrals/index.html",
        providers=store.search(db.session(), query),
        query=query,
        total=db.session().query(Provider).count(),
        upload=UploadForm(),
        import_errors=import_errors or [],
        may_delete=lambda provider: operations.may_delete(provider, _actor()),
    ), status


@bp.get("/")
def index():
    """Every provider the firm trusts, with a search over all their fields."""
    return _index()


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Add a provider to the directory."""
    return _save(ProviderForm(), None)


@bp.route("/<int:provider_id>/edit", methods=["GET", "POST"])
def edit(provider_id: int):
    """Change a provider's entry."""
    provider = _provider(provider_id)
    if request.method == "GET":
        data = {**form_data(provider), "edit_version": provider.edit_version}
        return _save(ProviderForm(formdata=None, data=data), provider)
    return _save(ProviderForm(), provider)


def _save(form: ProviderForm, provider: Provider | None):
    """Show the form; on a valid submit, save and go back to the entry in the list."""
    if not form.validate_on_submit():
        return render_template("web/referrals/edit.html", form=form, provider=provider)
    sent = form.edit_version.data or ""
    seen = int(sent) if sent.isdigit() else None
    try:
        saved = operations.save_provider(db.session(), form.data, _actor(), provider, seen)
    except operations.StaleProvider as stale:
        return _conflict(stale)
    except ProviderError as exc:
        for name, message in exc.errors.items():
            field = getattr(form, name)
            field.errors = [*field.errors, message]
        return render_template("web/referrals/edit.html", form=form, provider=provider), 422
    flash(f"Saved {saved.name} to the referral directory.", "success")
    return redirect(url_for(".index", _anchor=f"provider-{saved.id}"))


def _conflict(stale: operations.StaleProvider):
    """409: the entry as saved now and as this form sent it, to keep either."""
    provider = stale.provider
    resend = [(name, stale.typed.get(name) or "") for name in COLUMNS]
    return render_template(
        "web/edit_conflict.html",
        what=provider.name,
        rows=operations.conflict_rows(stale),
        resend=[*resend, ("edit_version", provider.edit_version)],
        action=url_for(".edit", provider_id=provider.id),
        back=url_for(".index", _anchor=f"provider-{provider.id}"),
    ), 409


@bp.route("/<int:provider_id>/delete", methods=["GET", "POST"])
def delete(provider_id: int):
    """Ask, then remove the provider from the directory (proposals keep their referrals)."""
    provider = _provider(provider_id)
    form = EmptyForm()
    operations.check_may_delete(provider, _actor())  # before asking: 403 if not theirs
    if not form.validate_on_submit():
        return render_template("web/referrals/delete.html", provider=provider, form=form)
    name = provider.name
    operations.delete_provider(db.session(), provider, _actor())
    flash(f"Removed {name} from the referral directory.", "success")
    return redirect(url_for(".index"))


@bp.get("/export.csv")
def export():
    """The whole directory as CSV (UTF-8 with a byte-order mark, so spreadsheets agree)."""
    body = csvfile.export_file(db.session())
    return attachment(body, csvfile.export_name(), "text/csv")


@bp.post("/import")
@throttle.upload
def import_csv():
    """Add or update providers from a CSV file; one wrong row and nothing is imported."""
    form = UploadForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    data = upload.read() if upload is not None and getattr(upload, "filename", "") else None
    result = operations.import_providers(db.session(), data, _actor())
    if result.errors:
        return _index(result.errors, 422)
    flash(result.summary(), "success")
    return redirect(url_for(".index"))
