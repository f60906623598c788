"""The HTTP API, `/api/v1`: the third way into a proposal, after the wizard and a file.

JSON in and out, personal tokens (`Authorization: Bearer …`), the same validation and the
same operations as the wizard and the CLI, errors as problem+json, and an OpenAPI document
generated from the routes and the pydantic models. `/api/` is the page that explains it.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import TooManyRequests

from .. import csrf
from ..auth import authenticates_itself
from ..errors import answer_errors_under
from ..throttle import limiter, setting
from . import documents, guard, page, problems, proposals, renders, samples, spec
from .blueprint import bp, docs_bp
from .registry import PREFIX

__all__ = ["documents", "page", "proposals", "renders", "samples", "spec"]

bp.before_request(guard.authenticate)
bp.register_error_handler(Exception, problems.handle)
# Flask looks for a handler of the status code (the app's HTML 429 page) before one of the
# exception's class: the API's own 429 is registered by its code too.
bp.register_error_handler(TooManyRequests, problems.handle)
# No cookie ever authenticates an API request (the guard refuses them), so no request the
# API acts on can be forged by another site: CSRF tokens are for forms, not for tokens.
csrf.exempt(bp)
limiter.limit(setting("LIMIT_API"), key_func=guard.rate_key)(bp)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(docs_bp)
    authenticates_itself(app, PREFIX + "/")
    answer_errors_under(app, PREFIX + "/", problems.handle)
