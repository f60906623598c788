"""Friendly error pages: a consultant never sees a stack trace."""

from __future__ import annotations

import logging
from datetime import timedelta

from babel.dates import format_timedelta
from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests

from .formatting import UI_LOCALE
from .throttle import retry_after

log = logging.getLogger(__name__)

_EXPLANATIONS = {
    400: "The request could not be understood.",
    401: "Please sign in to continue.",
    403: "This page is for the firm's administrators.",
    404: "There is nothing at this address. It may have been deleted.",
    405: "That action is not available here.",
    413: "That upload or form is larger than the app accepts (4 MB). Nothing was saved from it.",
    422: "Some of what was sent needs fixing.",
}


OWN_ERRORS = "proposals.own_errors"


def answer_errors_under(app: Flask, prefix: str, handler) -> None:
    """Let the URLs under `prefix` (the API) answer their own errors in their own format,
    those of addresses that match no route there included."""
    app.extensions.setdefault(OWN_ERRORS, {})[prefix] = handler


def _own_handler():
    for prefix, handler in current_app.extensions.get(OWN_ERRORS, {}).items():
        if request.path.startswith(prefix):
            return handler
    return None


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(TooManyRequests, _too_many_requests)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _page(code: int, title: str, explanation: str):
    return render_template("web/error.html", code=code, title=title, explanation=explanation), code


def _csrf_error(error: CSRFError):
    return expired_form_page()


def expired_form_page():
    """400: a form whose token was missing or too old, and what to do about it."""
    return _page(
        400,
        "This form has expired",
        "For your security the form's token was missing or too old. Go back, reload the page "
        "and send it again; what was already saved is still there.",
    )


def _too_many_requests(error: TooManyRequests):
    """429: too many attempts in a short time, and when the next one will be let through."""
    seconds = retry_after()
    wait = format_timedelta(timedelta(seconds=seconds), threshold=2, locale=UI_LOCALE)
    body, code = _page(
        429,
        "Too many attempts",
        f"For the account's safety, this is paused for a while. Try again in {wait}; "
        "nothing you had saved is affected.",
    )
    return body, code, {"Retry-After": str(seconds)}


def _http_error(error: HTTPException):
    own = _own_handler()
    if own is not None:  # an address under the API that no route matched
        return own(error)
    code = error.code or 500
    return _page(code, error.name, _EXPLANATIONS.get(code, error.description or ""))


def _unexpected_error(error: Exception):
    log.exception("unexpected error")
    return _page(
        500,
        "Something went wrong",
        "Something went wrong on our side. What you had saved is safe; please try again.",
    )
