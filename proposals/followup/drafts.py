"""The two drafts of the kit, written from the document the client has: the cover email to
send the PDF with, and the follow-up note about their issue. Both plain text, editable."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from .. import formatting
from ..document import Document
from ..firm import locale_for
from ..models import AnswerKind, Proposal, SampleRevision
from ..pdfs import pdf_filename
from ..trust import Finding, check_text, client_of
from . import answered
from .schedule import Plan
from .wording import (
    closest,
    count_word,
    first_sentence,
    greeting_name,
    lower_first,
    sentence,
    topic,
)

DRAFTS = ("cover_email", "follow_up_note")
SUGGESTED = "suggested"  # the version of a draft that follows the proposal (none saved)


def version_of(stored: str | None) -> str:
    """A saved draft's version, carried by its form: a save from an out-of-date page has
    another (a proposal's edit version would also change with every wizard step)."""
    if stored is None:
        return SUGGESTED
    return hashlib.sha256(stored.encode("utf-8")).hexdigest()[:16]


def version_field(name: str) -> str:
    """The form field carrying the version of draft `name`."""
    return f"{name}_version"


# Rules that judge a whole proposal's shape; a short note or e-mail is not one.
_WHOLE_PROPOSAL_RULES = {"coverage", "thin-referrals", "offer-price", "if-it-goes-wrong"}


def _signature(document: Document) -> list[str]:
    """The consultant's sign-off: name, firm, and phone when there is one."""
    consultant = document.consultant
    lines = [consultant.name, consultant.firm]
    if consultant.phone:
        lines.append(consultant.phone)
    return lines


def follow_up_note(document: Document, plan: Plan | None, locale: str | None = None) -> str:
    """A short note about the client's issue, for the follow-up date: their words, the
    thing they were going to try, what the worked sample showed, and an offer of use.

    Dates are written in `locale` (the proposal's, as resolved by the caller)."""
    locale = locale or formatting.proposal_locale(document.locale)
    heard = document.listening
    about = (plan.about if plan else "") or (document.follow_up.about if document.follow_up else "")
    greeting = greeting_name(document.prospect.contact_name)
    subject = sentence(topic(about)).rstrip(".") if about else document.title
    paragraphs = [f"Hi {greeting},"]

    quote = closest(list(heard.their_words), about) or (
        heard.their_words[0] if heard.their_words else None
    )
    met = (
        f" on {formatting.day_month(document.prospect.met_on, locale)}"
        if document.prospect.met_on
        else ""
    )
    opening = f"When we met{met}, you said: “{quote.rstrip()}”" if quote else ""
    if about:
        promise = f"I said I would come back to you about {topic(about)}."
        opening = f"{opening} {promise}" if opening else promise
    if opening:
        paragraphs.append(opening)

    step = closest([*document.self_help, *document.next_steps], about)
    if step:
        paragraphs.append(f"One thing on your list was “{sentence(step)}” How did it go?")

    finding = first_sentence(document.sample.commentary)
    if finding:
        paragraphs.append(f"As the worked sample showed, {lower_first(finding)}")

    goal = closest(list(heard.goals), about) or (heard.goals[0] if heard.goals else None)
    offer = "Reply with what happened and I will update the worked sample on your figures"
    if goal:
        offer += f", so you can see where that leaves your goal: “{sentence(goal)}”"
    else:
        offer += ", so you can see where that leaves you."
    paragraphs.append(offer)
    paragraphs.append("\n".join(_signature(document)))
    return f"Subject: {subject}\n\n" + "\n\n".join(paragraphs) + "\n"


def _who_else(document: Document) -> str | None:
    """The cover email's line about the other providers and the client's own steps."""
    count = len(document.referrals)
    if count:
        people = "one other provider" if count == 1 else f"{count_word(count)} other providers"
        helpers = f"It also names {people} who could help with parts of this"
        helpers += ", and what you can do yourself" if document.self_help else ""
        return helpers + ", before the options for working together."
    if document.self_help:
        return (
            "It also lists what you can do yourself, without hiring anyone, before the options "
            "for working together."
        )
    return None


def cover_email(
    document: Document,
    plan: Plan | None,
    pdf_name: str | None = None,
    sample_title: str | None = None,
    locale: str | None = None,
) -> str:
    """A short e-mail to send the PDF with: what it is, the worked sample first, who else
    could help, one next step, and when the follow-up will be; dates in `locale`."""
    locale = locale or formatting.proposal_locale(document.locale)
    prospect = document.prospect
    greeting = greeting_name(prospect.contact_name)
    met = f" on {formatting.day_month(prospect.met_on, locale)}" if prospect.met_on else ""
    attachment = f" ({pdf_name})" if pdf_name else ""
    paragraphs = [
        f"Hi {greeting},",
        f"Attached is “{document.title}”{attachment}. It starts with what I heard from you"
        f"{met}, so you can check I got it right.",
    ]

    sample = document.sample.title or sample_title
    named = f"the worked sample, “{sample}”," if sample else "the worked sample,"
    finding = first_sentence(document.sample.commentary)
    sample_line = f"The part to read first is {named} done on your own figures."
    if finding:
        sample_line += f" It shows that {lower_first(finding)}"
    paragraphs.append(sample_line)

    who_else = _who_else(document)
    if who_else:
        paragraphs.append(who_else)
    if document.next_steps:
        step = lower_first(document.next_steps[0]).rstrip(".")
        paragraphs.append(f"One next step, when you are ready: {step}.")
    if plan:
        about = f" about {topic(plan.about)}" if plan.about else ""
        when = formatting.day_month(plan.on, locale)
        paragraphs.append(f"I will come back to you on {when}{about}.")
    paragraphs.append("\n".join(_signature(document)))
    subject = f"{document.title} (for {prospect.organisation})"
    return f"Subject: {subject}\n\n" + "\n\n".join(paragraphs) + "\n"


def suggested(
    session: Session, proposal: Proposal, document: Document, plan: Plan | None
) -> dict[str, str]:
    """Both drafts as the app writes them, by name, for the PDF the client has."""
    version = proposal.latest_version
    sample_title = None
    if version is not None and version.sample_revision_id:
        revision = session.get(SampleRevision, version.sample_revision_id)
        sample_title = revision.title if revision else None
    pdf_name = pdf_filename(version) if version else None
    locale = locale_for(session, {"locale": document.locale})
    return {
        "cover_email": cover_email(document, plan, pdf_name, sample_title, locale),
        "follow_up_note": _note_for(session, proposal, document, plan, locale),
    }


def _note_for(
    session: Session, proposal: Proposal, document: Document, plan: Plan | None, locale: str
) -> str:
    """The follow-up note, or, once the client has answered on their page, the note that
    answer calls for: a thank-you and the first step, or a note about their reason."""
    answer = answered.client_answer(session, proposal)
    if answer is None:
        return follow_up_note(document, plan, locale)
    if answer.kind == AnswerKind.ACCEPT:
        return answered.thank_you_note(document, answer)
    return answered.not_now_note(document, answer, plan, locale)


@dataclass(frozen=True)
class Shown:
    """The drafts as the kit page shows them, by name."""

    text: dict[str, str]
    edited: dict[str, bool]  # the consultant's own wording, saved
    findings: dict[str, list[Finding]]
    versions: dict[str, str]  # of each draft as saved, for its form


def as_shown(
    session: Session,
    proposal: Proposal,
    document: Document,
    plan: Plan | None,
    typed: dict[str, str] | None = None,
) -> Shown:
    """Each draft as typed (when refused), else as saved, else as suggested; checked."""
    suggestion = suggested(session, proposal, document, plan)
    text, edited, findings, versions = {}, {}, {}, {}
    for name in DRAFTS:
        stored = getattr(proposal, name)
        text[name] = (typed or {}).get(name, stored if stored is not None else suggestion[name])
        edited[name] = stored is not None
        findings[name] = check_draft(text[name], document)
        versions[name] = version_of(stored)
    return Shown(text, edited, findings, versions)


def check_draft(text: str, document: Document) -> list[Finding]:
    """The trust check on a note or an e-mail, read as a next-steps passage."""
    findings = check_text(text, "next", client_of(document))
    # reads-like is left out: the app's own e-mail ("names two other providers who could
    # help") sits near its refusing-help seeds; the phrase and shape rules still read it.
    skipped = _WHOLE_PROPOSAL_RULES | {"reads-like"}
    return [finding for finding in findings if finding.rule not in skipped]
