"""What can be done to accounts; shared by the pages and the `proposals users` command."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..document import EMAIL, DocumentError, FieldError, errors_from
from ..fields import Email, Name, Short
from ..models import Proposal, Role, User
from . import sessions
from .passwords import weakness


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
    refused = weakness(password, email, name)
    if refused:
        raise AccountError("password", refused)
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


def change_password(session: Session, user: User, current: str, new: str) -> int:
    """Set a new password after checking the current one; ends the user's other sign-ins."""
    if not check_password_hash(user.password_hash, current or ""):
        raise AccountError("current", "that is not your current password")
    if new == current:
        raise AccountError("password", "choose a password different from the current one")
    return set_password(session, user, new, keep=user.session_token)


def set_password(session: Session, user: User, new: str, keep: str | None = None) -> int:
    """Store a new password and end every sign-in but `keep`; a reset link stops working."""
    refused = weakness(new or "", user.email, user.name)
    if refused:
        raise AccountError("password", refused)
    user.password_hash = generate_password_hash(new)
    user.reset_token_hash = user.reset_expires_at = None
    session.commit()
    return sessions.end_all(session, user, keep=keep)


def set_active(session: Session, user: User, active: bool, acting: User) -> None:
    if user.id == acting.id and not active:
        raise AccountError("active", "you can't switch off your own account")
    user.active = active
    session.commit()


class ProfileFields(BaseModel):
    """A consultant's details, checked as the document checks its consultant's."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    job_title: Short = None
    email: Email
    phone: Short = None


def update_profile(session: Session, user: User, details: dict) -> None:
    """Check every detail, then save them all; DocumentError names each field refused."""
    errors: list[FieldError] = []
    if not str(details.get("email") or "").strip():
        errors.append(FieldError("email", "required: it is also how you sign in"))
    try:
        fields = ProfileFields.model_validate(details)
    except ValidationError as exc:
        raise DocumentError(errors + errors_from(exc).errors) from None
    if errors:
        raise DocumentError(errors)
    email = (fields.email or "").lower()
    taken = find_by_email(session, email)
    if taken is not None and taken.id != user.id:
        raise DocumentError([FieldError("email", "someone already signs in with this address")])
    user.name, user.email = fields.name, email
    user.job_title, user.phone = fields.job_title or "", fields.phone or ""
    session.commit()


def consultant_details(user: User, firm_name: str) -> dict:
    """The `consultant` part of a new proposal, from the user's profile and the firm's name."""
    details = {"name": user.name, "firm": firm_name, "email": user.email, "phone": user.phone}
    return {key: value for key, value in details.items() if value}
