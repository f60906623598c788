"""The firm profile page (administrators) and the logo image."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for

from .. import db, throttle
from ..document import DocumentError
from ..web import require_admin
from . import bp, profile
from .forms import FirmForm
from .logo import MAX_UPLOAD_BYTES
from .operations import ProfileChange, update_profile


@bp.route("/firm", methods=["GET", "POST"])
@require_admin
@throttle.upload
def edit():
    """Name, address, colour, logo, paper size, PDF layout and locale, used on every proposal."""
    firm = profile(db.session())
    form = FirmForm(obj=firm)
    if not form.is_submitted():
        return render_template("web/firm/edit.html", form=form, firm=firm)
    if form.validate_on_submit():
        try:
            update_profile(db.session(), _change(form))
        except DocumentError as refused:
            for name, message in refused.by_path().items():
                form[name].errors = [message]
        else:
            flash("Firm profile saved: it is used on the next PDF you generate.", "success")
            return redirect(url_for(".edit"))
    db.session().rollback()
    return render_template("web/firm/edit.html", form=form, firm=firm), 422


def _change(form: FirmForm) -> ProfileChange:
    """The form's values; a logo is read one byte past the limit, so a bigger one is refused."""
    upload = form.logo.data
    chosen = upload is not None and getattr(upload, "filename", "")
    return ProfileChange(
        name=form.name.data or "",
        address=form.address.data or "",
        brand_colour=form.brand_colour.data or "",
        page_size=form.page_size.data or "",
        pdf_layout=form.pdf_layout.data or "",
        locale=form.locale.data or "",
        logo=upload.read(MAX_UPLOAD_BYTES + 1) if chosen else None,
        remove_logo=bool(form.remove_logo.data),
    )


@bp.get("/firm/logo.png")
def logo():
    """The firm's logo as stored (always our own re-encoded PNG)."""
    firm = profile(db.session())
    if not firm.logo_png:
        abort(404)
    return Response(firm.logo_png, mimetype="image/png")
