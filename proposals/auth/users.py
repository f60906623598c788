"""What can be done to accounts; shared by the pages and the `proposals users` command."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..document import EMAIL
from ..models import Proposal, Role, User

MIN_PASSWORD = 10


class AccountError(ValueError):
    """A refused account change; `field` is the form field it belongs to."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(User)))


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(
    session: Session, email: str, name: str, password: str, admin: bool = False
) -> User:
    """Add a user; the very first one also takes over proposals that have no author yet."""
    email, name = email.strip().lower(), name.strip()
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise AccountError("email", "not an e-mail address")
    if not name or len(name) > 200:
        raise AccountError("name", "required (at most 200 characters)")
    if len(password) < MIN_PASSWORD:
        raise AccountError("password", f"at least {MIN_PASSWORD} characters")
    if find_by_email(session, email) is not None:
        raise AccountError("email", "someone already signs in with this address")
    first = not has_users(session)
    user = User(
        email=email,
        name=name,
        password_hash=generate_password_hash(password),
        role=Role.ADMIN if admin or first else Role.CONSULTANT,
        active=True,
    )
    session.add(user)
    session.flush()
    if first:  # the demo proposals loaded on first start become theirs
        session.execute(
            update(Proposal).where(Proposal.owner_id.is_(None)).values(owner_id=user.id)
        )
    session.commit()
    return user


def first_admin(session: Session) -> User | None:
    return session.scalar(select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same answer for every failure)."""
    user = find_by_email(session, email or "")
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password or "")  # same time whether or not they exist
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


_DUMMY_HASH = generate_password_hash("not a real password")


def safe_next(target: str | None) -> str | None:
    """A `next` URL only if it stays on this site: a path, not another host or scheme."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def set_active(session: Session, user: User, active: bool, acting: User) -> None:
    if user.id == acting.id and not active:
        raise AccountError("active", "you can't switch off your own account")
    user.active = active
    session.commit()
