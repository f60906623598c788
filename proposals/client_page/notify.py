"""The e-mail the consultant gets when the client answers: what they said, in plain words.

The app's own pages are English, and so is this note; figures are written in the
proposal's locale, as the client saw them."""

from __future__ import annotations

from .. import formatting
from ..models import AnswerKind, ClientAnswer


def _proposal_words(answer: ClientAnswer) -> tuple[str, str, str]:
    document = answer.link.version.document
    prospect = (document.get("prospect") or {}).get("organisation") or "your client"
    title = document.get("title") or "your proposal"
    return prospect, title, document.get("locale") or formatting.DEFAULT_LOCALE


def _total(answer: ClientAnswer, locale: str) -> str:
    gross = formatting.money(answer.total_gross, answer.currency, locale)
    if answer.total_net == answer.total_gross:
        return gross
    net = formatting.money(answer.total_net, answer.currency, locale)
    return f"{net} before tax, {gross} with tax"


def answer_notice(answer: ClientAnswer) -> tuple[str, str]:
    """The subject and body telling the consultant about one answer."""
    prospect, title, locale = _proposal_words(answer)
    version = answer.link.version.number
    if answer.kind == AnswerKind.ACCEPT:
        subject = f"{prospect} accepted “{title}”"
        extras = ", ".join(answer.add_ons) if answer.add_ons else "no extras"
        lines = [
            f"{answer.full_name} ({answer.role}) accepted version {version} of “{title}”.",
            f"Option: {answer.option_name}, with {extras}.",
            f"Total: {_total(answer, locale)}.",
        ]
        if answer.reference:
            lines.append(f"Their reference: {answer.reference}.")
        lines.append(f"The PDF they accepted has the SHA-256 {answer.pdf_sha256}.")
        lines.append("The receipt is on the proposal's page.")
    elif answer.kind == AnswerKind.QUESTION:
        subject = f"{prospect} asked a question about “{title}”"
        lines = [f"On the proposal's page, {prospect} asked:", "", answer.message, ""]
        lines.append("Answer them directly; then mark the question answered on its page.")
    else:
        subject = f"{prospect} said “not now” to “{title}”"
        reason = answer.message or "They gave no reason."
        lines = [f"{prospect} answered “not now” to version {version}.", "", reason]
    return subject, "\n".join(lines) + "\n"
