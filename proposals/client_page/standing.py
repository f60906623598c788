"""Where a proposal stands with its client, for the consultant's pages: the acceptance
(what, who, when), a "not now" and its reason, and questions not yet answered."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import formatting
from ..models import AnswerKind, ClientAnswer, Proposal


@dataclass(frozen=True)
class Standing:
    acceptance: dict | None = None
    decline: ClientAnswer | None = None
    questions: list[ClientAnswer] = field(default_factory=list)  # not yet answered
    answered: list[ClientAnswer] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.acceptance or self.decline or self.questions or self.answered)


def standing_of(session: Session, proposal: Proposal) -> Standing:
    rows = session.scalars(
        select(ClientAnswer)
        .where(ClientAnswer.proposal_id == proposal.id)
        .order_by(ClientAnswer.created_at.desc(), ClientAnswer.id.desc())
    ).all()
    accepted = next((row for row in rows if row.kind == AnswerKind.ACCEPT), None)
    questions = [row for row in rows if row.kind == AnswerKind.QUESTION]
    return Standing(
        acceptance=_acceptance(accepted) if accepted else None,
        decline=next((row for row in rows if row.kind == AnswerKind.DECLINE), None),
        questions=[row for row in questions if row.seen_at is None],
        answered=[row for row in questions if row.seen_at is not None],
    )


def _acceptance(answer: ClientAnswer) -> dict:
    document = answer.link.version.document or {}
    locale = formatting.proposal_locale(document.get("locale"))
    option = (document.get("offer") or {}).get("options", [])[answer.option_index]

    def money(amount: str) -> str:
        return formatting.money(amount, answer.currency, locale)

    return {
        "answer": answer,
        "net": money(answer.total_net),
        "gross": money(answer.total_gross),
        "taxed": bool(option.get("tax")),
        "version": answer.link.version.number,
    }


def questions_waiting(session: Session, proposal_ids: list[int]) -> dict[int, int]:
    """How many questions wait for an answer, by proposal (for the dashboard's badges)."""
    if not proposal_ids:
        return {}
    rows = session.execute(
        select(ClientAnswer.proposal_id, func.count())
        .where(
            ClientAnswer.proposal_id.in_(proposal_ids),
            ClientAnswer.kind == AnswerKind.QUESTION,
            ClientAnswer.seen_at.is_(None),
        )
        .group_by(ClientAnswer.proposal_id)
    ).all()
    return dict(rows)


def answer_lines(session: Session, proposal_ids: list[int]) -> dict[int, str]:
    """One line per answered proposal for the dashboard: what was accepted and for how much,
    or why not now. The latest answer of the two kinds speaks; an acceptance always wins."""
    if not proposal_ids:
        return {}
    rows = session.scalars(
        select(ClientAnswer)
        .where(
            ClientAnswer.proposal_id.in_(proposal_ids),
            ClientAnswer.kind.in_([AnswerKind.ACCEPT, AnswerKind.DECLINE]),
        )
        .order_by(ClientAnswer.created_at, ClientAnswer.id)
    ).all()
    lines: dict[int, str] = {}
    accepted: set[int] = set()
    for row in rows:
        if row.kind == AnswerKind.ACCEPT:
            lines[row.proposal_id] = _accepted_line(row)
            accepted.add(row.proposal_id)
        elif row.proposal_id not in accepted:
            reason = " ".join(row.message.split())
            lines[row.proposal_id] = f"Not now: {_short(reason)}" if reason else "Not now"
    return lines


def _accepted_line(answer: ClientAnswer) -> str:
    summary = _acceptance(answer)
    extras = f" with {', '.join(answer.add_ons)}" if answer.add_ons else ""
    total = summary["gross"] if summary["taxed"] else summary["net"]
    return f"{answer.option_name}{extras}, {total}"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
