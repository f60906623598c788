"""Response headers that make every page harder to misuse, and the health check."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify
from sqlalchemy import text

from . import db

# No inline scripts, nothing from other origins. Inline style attributes are allowed only
# because charts are SVG drawn with style attributes; no user text can carry styles (nh3).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

bp = Blueprint("health", __name__)


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
    app.register_blueprint(bp)


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        # Pages hold confidential notes: never keep them in shared caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.get("/healthz")
def healthz():
    """200 with a small JSON body when the app and its database answer; 503 otherwise."""
    try:
        db.session().execute(text("SELECT 1"))
    except Exception as exc:  # any database failure means "not healthy", never a 500 page
        return jsonify(status="unavailable", database=type(exc).__name__), 503
    return jsonify(status="ok", database="ok")
