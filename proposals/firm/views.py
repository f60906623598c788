"""The firm profile page (administrators) and the logo image."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for

from .. import db
from ..web import require_admin
from . import bp, profile, valid_colour
from .forms import FirmForm
from .logo import MAX_UPLOAD_BYTES, LogoError, clean_logo


@bp.route("/firm", methods=["GET", "POST"])
@require_admin
def edit():
    """Name, address, colour, logo and paper size, used on every proposal's cover."""
    firm = profile(db.session())
    form = FirmForm(obj=firm)
    if not form.is_submitted():
        form.brand_colour.data = firm.brand_colour
        return render_template("web/firm/edit.html", form=form, firm=firm)
    if form.validate_on_submit() and _apply(form, firm):
        db.session().commit()
        flash("Firm profile saved: it is used on the next PDF you generate.", "success")
        return redirect(url_for(".edit"))
    db.session().rollback()
    return render_template("web/firm/edit.html", form=form, firm=firm), 422


def _apply(form: FirmForm, firm) -> bool:
    colour = valid_colour(form.brand_colour.data)
    if colour is None:
        form.brand_colour.errors = ["a colour like #1d5c63"]
        return False
    logo = None
    upload = form.logo.data
    if upload is not None and getattr(upload, "filename", ""):
        try:
            logo = clean_logo(upload.read(MAX_UPLOAD_BYTES + 1))
        except LogoError as exc:
            form.logo.errors = [str(exc)]
            return False
    firm.name = (form.name.data or "").strip()[:200]
    firm.address = (form.address.data or "").strip()[:1000]
    firm.brand_colour = colour
    firm.page_size = form.page_size.data
    if logo is not None:
        firm.logo_png = logo
    elif form.remove_logo.data:
        firm.logo_png = None
    return True


@bp.get("/firm/logo.png")
def logo():
    firm = profile(db.session())
    if not firm.logo_png:
        abort(404)
    return Response(firm.logo_png, mimetype="image/png")
