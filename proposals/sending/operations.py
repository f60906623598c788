"""Sending a proposal, written once for the send page and the command line.

Order matters: the e-mail goes out first, and only then is anything recorded (the Sending,
the frozen version, the link, "sent"), so a delivery that fails leaves the proposal as it was.
Tokens are logged as /p/<redacted>; the stored body carries the link redacted likewise.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ClientLink, Proposal, Sending, User
from ..pdfs import pdf_filename
from . import records
from .mailer import Letter, compose, deliver
from .outgoing import Outgoing, with_link
from .setup import NOT_SET_UP, mail_setup

log = logging.getLogger(__name__)

REDACTED = "<redacted>"


class NotSetUp(Exception):
    """No mail server is configured: the consultant sends it themselves."""


class NeverSent(Exception):
    """A link is for a version the client has: this proposal was never sent."""


@dataclass(frozen=True)
class Sent:
    sending: Sending
    link: ClientLink | None
    url: str | None = None  # the link's address, shown once (sent by hand); None by e-mail


def consultant_of(session: Session, proposal: Proposal, user: User | None) -> tuple[str, str]:
    """The name and address the client's reply goes to: the sender's profile, else the
    proposal owner's, else the document's consultant."""
    user = user or (session.get(User, proposal.owner_id) if proposal.owner_id else None)
    if user is not None:
        return user.name, user.email
    consultant = proposal.latest_version.document.get("consultant", {})
    return consultant.get("name") or "", consultant.get("email") or ""


def send_by_email(
    session: Session,
    proposal: Proposal,
    outgoing: Outgoing,
    *,
    config: Mapping,
    base_url: str,
    sent_by: User | None = None,
    today: date | None = None,
) -> Sent:
    """E-mail the version with its PDF (and a new link), then record it; commits.

    Raises NotSetUp, MailSetupError or DeliveryError having recorded nothing."""
    setup = mail_setup(config)
    if setup is None:
        raise NotSetUp(NOT_SET_UP)
    version = outgoing.version
    token = records.new_token() if outgoing.link else None
    body = outgoing.body
    if token:
        body = with_link(body, records.link_url(base_url, token), outgoing.expires_on)
    name, address = consultant_of(session, proposal, sent_by)
    letter = Letter(
        to=outgoing.to,
        subject=outgoing.subject,
        body=body,
        from_name=name,
        reply_to=address,
        reply_name=name,
        attachment=version.pdf,
        filename=pdf_filename(version),
    )
    deliver(setup, compose(setup, letter))
    stored = body.replace(token, REDACTED) if token else body
    return _record(session, proposal, outgoing, "email", stored, sent_by, today, token, base_url)


def record_by_hand(
    session: Session,
    proposal: Proposal,
    outgoing: Outgoing,
    *,
    base_url: str,
    sent_by: User | None = None,
    today: date | None = None,
) -> Sent:
    """Record that the consultant sent it themselves; the new link's address comes back
    once, to paste into their e-mail. Commits."""
    token = records.new_token() if outgoing.link else None
    body = outgoing.body
    if token:
        body = with_link(body, records.link_url(base_url, REDACTED), outgoing.expires_on)
    sent = _record(session, proposal, outgoing, "manual", body, sent_by, today, token, base_url)
    if token is None:
        return sent
    return Sent(sent.sending, sent.link, records.link_url(base_url, token))


def _record(
    session: Session,
    proposal: Proposal,
    outgoing: Outgoing,
    method: str,
    body: str,
    sent_by: User | None,
    today: date | None,
    token: str | None,
    base_url: str,
) -> Sent:
    sending = records.record_sending(
        session,
        proposal,
        outgoing.version,
        method,
        to_address=outgoing.to,
        subject=outgoing.subject,
        body=body,
        sent_by=sent_by,
        today=today,
        send_key=outgoing.send_key,
    )
    link = None
    if token:
        link, _ = records.create_link(session, sending, outgoing.expires_on, token)
    session.commit()
    log.info(
        "proposal %s: version %s sent to %s (%s)%s",
        proposal.id,
        outgoing.version.number,
        outgoing.to,
        method,
        f" with link {records.link_url(base_url, REDACTED)}" if token else "",
    )
    return Sent(sending, link)


def already_sent(session: Session, proposal: Proposal, send_key: str | None) -> Sending | None:
    """The sending the send page's one-time key already made: a second press of its button."""
    if not send_key:
        return None
    return session.scalar(
        select(Sending).where(Sending.proposal_id == proposal.id, Sending.send_key == send_key)
    )


def new_link(
    session: Session, proposal: Proposal, base_url: str, expires_on: date | None = None
) -> tuple[ClientLink, str]:
    """A new link to the version last sent, and its address; NeverSent if none was. Commits."""
    sending = records.latest_sending(session, proposal)
    if sending is None:
        raise NeverSent(f"proposal {proposal.id} was never sent: send it first")
    link, token = records.create_link(session, sending, expires_on)
    session.commit()
    log.info(
        "proposal %s: new link %s until %s",
        proposal.id,
        records.link_url(base_url, REDACTED),
        link.expires_on.isoformat(),
    )
    return link, records.link_url(base_url, token)


def revoke(session: Session, proposal: Proposal, link: ClientLink | None = None) -> int:
    """End one link of the proposal, or every one; how many were live. Commits."""
    if link is not None:
        count = int(records.revoke_link(session, link))
    else:
        count = records.revoke_links(session, proposal)
    session.commit()
    log.info("proposal %s: %s link(s) ended", proposal.id, count)
    return count
