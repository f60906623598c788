"""Recording what the client sends: an acceptance (once per link), a question, a "not now".

Only what the client typed and chose is kept, with the sent PDF's hash for an acceptance;
nothing about the visit itself."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..document import Document
from ..models import AnswerKind, ClientAnswer, ClientLink, Proposal, Status, User, utcnow
from ..operations import commit_change
from .choice import Choice, total_of
from .notify import answer_notice

log = logging.getLogger(__name__)


def acceptance_of(session: Session, link: ClientLink) -> ClientAnswer | None:
    return session.scalar(select(ClientAnswer).where(ClientAnswer.accepted_link_id == link.id))


def latest_answer(session: Session, link: ClientLink, kind: str) -> ClientAnswer | None:
    return session.scalar(
        select(ClientAnswer)
        .where(ClientAnswer.link_id == link.id, ClientAnswer.kind == kind)
        .order_by(ClientAnswer.created_at.desc(), ClientAnswer.id.desc())
        .limit(1)
    )


def accept(
    session: Session, link: ClientLink, document: Document, choice: Choice, signed: dict
) -> tuple[ClientAnswer, bool]:
    """Record the acceptance, or find the one already made; returns it and whether it is new.

    The database refuses a second acceptance of a link (accepted_link_id is unique), so two
    submits racing each other leave one acceptance, and both see it."""
    existing = acceptance_of(session, link)
    if existing is not None:
        return existing, False
    option = document.offer.options[choice.index]
    total = total_of(document, choice)
    answer = ClientAnswer(
        proposal_id=link.proposal_id,
        link_id=link.id,
        version_id=link.version_id,
        kind=AnswerKind.ACCEPT,
        accepted_link_id=link.id,
        option_index=choice.index,
        option_name=option.name,
        add_ons=list(choice.add_ons),
        total_net=str(total.net),
        total_gross=str(total.gross),
        currency=option.currency,
        full_name=signed["full_name"].strip(),
        role=signed["role"].strip(),
        reference=(signed.get("reference") or "").strip(),
        pdf_sha256=link.version.sha256,
        created_at=utcnow(),
    )
    session.add(answer)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return acceptance_of(session, link), False
    _set_status(session, link, Status.ACCEPTED)
    _notify(session, answer)
    return answer, True


def ask(session: Session, link: ClientLink, message: str) -> ClientAnswer:
    """A question for the consultant; the proposal's status stays as it is."""
    return _record(session, link, AnswerKind.QUESTION, message)


def decline(session: Session, link: ClientLink, reason: str) -> ClientAnswer:
    """ "Not now": the proposal is declined, unless it was already accepted."""
    answer = _record(session, link, AnswerKind.DECLINE, reason)
    _set_status(session, link, Status.DECLINED)
    return answer


def _record(session: Session, link: ClientLink, kind: str, message: str) -> ClientAnswer:
    answer = ClientAnswer(
        proposal_id=link.proposal_id,
        link_id=link.id,
        version_id=link.version_id,
        kind=kind,
        message=message.strip(),
        created_at=utcnow(),
    )
    session.add(answer)
    session.commit()
    _notify(session, answer)
    return answer


def _set_status(session: Session, link: ClientLink, status: Status) -> None:
    proposal = session.get(Proposal, link.proposal_id)

    def change() -> None:
        # An acceptance stands: a later "not now" from another link doesn't undo it.
        if proposal.status != Status.ACCEPTED:
            proposal.status = status

    commit_change(session, proposal, change)


def _notify(session: Session, answer: ClientAnswer) -> None:
    """Tell the consultant by e-mail when the app can send mail (wired in at start-up)."""
    send = current_app.extensions.get("notify_consultant")
    proposal = session.get(Proposal, answer.proposal_id)
    owner = session.get(User, proposal.owner_id) if proposal.owner_id else None
    if send is None or owner is None:
        return
    subject, body = answer_notice(answer)
    try:
        send(current_app.config, owner, subject, body)
    except Exception:  # the client's answer is recorded either way; the page must not fail
        log.exception("could not notify the consultant of proposal %s", proposal.id)


def mark_answered(session: Session, answer: ClientAnswer) -> None:
    """The consultant has answered the client's question (by e-mail or phone)."""
    if answer.seen_at is None:
        answer.seen_at = utcnow()
        session.commit()
