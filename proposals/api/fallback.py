"""Any other address under /api/v1: a problem (404, or 405 naming the methods there are),
never the app's HTML pages or a sign-in redirect."""

from __future__ import annotations

from flask import current_app, request
from werkzeug.exceptions import HTTPException

from .blueprint import bp
from .problems import ApiError

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


@bp.route("/", defaults={"rest": ""}, methods=METHODS)
@bp.route("/<path:rest>", methods=METHODS)
def unknown(rest: str):
    """Reached only when no operation has this address and method (ids out of range too)."""
    allowed = _methods_elsewhere(request.path)
    if allowed:
        raise ApiError(
            405,
            f"{request.method} is not available here: use {', '.join(allowed)}.",
            headers={"Allow": ", ".join(allowed)},
        )
    raise ApiError(404)


def _methods_elsewhere(path: str) -> list[str]:
    """The methods another route answers at `path` (this catch-all matches them all)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in METHODS:
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        if endpoint != request.endpoint:
            allowed.append(method)
    return allowed
