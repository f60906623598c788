"""Which passwords are accepted, and administrators' one-time links to set a new one."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from ..models import User, utcnow
from .sessions import digest

MIN_PASSWORD = 10
# zxcvbn's own score: 3 is "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
# zxcvbn refuses longer input (its matching is slow on it); a longer password is judged
# by its start, which is never stronger than the whole.
JUDGED_CHARACTERS = 72
RESET_VALID_FOR = timedelta(hours=24)


def weakness(password: str, *context: str) -> str | None:
    """Why `password` is refused, in plain words, or None when it is good enough.

    `context` holds words the person is known by (name, e-mail): using them is guessable.
    """
    if len(password) < MIN_PASSWORD:
        return f"at least {MIN_PASSWORD} characters"
    words = [part for text in context for part in text.replace("@", " ").split() if part]
    verdict = zxcvbn(password[:JUDGED_CHARACTERS], user_inputs=words)
    if verdict["score"] >= MIN_SCORE:
        return None
    feedback = verdict["feedback"]
    reasons = [feedback.get("warning") or "", *feedback.get("suggestions", [])]
    said = " ".join(reason for reason in reasons if reason)
    return f"too easy to guess. {said or 'Add another word or two.'}"


def issue_reset(session: Session, user: User) -> str:
    """A new one-time reset token for `user` (any earlier link stops working)."""
    token = secrets.token_urlsafe(32)
    user.reset_token_hash = digest(token)
    user.reset_expires_at = utcnow() + RESET_VALID_FOR
    session.commit()
    return token


def user_for_reset(session: Session, token: str) -> User | None:
    """The active user a reset token belongs to, while it is unused and not expired."""
    if not token:
        return None
    user = session.scalar(select(User).where(User.reset_token_hash == digest(token)))
    if user is None or not user.active or user.reset_expires_at is None:
        return None
    return user if utcnow() <= user.reset_expires_at else None
