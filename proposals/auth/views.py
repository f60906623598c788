"""Sign in, sign out, first-run setup, and the users page for administrators."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from .. import db, throttle
from ..models import Proposal, User, utcnow
from ..web import button_post, require_admin
from . import bp, lifetimes, passwords, sessions, users
from .forms import LoginForm, NewUserForm, SetupForm

log = logging.getLogger(__name__)


def sign_in(user: User) -> None:
    """Start a server-side sign-in for `user` in this browser (ending any other one here)."""
    if current_user.is_authenticated:
        sessions.end(db.session(), current_user)
    sessions.prune(db.session(), *lifetimes(), now=utcnow())
    sessions.start(db.session(), user)
    session.permanent = True  # the cookie outlives the browser, up to the absolute limit
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@throttle.sign_in
def login():
    if not users.has_users(db.session()):
        return redirect(url_for(".setup"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(db.session(), form.email.data, form.password.data)
        if user is not None:
            sign_in(user)
            return redirect(users.safe_next(request.args.get("next")) or url_for("dashboard.index"))
        log.warning("failed sign-in as %r from %s", form.email.data, request.remote_addr)
        form.password.errors = ["that e-mail and password don't match an active account"]
        return render_template("web/auth/login.html", form=form), 401
    return render_template("web/auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """End this browser's sign-in on the server too: a copy of its cookie stops working."""
    sessions.end(db.session(), current_user)
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for(".login"))


@bp.post("/logout/everywhere")
@button_post
def logout_everywhere():
    """End every sign-in of this account, on every browser and device."""
    ended = sessions.end_all(db.session(), current_user)
    logout_user()
    flash(f"Signed out everywhere ({ended} sign-in{'s' if ended != 1 else ''} ended).", "success")
    return redirect(url_for(".login"))


@bp.route("/setup", methods=["GET", "POST"])
@throttle.password
def setup():
    """Create the first account. The page exists only while there are no users."""
    if users.has_users(db.session()):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        user = _create(form, admin=True)
        if user is not None:
            sign_in(user)
            flash(welcome(user), "success")
            return redirect(url_for("dashboard.index"))
    return render_template("web/auth/setup.html", form=form), 422 if form.errors else 200


def welcome(user: User) -> str:
    """The first greeting: it points at the example proposals if the new account took them."""
    examples = select(Proposal.id).where(Proposal.owner_id == user.id, Proposal.example)
    if db.session().scalar(examples.limit(1)) is not None:
        return (
            f"Welcome, {user.name}. The examples below show finished proposals; "
            "yours will be listed with them."
        )
    return f"Welcome, {user.name}. Your proposals will be listed here."


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
    if form.validate_on_submit():
        user = _create(form, admin=form.admin.data)
        if user is not None:
            flash(f"{user.name} can now sign in as {user.email}.", "success")
            return redirect(url_for(".manage_users"))
        return _users_page(form), 422
    return _users_page(form)


def _users_page(form: NewUserForm, reset: tuple[User, str] | None = None) -> str:
    people = db.session().scalars(select(User).order_by(User.name)).all()
    return render_template("web/auth/users.html", form=form, people=people, reset=reset)


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


@bp.post("/users/<int:user_id>/reset")
@login_required
@require_admin
@button_post
def issue_reset(user_id: int):
    """A one-time link to set a new password, shown once on this page (never stored)."""
    user = db.session().get(User, user_id)
    if user is None:
        abort(404)
    token = passwords.issue_reset(db.session(), user)
    link = url_for(".reset_password", token=token, _external=True)
    return _users_page(NewUserForm(formdata=None), reset=(user, link))
