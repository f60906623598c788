"""Errors as RFC 9457 problem details (`application/problem+json`), with every problem in a
document as `errors: [{path, message}]`: the paths and messages the CLI and the wizard use.

Whatever goes wrong in an API request ends here, so a client never sees an HTML page, a
stack trace or a 500 for anything it sent.
"""

from __future__ import annotations

import logging

from flask import Response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests

from ..problems import DocumentError, FieldError
from ..throttle import retry_after
from .schemas import Problem, ProblemItem

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    404: "Not found",
    405: "Method not allowed",
    412: "Precondition failed",
    413: "Request too large",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    503: "Service unavailable",
}

EXPLANATIONS = {
    401: "Send a personal API token as `Authorization: Bearer <token>` "
    "(make one on your profile page or with `proposals tokens create`). "
    "A signed-in browser's cookie is not accepted by the API.",
    404: "There is nothing at this address that your token may see.",
    413: "The request body is larger than the app accepts (4 MB).",
}


class ApiError(Exception):
    """An answer other than success, raised from a view and turned into a problem."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}
        super().__init__(detail or TITLES.get(status, ""))


def invalid(error: DocumentError, status: int = 422, detail: str | None = None) -> ApiError:
    """A DocumentError as a 422 (or `status`) with every problem by path."""
    count = len(error.errors)
    detail = detail or f"{count} problem{'s' if count != 1 else ''} to fix"
    return ApiError(status, detail, error.errors)


def problem(
    status: int,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = Problem(
        title=TITLES.get(status, "Error"),
        status=status,
        detail=detail or EXPLANATIONS.get(status),
        errors=[ProblemItem(path=e.path, message=e.message) for e in errors or []],
    )
    response = Response(body.model_dump_json(exclude_none=True), status=status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="proposals"'
    return response


def handle(error: Exception) -> Response:
    """The blueprint's one error handler: every exception becomes a problem response."""
    if isinstance(error, ApiError):
        return problem(error.status, error.detail, error.errors, error.headers)
    if isinstance(error, DocumentError):
        exc = invalid(error)
        return problem(exc.status, exc.detail, exc.errors)
    if isinstance(error, TooManyRequests):
        seconds = retry_after()
        detail = f"Too many requests with this token; try again in {seconds} s."
        return problem(429, detail, headers={"Retry-After": str(seconds)})
    if isinstance(error, CSRFError):  # not reached: the API is exempt; kept as a safety net
        return problem(401)
    if isinstance(error, HTTPException):
        code = error.code or 500
        headers = {}
        if code == 405 and getattr(error, "valid_methods", None):
            headers["Allow"] = ", ".join(error.valid_methods)
        detail = EXPLANATIONS.get(code) or error.description
        return problem(code, detail, headers=headers)
    log.exception("unexpected error in an API request")
    return problem(500, "Something went wrong on our side; please try again.")
