"""The follow-up note once the client has answered on their page.

After an acceptance: a thank-you and the first step, not a note about deciding. After
"Not now": a note about the reason they gave, with something useful they can do on their
own (the 10% rule, METHOD.md), and no pressure to reconsider."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import formatting
from ..document import Document
from ..models import AnswerKind, ClientAnswer, Proposal
from .schedule import Plan
from .wording import closest, greeting_name, lower_first, sentence, topic

# Next steps that ask the client to choose: done once they have accepted.
_CHOOSING = re.compile(r"\b(which option|choose|pick|decide|let us know|tell us)\b", re.IGNORECASE)


def client_answer(session: Session, proposal: Proposal) -> ClientAnswer | None:
    """The acceptance if there is one, else the latest "not now" (questions don't count)."""
    rows = session.scalars(
        select(ClientAnswer)
        .where(
            ClientAnswer.proposal_id == proposal.id,
            ClientAnswer.kind.in_([AnswerKind.ACCEPT, AnswerKind.DECLINE]),
        )
        .order_by(ClientAnswer.created_at.desc(), ClientAnswer.id.desc())
    ).all()
    return next((row for row in rows if row.kind == AnswerKind.ACCEPT), rows[0] if rows else None)


def first_step(document: Document) -> str | None:
    """The first next step that is still to do once the client has chosen."""
    return next((step for step in document.next_steps if not _CHOOSING.search(step)), None)


def _signature(document: Document) -> str:
    consultant = document.consultant
    lines = [consultant.name, consultant.firm]
    if consultant.phone:
        lines.append(consultant.phone)
    return "\n".join(lines)


def thank_you_note(document: Document, answer: ClientAnswer) -> str:
    """Thanks for the acceptance, what was chosen, and the first step to take together."""
    greeting = greeting_name(document.prospect.contact_name)
    extras = f", with {' and '.join(answer.add_ons)}" if answer.add_ons else ""
    reference = f" (your reference {answer.reference})" if answer.reference else ""
    paragraphs = [
        f"Hi {greeting},",
        f"Thank you for choosing “{answer.option_name}”{extras}{reference}. The receipt on your "
        "page carries the fingerprint of the proposal you accepted, so we both have the same "
        "record.",
    ]
    step = first_step(document)
    if step:
        paragraphs.append(f"The first step: {lower_first(sentence(step))}")
    paragraphs.append(
        "If anything in the plan should change before we start, tell me and I will adjust it."
    )
    paragraphs.append(_signature(document))
    subject = f"Thank you, and the first step for {document.prospect.organisation}"
    return f"Subject: {subject}\n\n" + "\n\n".join(paragraphs) + "\n"


def not_now_note(
    document: Document, answer: ClientAnswer, plan: Plan | None, locale: str | None = None
) -> str:
    """A note about the reason they gave: acknowledged, one useful thing, no chasing."""
    locale = locale or formatting.proposal_locale(document.locale)
    greeting = greeting_name(document.prospect.contact_name)
    reason = " ".join(answer.message.split())
    paragraphs = [f"Hi {greeting},"]
    if reason:
        paragraphs.append(
            f"Thank you for telling me why not now: “{reason.rstrip()}” That helps me more than "
            "silence would."
        )
    else:
        paragraphs.append("Thank you for letting me know it is not the right time.")
    useful = closest([*document.self_help, *document.next_steps], reason) or (
        document.self_help[0] if document.self_help else None
    )
    if useful:
        paragraphs.append(f"Something you can do on your own in the meantime: “{sentence(useful)}”")
    if plan:
        about = f" about {topic(plan.about)}" if plan.about else ""
        when = formatting.day_month(plan.on, locale)
        paragraphs.append(
            f"I won't chase you about the proposal. I will still send you a short note on {when}"
            f"{about}, because it matters whatever you decide."
        )
    else:
        paragraphs.append("I won't chase you about the proposal; my door stays open.")
    paragraphs.append(_signature(document))
    subject = f"About {reason_topic(reason) or document.title}"
    return f"Subject: {subject}\n\n" + "\n\n".join(paragraphs) + "\n"


def reason_topic(reason: str, words: int = 8) -> str:
    """The start of the reason, for a subject line."""
    cut = reason.split()
    short = " ".join(cut[:words]).rstrip(".,;:")
    return lower_first(short) + ("…" if len(cut) > words else "")
