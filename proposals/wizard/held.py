"""Nothing typed is lost when a session or a form token expires mid-step.

* An expired form token: the step comes back with everything that was typed (not saved
  yet, since the request could not be trusted) and a fresh token, to save again.
* An expired session: the typed form is held in the instance folder under a random key
  and the consultant signs in again; the step then opens with the held text restored.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from flask import current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..lookup import get_proposal
from .steps import page_of

HELD_FOR_SECONDS = 24 * 3600
QUERY_KEY = "restore"
COOKIE = "held_by"  # binds a held form to the browser that typed it
MAX_HELD_BYTES = 256 * 1024  # far more than a wizard step's fields
MAX_HELD_FILES = 200


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "held-forms"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def can_hold() -> bool:
    """Only a browser that had a session (now expired) gets its form held, within limits."""
    return bool(request.cookies.get(current_app.config.get("SESSION_COOKIE_NAME", "session")))


def hold_current_form() -> tuple[str, str] | None:
    """Keep this request's form (without its token); returns (key, browser id) or None."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    browser = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
    record = json.dumps({"path": request.path, "browser": browser, "fields": fields})
    _forget_old()
    if len(record) > MAX_HELD_BYTES or len(list(_folder().glob("*.json"))) >= MAX_HELD_FILES:
        return None
    key = secrets.token_urlsafe(24)
    path = _folder() / f"{key}.json"
    path.write_text(record, encoding="utf-8")
    path.chmod(0o600)
    return key, browser


def take_held_form(key: str) -> MultiDict | None:
    """The held form for this URL, removed once taken; None if unknown, old or elsewhere."""
    if not key or not key.replace("-", "").replace("_", "").isalnum():
        return None
    path = _folder() / f"{key}.json"
    try:
        held = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if held.get("path") != request.path or held.get("browser") != request.cookies.get(COOKIE):
        return None  # only the browser that typed it gets it back (not whoever has the link)
    path.unlink(missing_ok=True)
    return MultiDict([tuple(pair) for pair in held.get("fields", [])])


def _forget_old() -> None:
    cutoff = time.time() - HELD_FOR_SECONDS
    for path in _folder().glob("*.json"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


EXPIRED = (
    "This page was open so long that its security token expired, so nothing was saved yet. "
    "Everything you typed is below: check it and save again."
)
RESTORED = "You were signed out, so this wasn't saved yet. Here is what you typed: save it now."


def after_expired_token():
    """For a wizard step sent with an expired token or session: show it again as typed, or
    hold it over a sign-in."""
    if not current_user.is_authenticated:
        return _hold_over_sign_in()
    page = page_of(get_proposal(request.view_args["proposal_id"]), request.view_args["slug"])
    if page is None or page.step.section is None:
        return None
    return page.step.handler.unsaved(page, request.form, EXPIRED, 400)


def _hold_over_sign_in():
    kept = hold_current_form() if can_hold() else None
    if kept is None:
        return redirect(url_for("auth.login", next=request.path))
    key, browser = kept
    target = url_for(request.endpoint, **request.view_args, **{QUERY_KEY: key})
    response = redirect(url_for("auth.login", next=target))
    response.set_cookie(
        COOKIE,
        browser,
        max_age=HELD_FOR_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response
