"""Opening a client link: the same work for every token, live or not."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ClientLink
from ..sending.records import digest


def open_link(session: Session, token: str, today: date | None = None) -> ClientLink | None:
    """The live link a token opens, else None: unknown, expired and revoked alike.

    The token is hashed before anything else and one query is made whatever it is, so a
    wrong token takes as long to refuse as an ended one (nothing tells them apart)."""
    hashed = digest(token)
    # Plain columns, not the entity: an ended link costs no more to refuse than no link.
    row = session.execute(
        select(ClientLink.id, ClientLink.revoked_at, ClientLink.expires_on).where(
            ClientLink.token_hash == hashed
        )
    ).first()
    today = today or date.today()
    live = row is not None and row.revoked_at is None and row.expires_on >= today
    return session.get(ClientLink, row.id) if live else None
