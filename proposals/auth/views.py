"""Sign in, sign out, first-run setup, and the users page for administrators."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from .. import db
from ..models import User
from ..web import require_admin
from . import bp, users
from .forms import LoginForm, NewUserForm, SetupForm


@bp.route("/login", methods=["GET", "POST"])
def login():
    if not users.has_users(db.session()):
        return redirect(url_for(".setup"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(db.session(), form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(users.safe_next(request.args.get("next")) or url_for("dashboard.index"))
        form.password.errors = ["that e-mail and password don't match an active account"]
        return render_template("web/auth/login.html", form=form), 401
    return render_template("web/auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for(".login"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Create the first account. The page exists only while there are no users."""
    if users.has_users(db.session()):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        user = _create(form, admin=True)
        if user is not None:
            login_user(user)
            flash(f"Welcome, {user.name}. Your proposals will be listed here.", "success")
            return redirect(url_for("dashboard.index"))
    return render_template("web/auth/setup.html", form=form), 422 if form.errors else 200


def _create(form: NewUserForm, admin: bool) -> User | None:
    try:
        return users.create_user(
            db.session(),
            form.email.data or "",
            form.name.data or "",
            form.password.data or "",
            admin=admin,
        )
    except users.AccountError as exc:
        db.session().rollback()
        form[exc.field].errors = [str(exc)]
        return None


@bp.route("/users", methods=["GET", "POST"])
@login_required
@require_admin
def manage_users():
    """Administrators: see everyone, add a consultant or another administrator."""
    form = NewUserForm()
    status = 200
    if form.validate_on_submit():
        user = _create(form, admin=form.admin.data)
        if user is not None:
            flash(f"{user.name} can now sign in as {user.email}.", "success")
            return redirect(url_for(".manage_users"))
        status = 422
    people = db.session().scalars(select(User).order_by(User.name)).all()
    return render_template("web/auth/users.html", form=form, people=people), status


@bp.post("/users/<int:user_id>/active")
@login_required
@require_admin
def set_active(user_id: int):
    user = db.session().get(User, user_id)
    if user is None:
        abort(404)
    try:
        users.set_active(db.session(), user, request.form.get("active") == "1", current_user)
    except users.AccountError as exc:
        flash(str(exc), "warning")
    return redirect(url_for(".manage_users"))
