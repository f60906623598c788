"""Writing and reading the audit log. The features' operations call `record` before they
commit, so an entry exists exactly when its change does."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditEntry

PAGE_SIZE = 50
SHOWN_CHARS = 200  # of a value in an entry's details: enough to recognise, not a copy


class AuditKind(StrEnum):
    SAMPLE = "sample"
    PROVIDER = "provider"


class AuditAction(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    ARCHIVED = "archived"
    UNARCHIVED = "unarchived"  # brought back from the archive
    RESTORED = "restored"  # an earlier revision made current again
    DELETED = "deleted"
    IMPORTED = "imported"


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a signed-in user, or a command run on the server (no user id)."""

    name: str
    user_id: int | None = None
    admin: bool = False  # a command on the server is run by whoever administers it

    @classmethod
    def of(cls, user) -> Actor:
        """The signed-in user as an actor."""
        return cls(user.name, user.id, user.is_admin)


class NotAllowed(PermissionError):
    """A change this actor may not make; the message says who may."""


def record(
    session: Session,
    actor: Actor,
    kind: AuditKind,
    action: AuditAction,
    subject: str,
    subject_id: int | None = None,
    details: str = "",
) -> AuditEntry:
    """Add an entry to the session: it is committed (or rolled back) with the change."""
    entry = AuditEntry(
        user_id=actor.user_id,
        who=actor.name[:200],
        kind=kind,
        action=action,
        subject=subject[:200],
        subject_id=subject_id,
        details=details,
    )
    session.add(entry)
    return entry


def shown(value) -> str:
    """A value as an entry's details quote it: on one line, cut to SHOWN_CHARS."""
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def changes(before: dict, after: dict) -> str:
    """What changed, as `field: "old" → "new"`, one per changed field, for the details."""
    return "; ".join(
        f'{name}: "{shown(before.get(name))}" → "{shown(after.get(name))}"'
        for name in after
        if before.get(name) != after.get(name)
    )


@dataclass(frozen=True)
class Page:
    entries: list[AuditEntry]
    number: int
    pages: int


def entries(session: Session, kind: str = "", page: int = 1) -> Page:
    """One page of the log, newest first, of one kind (or every kind)."""
    query = select(AuditEntry)
    counted = select(func.count(AuditEntry.id))
    if kind in set(AuditKind):
        query = query.where(AuditEntry.kind == kind)
        counted = counted.where(AuditEntry.kind == kind)
    pages = max(1, -(-(session.scalar(counted) or 0) // PAGE_SIZE))
    number = min(max(page, 1), pages)
    rows = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return Page(list(rows), number, pages)
