"""A user's own account: their profile, changing their password, and setting it from an
administrator's reset link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import db, throttle
from ..api import tokens as api_tokens
from ..document import DocumentError
from ..web import EmptyForm, button_post
from . import bp, passwords, users
from .forms import ApiTokenForm, ChangePasswordForm, NewPasswordForm, ProfileForm
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
    return _profile_page(form), status


def _profile_page(form: ProfileForm, token_form: ApiTokenForm | None = None, new_token=None):
    """The profile page; with `new_token` (the token, its secret) just made, shown once."""
    return render_template(
        "web/auth/profile.html",
        form=form,
        token_form=token_form or ApiTokenForm(formdata=None),
        api_tokens=api_tokens.of(db.session(), current_user),
        new_token=new_token,
        button=EmptyForm(),
    )


@bp.post("/account/tokens")
@login_required
def create_api_token():
    """A personal token for the HTTP API, shown on the page once (only its hash is kept)."""
    form = ApiTokenForm()
    profile_form = ProfileForm(formdata=None, obj=current_user)
    if not form.validate_on_submit():
        abort(400)
    try:
        made = api_tokens.create(db.session(), current_user, form.name.data)
    except api_tokens.TokenError as exc:
        form[exc.field].errors = [str(exc)]
        return _profile_page(profile_form, form), 422
    return _profile_page(profile_form, new_token=made)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
@button_post
def revoke_api_token(token_id: int):
    """Revoke one of your tokens: it stops working at once."""
    token = api_tokens.revoke(db.session(), current_user, token_id)
    if token is None:
        abort(404)
    flash(f"The token “{token.name}” is revoked: it no longer opens the API.", "success")
    return redirect(url_for(".profile") + "#api-tokens")


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
