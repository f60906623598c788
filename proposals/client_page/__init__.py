"""The client's private page at /p/<token>: the sent proposal, and the client's answer."""

from __future__ import annotations

from flask import Flask

from ..auth import PUBLIC_ENDPOINTS
from . import consultant, views  # noqa: F401  (routes register themselves on bp)
from .blueprint import bp
from .privacy import redact_logs

# Opened without an account: the link's token is the key.
CLIENT_ENDPOINTS = {
    "client_page.show",
    "client_page.pdf",
    "client_page.receipt",
    "client_page.accept",
    "client_page.question",
    "client_page.decline",
    "client_page.accent",
}


def register(app: Flask) -> None:
    from ..sending.mailer import notify_in_background

    app.register_blueprint(bp)
    app.register_blueprint(consultant.bp)
    PUBLIC_ENDPOINTS.update(CLIENT_ENDPOINTS)
    # Its forms carry tokens of their own that need no session cookie (forms.py).
    app.extensions["csrf"].exempt(bp)
    redact_logs()
    # The consultant hears of an answer by e-mail when a mail server is set up (tests swap it).
    app.extensions.setdefault("notify_consultant", notify_in_background)
