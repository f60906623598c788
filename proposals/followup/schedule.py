"""When a proposal went out and when to follow it up: the plan, "sent", "done", and the
list of follow-ups due. The caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..document import Document, DocumentError, validate_document
from ..models import Proposal, Status


@dataclass(frozen=True)
class Plan:
    """The follow-up as it stands: when, and about what."""

    on: date
    about: str


def sent_document(proposal: Proposal) -> dict:
    """The document as the client has it: the latest PDF's, else the proposal's own."""
    version = proposal.latest_version
    return version.document if version is not None else proposal.document


def document_of(proposal: Proposal) -> Document | None:
    """The sent document, validated; None if there is no PDF or no whole document yet."""
    if proposal.latest_version is None:
        return None
    try:
        return validate_document(sent_document(proposal))
    except DocumentError:
        return None


def _planned(document: dict) -> Plan | None:
    """The follow-up as written in the document, if it has a readable date."""
    planned = document.get("follow_up") or {}
    try:
        on = date.fromisoformat(str(planned.get("on", "")))
    except ValueError:
        return None
    return Plan(on, str(planned.get("about") or "").strip())


def plan_of(proposal: Proposal) -> Plan | None:
    """The follow-up as scheduled on the kit page, else as written in the document."""
    planned = _planned(sent_document(proposal))
    if proposal.follow_up_on is not None:
        about = proposal.follow_up_about or (planned.about if planned else "")
        return Plan(proposal.follow_up_on, about)
    return planned


def record_sent(proposal: Proposal, today: date | None = None) -> None:
    """Mark the proposal as sent today; the follow-up date comes from the document unless
    one was already scheduled on the kit page."""
    proposal.status = Status.SENT
    proposal.sent_on = today or date.today()
    if proposal.follow_up_on is None:
        planned = _planned(sent_document(proposal))
        if planned is not None:
            proposal.follow_up_on, proposal.follow_up_about = planned.on, planned.about


def schedule(proposal: Proposal, on: date, about: str) -> None:
    """Set (or move) the follow-up; a new date is a new follow-up, not yet made."""
    if on != proposal.follow_up_on or about != proposal.follow_up_about:
        proposal.follow_up_done_on = None
    proposal.follow_up_on, proposal.follow_up_about = on, about


def mark_done(proposal: Proposal, today: date | None = None) -> None:
    """Record that the follow-up was made: it leaves the list until a new date is set."""
    proposal.follow_up_done_on = today or date.today()


@dataclass
class Due:
    """Follow-ups to make: those whose date has passed, and the rest of this week's."""

    overdue: list[Proposal]
    this_week: list[Proposal]
    week_start: date
    week_end: date
    later: list[Proposal]  # scheduled after this week


def due_follow_ups(session: Session, owner_id: int, today: date | None = None) -> Due:
    """The owner's follow-ups not made yet: overdue (before today) and due from today to
    Sunday of this week (weeks run Monday to Sunday)."""
    today = today or date.today()
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    open_follow_ups = (
        select(Proposal)
        .where(
            Proposal.owner_id == owner_id,
            Proposal.follow_up_on.is_not(None),
            Proposal.follow_up_done_on.is_(None),
        )
        .order_by(Proposal.follow_up_on, Proposal.id)
    )
    found = session.scalars(open_follow_ups).all()
    return Due(
        overdue=[p for p in found if p.follow_up_on < today],
        this_week=[p for p in found if today <= p.follow_up_on <= week_end],
        week_start=week_start,
        week_end=week_end,
        later=[p for p in found if p.follow_up_on > week_end],
    )
