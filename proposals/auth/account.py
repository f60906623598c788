"""A user's own account: their profile, changing their password, and setting it from an
administrator's reset link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import db, throttle
from ..document import DocumentError
from . import bp, passwords, users
from .forms import ChangePasswordForm, NewPasswordForm, ProfileForm
from .views import sign_in


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    """Your details (written on every new proposal), a link to change the password."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            users.update_profile(db.session(), current_user, _details(form))
        except DocumentError as refused:
            db.session().rollback()
            for name, message in refused.by_path().items():
                form[name].errors = [message]
        else:
            flash("Your details are saved: new proposals start with them.", "success")
            return redirect(url_for(".profile"))
    status = 422 if form.errors else 200
    return render_template("web/auth/profile.html", form=form), status


def _details(form: ProfileForm) -> dict:
    return {name: form[name].data or "" for name in ("name", "job_title", "email", "phone")}


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@throttle.password
def change_password():
    """Every user: a new password (the current one first); other sign-ins end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            ended = users.change_password(
                db.session(), current_user, form.current.data or "", form.password.data or ""
            )
        except users.AccountError as exc:
            db.session().rollback()
            form[exc.field].errors = [str(exc)]
        else:
            flash(f"Password changed. {_ended(ended)}", "success")
            return redirect(url_for("dashboard.index"))
    status = 422 if form.errors else 200
    return render_template("web/auth/change_password.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
@throttle.password
def reset_password(token: str):
    """Set a new password from a one-time link; it works once, for 24 hours."""
    user = passwords.user_for_reset(db.session(), token)
    if user is None:
        abort(404)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            users.set_password(db.session(), user, form.password.data or "")
        except users.AccountError as exc:
            db.session().rollback()
            form[exc.field].errors = [str(exc)]
        else:
            sign_in(user)  # whoever was signed in in this browser, it is now this user
            flash("Password set. Any other sign-in of yours has ended.", "success")
            return redirect(url_for("dashboard.index"))
    status = 422 if form.errors else 200
    return render_template("web/auth/reset_password.html", form=form, person=user), status


def _ended(count: int) -> str:
    if not count:
        return "You stay signed in here."
    other = "sign-in" if count == 1 else "sign-ins"
    return f"You stay signed in here; {count} other {other} ended."
