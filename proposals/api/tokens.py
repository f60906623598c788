"""Personal API tokens: made on the profile page or by `proposals tokens create`, shown once,
kept only as their SHA-256 (as sign-ins are), revoked by their owner.

A token acts as its user: whatever the user could not see in the web app, the token can't.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.sessions import TOUCH_EVERY, digest
from ..models import ApiToken, User, utcnow

PREFIX = "prop_"  # says what a token is for when one turns up in a script or a log
NAME_LIMIT = 100
DEFAULT_NAME = "API token"


class TokenError(ValueError):
    """A token that cannot be made as asked; `field` is the form field it belongs to."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def create(session: Session, user: User, name: str | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its secret, which is never stored or shown again."""
    name = " ".join((name or "").split()) or DEFAULT_NAME
    if len(name) > NAME_LIMIT:
        raise TokenError("name", f"at most {NAME_LIMIT} characters")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret))
    session.add(token)
    session.commit()
    return token, secret


def of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke(session: Session, user: User, token_id: int) -> ApiToken | None:
    """Delete one of the user's own tokens (someone else's is as absent as a missing one)."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return None
    session.delete(token)
    session.commit()
    return token


def user_for(session: Session, secret: str) -> User | None:
    """The active user a token belongs to, or None; notes when it was last used."""
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest(secret))
    ).first()
    if found is None or not found.User.active:
        return None
    token, user = found
    now = utcnow()
    # As for sign-ins: not a database write on every request, but close enough to tell.
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        session.commit()
    return user
