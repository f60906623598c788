"""Nothing typed is lost when a session or a form token expires mid-step.

* An expired form token: the step comes back with everything that was typed (not saved
  yet, since the request could not be trusted) and a fresh token, to save again.
* An expired session: the typed form is held in the instance folder and the consultant
  signs in again; the step then opens with the held text restored.

A form is held only for a session cookie this app signed for a user (its age no longer
matters, its signature does), for a proposal of that user, a few per user and a few
hundred in all, for a day; it comes back only to that user, in the browser that typed it.
A request without such a cookie proves nothing, so it is sent to sign in with nothing kept.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

from flask import current_app, redirect, request, url_for
from flask_login import current_user
from itsdangerous import BadSignature
from werkzeug.datastructures import MultiDict

from .. import db
from ..lookup import get_proposal
from ..models import Proposal
from ..web import LARGEST_ID
from .steps import page_of

HELD_FOR_SECONDS = 24 * 3600
QUERY_KEY = "restore"
COOKIE = "held_by"  # binds a held form to the browser that typed it
MAX_HELD_BYTES = 256 * 1024  # far more than a wizard step's fields
MAX_PER_USER = 5  # a new one pushes out that user's oldest
MAX_HELD_FILES = 200  # in all: past this, nothing more is held until some are taken or old
# A held form's file name, and the key its restore link carries: <user>-<when>-<random>,
# <when> in nanoseconds so that forms held in the same second still come in order.
KEY = re.compile(r"(?P<user>\d{1,18})-(?P<at>\d{1,21})-[A-Za-z0-9_-]{20,64}")
USER_ID = re.compile(r"\d{1,18}")  # Flask-Login's user id at the start of `_user_id`


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "held-forms"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def signed_session_user() -> int | None:
    """The user id in this request's session cookie, if this app signed it (even long ago)."""
    cookie = request.cookies.get(current_app.config.get("SESSION_COOKIE_NAME", "session"))
    serializer = getattr(current_app.session_interface, "get_signing_serializer", None)
    signer = serializer(current_app) if cookie and serializer else None
    if signer is None:
        return None
    try:
        data = signer.loads(cookie)  # no max_age: an expired session still proves who it was
    except BadSignature:
        return None
    found = USER_ID.match(str(data.get("_user_id", ""))) if isinstance(data, dict) else None
    return int(found.group()) if found else None


def holder_of(proposal_id: int) -> int | None:
    """Who may have a form held for this proposal: its owner, proven by the session cookie."""
    user_id = signed_session_user()
    if user_id is None or proposal_id > LARGEST_ID:  # a larger id names no proposal
        return None
    proposal = db.session().get(Proposal, proposal_id)
    return user_id if proposal is not None and proposal.owner_id == user_id else None


def _held(pattern: str = "*") -> list[tuple[Path, int, int]]:
    """Held files (path, user, time held) matching `pattern`, oldest first."""
    found = []
    for path in _folder().glob(f"{pattern}.json"):
        match = KEY.fullmatch(path.stem)
        if match:
            found.append((path, int(match["user"]), int(match["at"])))
    return sorted(found, key=lambda held: held[2])


def hold_current_form(user_id: int) -> tuple[str, str] | None:
    """Keep this request's form (without its token) for `user_id`; returns (key, browser
    id), or None when it is too big or too many forms are held already."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    browser = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
    record = json.dumps({"path": request.path, "browser": browser, "fields": fields})
    if len(record) > MAX_HELD_BYTES:
        return None
    _forget_old()
    mine = _held(f"{user_id}-*")
    for path, _, _ in mine[: max(0, len(mine) - MAX_PER_USER + 1)]:
        path.unlink(missing_ok=True)
    if len(_held()) >= MAX_HELD_FILES:
        return None
    key = f"{user_id}-{time.time_ns()}-{secrets.token_urlsafe(24)}"
    path = _folder() / f"{key}.json"
    path.write_text(record, encoding="utf-8")
    path.chmod(0o600)
    return key, browser


def take_held_form(key: str) -> MultiDict | None:
    """The held form for this URL, removed once taken; None if unknown, old, someone
    else's or typed in another browser."""
    match = KEY.fullmatch(key or "")
    if match is None or not current_user.is_authenticated:
        return None
    if int(match["user"]) != current_user.id or int(match["at"]) < _cutoff():
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


def _cutoff() -> int:
    """Forms held before this time (in nanoseconds) are too old to give back."""
    return time.time_ns() - HELD_FOR_SECONDS * 10**9


def _forget_old() -> None:
    """Remove held forms older than a day (their time is in their name)."""
    cutoff = _cutoff()
    for path, _, at in _held():
        if at < cutoff:
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
    holder = holder_of(request.view_args["proposal_id"])
    kept = hold_current_form(holder) if holder is not None else None
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
