"""What a sending leaves behind: a frozen version, a Sending row, and private links.

Only a link token's SHA-256 is stored; the token itself is shown once, in the link."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from ..followup import schedule
from ..models import ClientLink, PdfVersion, Proposal, Sending, Status, User, utcnow

TOKEN_BYTES = 24  # 192 bits from the OS's generator: far beyond guessing
DEFAULT_LINK_DAYS = 30  # when the offer names no valid-until date


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def freeze(version: PdfVersion, now: datetime | None = None) -> None:
    """From its first sending on, the version is what the client sees: it is never deleted."""
    if version.frozen_at is None:
        version.frozen_at = now or utcnow()


def record_sending(
    session: Session,
    proposal: Proposal,
    version: PdfVersion,
    method: str,
    *,
    to_address: str = "",
    subject: str = "",
    body: str = "",
    sent_by: User | None = None,
    today: date | None = None,
    send_key: str | None = None,
) -> Sending:
    """Freeze the version and record one sending of it; the caller commits.

    An answered proposal (accepted or declined) keeps its status; otherwise it is now sent."""
    freeze(version)
    sending = Sending(
        proposal_id=proposal.id,
        version=version,
        method=method,
        to_address=to_address,
        subject=subject,
        body=body,
        sha256=version.sha256,
        sent_by_id=sent_by.id if sent_by else None,
        send_key=send_key,
    )
    session.add(sending)
    if proposal.status not in (Status.ACCEPTED, Status.DECLINED):
        schedule.record_sent(proposal, today)
    return sending


def default_expiry(version: PdfVersion, today: date | None = None) -> date:
    """The offer's valid-until date when it names one in the future, else 30 days on."""
    today = today or date.today()
    named = (version.document.get("offer") or {}).get("valid_until")
    if named:
        chosen = date.fromisoformat(str(named))
        if chosen >= today:
            return chosen
    return today + timedelta(days=DEFAULT_LINK_DAYS)


def create_link(
    session: Session, sending: Sending, expires_on: date | None = None, token: str | None = None
) -> tuple[ClientLink, str]:
    """A new private link to the sending's version; returns the link and its token (once).

    `token` is one made with new_token() beforehand, when the link went out in the e-mail."""
    token = token or new_token()
    link = ClientLink(
        proposal_id=sending.proposal_id,
        sending=sending,
        version=sending.version,
        token_hash=digest(token),
        expires_on=expires_on or default_expiry(sending.version),
    )
    session.add(link)
    return link, token


def live_link(session: Session, token: str, today: date | None = None) -> ClientLink | None:
    """The link a token opens, or None when it is unknown, expired or revoked (all alike)."""
    if not token or len(token) > 200:
        return None
    link = session.scalar(select(ClientLink).where(ClientLink.token_hash == digest(token)))
    if link is None or link.revoked_at is not None:
        return None
    if link.expires_on < (today or date.today()):
        return None
    return link


def known_link(session: Session, token: str) -> ClientLink | None:
    """The link a token names, live or not (for the page that says a link has ended)."""
    if not token or len(token) > 200:
        return None
    return session.scalar(select(ClientLink).where(ClientLink.token_hash == digest(token)))


def revoke_links(session: Session, proposal: Proposal) -> int:
    """End every live link of the proposal; returns how many were live. The caller commits."""
    result = session.execute(
        update(ClientLink)
        .where(ClientLink.proposal_id == proposal.id, ClientLink.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def latest_sending(session: Session, proposal: Proposal) -> Sending | None:
    return session.scalar(
        select(Sending)
        .where(Sending.proposal_id == proposal.id)
        .order_by(Sending.sent_at.desc(), Sending.id.desc())
        .limit(1)
    )


def link_url(base_url: str, token: str) -> str:
    """The address the client opens: PROPOSALS_BASE_URL, then /p/<token>."""
    return f"{base_url.rstrip('/')}/p/{token}"


def revoke_link(session: Session, link: ClientLink) -> bool:
    """End one link; False when it had already ended. The caller commits."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = utcnow()
    return True


def sendings_of(session: Session, proposal: Proposal) -> list[Sending]:
    """Every sending of the proposal, the newest first."""
    return list(
        session.scalars(
            select(Sending)
            .where(Sending.proposal_id == proposal.id)
            .order_by(Sending.sent_at.desc(), Sending.id.desc())
        )
    )


def live_links(session: Session, proposal: Proposal, today: date | None = None) -> list[ClientLink]:
    """The proposal's links that still open, the newest first."""
    return list(
        session.scalars(
            select(ClientLink)
            .where(
                ClientLink.proposal_id == proposal.id,
                ClientLink.revoked_at.is_(None),
                ClientLink.expires_on >= (today or date.today()),
            )
            .order_by(ClientLink.created_at.desc(), ClientLink.id.desc())
        )
    )


class FrozenVersionError(RuntimeError):
    """A sent PDF version may not be deleted: it is what the client has."""


@event.listens_for(Session, "before_flush")
def _keep_frozen_versions(session: Session, _context, _instances) -> None:
    """Refuse deleting a frozen version on its own (deleting its whole proposal may)."""
    for deleted in session.deleted:
        if (
            isinstance(deleted, PdfVersion)
            and deleted.frozen_at is not None
            and deleted.proposal not in session.deleted
        ):
            raise FrozenVersionError(
                f"version {deleted.number} of proposal {deleted.proposal_id} was sent: "
                "it is kept for good"
            )
