"""Accounts: signing in and out, the first-run setup, and managing the firm's users."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, url_for
from flask_login import LoginManager, current_user

from .. import db
from ..models import User

bp = Blueprint("auth", __name__)
login_manager = LoginManager()

# Reachable without signing in: the health check, static files, and the way in.
PUBLIC_ENDPOINTS = {"auth.login", "auth.setup", "health.healthz", "static"}


def init_app(app: Flask) -> None:
    from . import views  # noqa: F401  (routes register themselves on bp)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "warning"
    app.register_blueprint(bp)
    app.before_request(_require_sign_in)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def _require_sign_in():
    """Every page needs a signed-in user; with no users yet, everything leads to setup."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.endpoint == "wizard.step" and request.method == "POST":
        from ..wizard.views import after_expired_token

        return after_expired_token()  # keeps what was typed over the sign-in
    from .users import has_users

    if not has_users(db.session()):
        return redirect(url_for("auth.setup"))
    return login_manager.unauthorized()
