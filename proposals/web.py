"""Small pieces every blueprint's views share: bare POST buttons, admin pages, downloads."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import wraps

from flask import Response, abort, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter

from .render.context import LOGO_ASSET

# The largest id a row can have on every database the app runs on: PostgreSQL's INTEGER is a
# signed 32-bit number (SQLite's is 64-bit). Beyond it nothing exists, and asking is a 404.
LARGEST_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """`<int:...>` in the app's URLs: an id past LARGEST_ID is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def row_number(value: str) -> int:
    """A whole number from a query string (`?revision=3`), for `request.args.get(type=...)`.

    Anything that isn't one, or is past LARGEST_ID, raises ValueError: Flask then uses the
    default, as for any unreadable value.
    """
    number = int(value)
    if not 0 <= number <= LARGEST_ID:
        raise ValueError(value)
    return number


class EmptyForm(FlaskForm):
    """A bare POST button (delete, duplicate, mark as sent): only the CSRF token."""


def button_post(view: Callable) -> Callable:
    """Refuse a POST whose CSRF token is missing or wrong with 400, before the view runs."""

    @wraps(view)
    def checked(*args, **kwargs):
        if not EmptyForm().validate_on_submit():
            abort(400)
        return view(*args, **kwargs)

    return checked


def require_admin(view: Callable) -> Callable:
    """Administrators only: anyone else signed in gets 403 (signing in is checked first)."""

    @wraps(view)
    def checked(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401)
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return checked


def file_slug(text: str | None, fallback: str, limit: int = 60) -> str:
    """A name for a downloaded file: "Kanelgården Café AB" -> "kanelgården-café-ab".

    Letters of any script are kept (the download carries them as RFC 5987 `filename*`);
    everything else becomes a hyphen.
    """
    slug = re.sub(r"[\W_]+", "-", (text or "").lower()).strip("-")
    return slug[:limit].rstrip("-") or fallback


def attachment(data: bytes, name: str, mimetype: str) -> Response:
    """A download under `name`, non-ASCII letters included (Flask writes both filename forms)."""
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=True,
        download_name=name,
        etag=False,
        max_age=0,
    )
    response.content_length = len(data)
    return response


def browser_asset(name: str) -> str:
    """A print template's asset at the app's own URL, for print HTML shown in the browser
    (the renderer's asset origin exists only inside the renderer, and the CSP refuses it)."""
    return url_for("firm.logo") if name == LOGO_ASSET else url_for("static", filename=name)
