"""Who an API request is: the user of its bearer token, never of a browser's cookie."""

from __future__ import annotations

from flask import current_app, request

from .. import db
from ..auth import login_manager
from ..auth.sessions import digest
from ..throttle import by_address
from . import tokens
from .problems import ApiError

# Reachable without a token: the description of the API itself.
PUBLIC = {"api.openapi_json"}


def bearer() -> str | None:
    """The token of an `Authorization: Bearer …` header, if the request has one."""
    authorization = request.authorization
    if authorization is None or authorization.type != "bearer" or not authorization.token:
        return None
    return authorization.token


def authenticate() -> None:
    """Make the token's user this request's `current_user`, or answer 401."""
    secret = bearer()
    if secret is None:
        if request.endpoint in PUBLIC:
            return
        if current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
            raise ApiError(
                401,
                "The API does not accept a browser's sign-in: send a personal API token as "
                "`Authorization: Bearer <token>` (make one on your profile page).",
            )
        raise ApiError(401)
    user = tokens.user_for(db.session(), secret)
    if user is None:
        raise ApiError(401, "This token is unknown or was revoked: make a new one.")
    # What Flask-Login does for a user it loads itself, minus the session cookie: every
    # lookup that asks for current_user (lookup.get_proposal ...) now sees the token's user.
    login_manager._update_request_context_with_user(user)


def rate_key() -> str:
    """Requests are counted per token (its hash, as stored), else per address."""
    secret = bearer()
    return f"token:{digest(secret)}" if secret else by_address()
