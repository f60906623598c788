"""What can be done in the follow-up kit, written once for its pages and any command:
check what was typed, change the proposal, commit, log. Each returns what to tell the
consultant."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError
from sqlalchemy.orm import Session

from .. import formatting
from ..document import FollowUp, Limits, errors_from
from ..models import Proposal
from . import drafts, schedule
from .schedule import Plan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened, as the consultant reads it (a flash message and its kind)."""

    message: str
    category: str = "success"
    anchor: str | None = None  # where on the kit page it shows


class DraftsError(ValueError):
    """Drafts refused as typed: a message by draft name, and the text to show again."""

    def __init__(self, errors: dict[str, str], typed: dict[str, str]):
        self.errors, self.typed = errors, typed
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


class StaleDrafts(ValueError):
    """A draft was saved elsewhere since this page showed it: nothing was saved. `saved`
    and `typed` hold that draft's text now and as sent, by name."""

    def __init__(self, saved: dict[str, str], typed: dict[str, str]):
        self.saved, self.typed = saved, typed
        super().__init__(f"changed in another tab: {', '.join(saved)}")


def schedule_follow_up(session: Session, proposal: Proposal, on: str, about: str) -> Plan:
    """Set or move the follow-up; raises DocumentError (paths `on`, `about`) on bad input."""
    try:
        planned = FollowUp.model_validate({"on": on, "about": about})
    except ValidationError as exc:
        raise errors_from(exc) from None
    schedule.schedule(proposal, planned.on, planned.about)
    session.commit()
    log.info("proposal %s: follow-up set for %s", proposal.id, planned.on.isoformat())
    return Plan(planned.on, planned.about)


def _plain(text: str) -> str:
    """Typed text as stored: Unix line ends, no trailing spaces, one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n") + "\n"


def edit_drafts(session: Session, proposal: Proposal, form: Mapping[str, str]) -> Outcome | None:
    """Save the drafts sent in the form, or (action `reset:<draft>`) go back to the
    suggested text. None when there is no PDF to write drafts for yet."""
    document = schedule.document_of(proposal)
    if document is None:
        return None
    action = form.get("action", "save")
    name = action.removeprefix("reset:")
    if action.startswith("reset:") and name in drafts.DRAFTS:
        setattr(proposal, name, None)
        session.commit()
        log.info("proposal %s: %s back to the suggested text", proposal.id, name)
        return Outcome("Back to the suggested text, written from the proposal.", anchor=name)
    typed = {name: _plain(form[name]) for name in drafts.DRAFTS if isinstance(form.get(name), str)}
    errors = {
        name: f"at most {Limits.TEXT:,} characters ({len(text):,} now)"
        for name, text in typed.items()
        if len(text) > Limits.TEXT
    }
    if errors:
        raise DraftsError(errors, typed)
    suggested = drafts.suggested(session, proposal, document, schedule.plan_of(proposal))
    _refuse_stale(proposal, form, typed, suggested)
    for name, text in typed.items():
        # Blank, or the suggestion unchanged: keep following the proposal.
        same = not text.strip() or text.strip() == suggested[name].strip()
        setattr(proposal, name, None if same else text)
    session.commit()
    log.info("proposal %s: drafts saved (%s)", proposal.id, ", ".join(typed) or "none")
    anchor = next(iter(typed), None)
    if any(not text.strip() for text in typed.values()):
        return Outcome("An empty draft goes back to the suggested text.", "warning", anchor)
    return Outcome("Saved. The trust check below reads what you wrote.", anchor=anchor)


def _refuse_stale(
    proposal: Proposal, form: Mapping[str, str], typed: dict[str, str], suggested: dict
) -> None:
    """StaleDrafts if a typed draft's page showed another version than the one saved now
    (unless the two texts agree anyway)."""
    saved = {}
    for name, text in typed.items():
        sent = form.get(drafts.version_field(name))
        stored = getattr(proposal, name)
        now = stored if stored is not None else suggested[name]
        if sent is not None and sent != drafts.version_of(stored) and text.strip() != now.strip():
            saved[name] = now
    if saved:
        raise StaleDrafts(saved, {name: typed[name] for name in saved})


def mark_sent(session: Session, proposal: Proposal, today: date | None = None) -> Outcome:
    """Record that the PDF went out today; say where that leaves the follow-up."""
    today = today or date.today()
    schedule.record_sent(proposal, today)
    session.commit()
    log.info("proposal %s: marked as sent on %s", proposal.id, today.isoformat())
    plan = schedule.plan_of(proposal)
    if plan is None:
        return Outcome("Marked as sent today. Add a follow-up date below so it comes back to you.")
    when = formatting.day_month(plan.on)
    if plan.on < today:
        return Outcome(
            f"Marked as sent today. The follow-up date ({when}) has already passed: pick a new "
            "one below.",
            "warning",
        )
    return Outcome(f"Marked as sent today. The follow-up on {when} is on your list of follow-ups.")


def mark_done(session: Session, proposal: Proposal, today: date | None = None) -> Outcome:
    """Record that the follow-up was made: it leaves the list until a new date is set."""
    schedule.mark_done(proposal, today)
    session.commit()
    log.info("proposal %s: follow-up done", proposal.id)
    return Outcome(
        f"Follow-up with {proposal.prospect or 'the client'} marked as done.", anchor="follow-up"
    )
