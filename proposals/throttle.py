"""Throttles (Flask-Limiter) on the doors worth hammering: signing in, first-run setup,
password changes and uploads, each counted per account and per address.

The limits are read from the app's settings on every request (LIMIT_*), and the counts are
kept where RATELIMIT_STORAGE_URI says: this process's memory, or Redis for several processes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

limiter = Limiter(key_func=get_remote_address)


def init_app(app: Flask) -> None:
    limiter.init_app(app)


def by_address() -> str:
    return f"address:{get_remote_address()}"


def by_account() -> str:
    """The signed-in user, or else the account a sign-in or setup form names (or the link)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    email = (request.form.get("email") or "").strip().lower()
    return f"email:{email}" if email else f"path:{request.path}"


def refused(response: Response) -> bool:
    """Only failed attempts count: a consultant who signs in right is never slowed."""
    return response.status_code >= 400


def setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _throttle(account_limit: str, address_limit: str, account, only_failures: bool):
    """A decorator applying both limits to a view's POSTs."""
    deduct = refused if only_failures else None

    def decorate(view: Callable) -> Callable:
        for limit, key in ((account_limit, account), (address_limit, by_address)):
            view = limiter.limit(
                setting(limit), key_func=key, methods=["POST"], deduct_when=deduct
            )(view)
        return view

    return decorate


sign_in = _throttle("LIMIT_SIGN_IN", "LIMIT_SIGN_IN_ADDRESS", by_account, only_failures=True)
# First-run setup, changing a password and using a reset link.
password = _throttle("LIMIT_PASSWORD", "LIMIT_PASSWORD", by_account, only_failures=True)
upload = _throttle("LIMIT_UPLOAD", "LIMIT_UPLOAD", by_account, only_failures=False)


def retry_after() -> int:
    """Whole seconds until the limit this request broke lets it through again."""
    broken = limiter.current_limit
    if broken is None:
        return 60
    return max(1, math.ceil(broken.reset_at - time.time()))
