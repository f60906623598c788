"""Sign-ins kept on the server: each browser's session is a row, so it can be ended.

Flask-Login keeps `User.get_id()` ("<user id>:<token>") in the signed session cookie; the
loader accepts it only while the sign-in's row exists and is neither idle too long nor too
old. Signing out deletes the row, so a copy of the cookie stops working too.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import SignIn, User, utcnow

# Writing the last-seen time on every request would make each page a database write.
TOUCH_EVERY = timedelta(minutes=1)


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, so a copy of the database opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(session: Session, user: User) -> str:
    """Record a new sign-in for `user` and return its token (kept on `user` for Flask-Login)."""
    token = secrets.token_urlsafe(32)
    session.add(SignIn(user_id=user.id, token_hash=digest(token)))
    session.commit()
    user.session_token = token
    return token


def resume(session: Session, alternative_id: str, idle: timedelta, lifetime: timedelta):
    """The active user of a live sign-in named by a cookie's id, or None (ended or expired)."""
    user_id, _, token = alternative_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    sign_in = session.scalar(
        select(SignIn).where(SignIn.token_hash == digest(token), SignIn.user_id == int(user_id))
    )
    if sign_in is None:
        return None
    now = utcnow()
    if now - sign_in.last_seen_at > idle or now - sign_in.created_at > lifetime:
        session.delete(sign_in)
        session.commit()
        return None
    if now - sign_in.last_seen_at > TOUCH_EVERY:
        sign_in.last_seen_at = now
        session.commit()
    user = session.get(User, sign_in.user_id)
    if user is None or not user.active:
        return None
    user.session_token = token
    return user


def end(session: Session, user: User) -> None:
    """End the sign-in this request belongs to."""
    if user.session_token:
        session.execute(delete(SignIn).where(SignIn.token_hash == digest(user.session_token)))
        session.commit()


def end_all(session: Session, user: User, keep: str | None = None) -> int:
    """End every sign-in of `user` except the one whose token is `keep`; returns how many."""
    query = delete(SignIn).where(SignIn.user_id == user.id)
    if keep:
        query = query.where(SignIn.token_hash != digest(keep))
    ended = session.execute(query).rowcount
    session.commit()
    return ended


def prune(session: Session, idle: timedelta, lifetime: timedelta, now: datetime) -> None:
    """Forget sign-ins that have expired, so the table holds only live ones."""
    session.execute(
        delete(SignIn).where(
            (SignIn.last_seen_at < now - idle) | (SignIn.created_at < now - lifetime)
        )
    )
    session.commit()
