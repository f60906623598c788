"""Accounts: signing in and out, the first-run setup, and managing the firm's users."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, Flask, current_app, redirect, request, url_for
from flask_login import LoginManager, current_user

from .. import db
from ..models import User
from . import sessions
from .users import has_users

bp = Blueprint("auth", __name__)
login_manager = LoginManager()

# Reachable without signing in: the health check, static files, and the way in.
PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.setup",
    "auth.reset_password",
    "health.healthz",
    "static",
}


SIGNED_OUT_POSTS = "proposals.signed_out_posts"


SELF_AUTHENTICATED = "proposals.self_authenticated"


def authenticates_itself(app: Flask, prefix: str) -> None:
    """Let the URLs under `prefix` (the API's) check their own credentials (tokens) instead
    of a sign-in, even an address that matches no route there."""
    app.extensions.setdefault(SELF_AUTHENTICATED, set()).add(prefix)


def keep_signed_out_posts(app: Flask, endpoint: str, handler: Callable[[], Any]) -> None:
    """Let `endpoint` handle its own POSTs from a signed-out browser (to keep what was typed)."""
    app.extensions.setdefault(SIGNED_OUT_POSTS, {})[endpoint] = handler


def lifetimes() -> tuple[timedelta, timedelta]:
    """How long a sign-in lasts without a request, and at most (from the app's settings)."""
    config = current_app.config
    return (
        timedelta(hours=config["SESSION_IDLE_HOURS"]),
        timedelta(days=config["SESSION_LIFETIME_DAYS"]),
    )


def init_app(app: Flask) -> None:
    from . import account, views  # noqa: F401  (routes register themselves on bp)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "warning"
    # The cookie lasts as long as a sign-in may (the server ends it sooner when idle).
    app.permanent_session_lifetime = timedelta(days=app.config["SESSION_LIFETIME_DAYS"])
    app.register_blueprint(bp)
    app.before_request(_require_sign_in)


@login_manager.user_loader
def _load_user(alternative_id: str) -> User | None:
    """The user of a live sign-in; an ended, idle or too old one is signed out."""
    idle, lifetime = lifetimes()
    return sessions.resume(db.session(), alternative_id, idle, lifetime)


def _require_sign_in():
    """Every page needs a signed-in user; with no users yet, everything leads to setup."""
    if request.path.startswith(tuple(current_app.extensions.get(SELF_AUTHENTICATED, ()))):
        return None  # before current_user: a browser's sign-in must not become its user
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    held = current_app.extensions.get(SIGNED_OUT_POSTS, {}).get(request.endpoint)
    if held is not None and request.method == "POST":
        return held()  # keeps what was typed over the sign-in
    if not has_users(db.session()):
        return redirect(url_for("auth.setup"))
    return login_manager.unauthorized()
