"""The two pages a client can see: the proposal with its answers, and the one 404."""

from __future__ import annotations

import json

from flask import Response, url_for
from wtforms.validators import Length

from .. import db, formatting
from ..models import AnswerKind, ClientLink
from . import answers, page
from .choice import Choice, every_total, shown_total, tax_label
from .forms import AcceptForm, DeclineForm, QuestionForm

ENDED_STATUS = 404


def ended_page() -> Response:
    """A wrong, expired or revoked link: the same bytes for all three (and no proposal)."""
    stylesheet = url_for("static", filename="client/client.css")
    html = page.render("ended.html", "en", {"stylesheet": stylesheet})
    return Response(html, status=ENDED_STATUS, mimetype="text/html")


def expired_page() -> Response:
    """400: a form that came without its token (the page's own forms always carry one)."""
    stylesheet = url_for("static", filename="client/client.css")
    html = page.render("expired.html", "en", {"stylesheet": stylesheet})
    return Response(html, status=400, mimetype="text/html")


def busy_page(seconds: int) -> Response:
    """429: too many requests from one address or for one link in a short time."""
    stylesheet = url_for("static", filename="client/client.css")
    html = page.render("busy.html", "en", {"stylesheet": stylesheet, "seconds": seconds})
    return Response(html, status=429, mimetype="text/html", headers={"Retry-After": str(seconds)})


def _static(firm: dict) -> dict:
    return {
        "css": url_for("static", filename="client/client.css"),
        "js": url_for("static", filename="client/choose.js"),
        "accent": url_for(
            "client_page.accent",
            colour=firm["colour"].lstrip("#"),
            text=firm["accent_text"].lstrip("#"),
        ),
    }


def field_limit(field) -> int:
    """The longest a field may be, from its Length validator (for the maxlength attribute)."""
    return next(check.max for check in field.validators if isinstance(check, Length))


def _urls(token: str) -> dict:
    return {
        name: url_for(f"client_page.{name}", token=token)
        for name in ("show", "pdf", "receipt", "accept", "question", "decline")
    }


def proposal_page(
    link: ClientLink,
    token: str,
    *,
    accept_form: AcceptForm | None = None,
    question_form: QuestionForm | None = None,
    decline_form: DeclineForm | None = None,
    choice: Choice | None = None,
    choice_error: str | None = None,
    expired: bool = False,
    sent: str = "",
    status: int = 200,
) -> Response:
    """The sent version as a web page, with the answer forms (as typed) or the acceptance."""
    session = db.session()
    document = page.sent_document(link)
    locale = page.locale_of(session, document)
    context = page.proposal_context(session, link, document)
    acceptance = answers.acceptance_of(session, link)
    choice = choice or Choice(None)
    context.update(
        urls=_urls(token),
        version_number=link.version.number,
        acceptance=_accepted(acceptance, document, locale) if acceptance else None,
        declined=answers.latest_answer(session, link, AnswerKind.DECLINE),
        sent=sent if sent in (AnswerKind.QUESTION, AnswerKind.DECLINE) else "",
        forms={
            "accept": accept_form or AcceptForm(link),
            "question": question_form or QuestionForm(link),
            "decline": decline_form or DeclineForm(link),
        },
        static=_static(context["firm"]),
        limit=field_limit,
        expired=expired,
        choice=choice,
        choice_error=choice_error,
        total=shown_total(document, choice, locale),
        totals_json=[
            json.dumps(table, ensure_ascii=False) for table in every_total(document, locale)
        ],
        tax_label=tax_label(document, locale),
    )
    html = page.render("page.html", locale, context)
    return Response(html, status=status, mimetype="text/html")


def _accepted(answer, document, locale: str) -> dict:
    def money(amount: str) -> str:
        return formatting.money(amount, answer.currency, locale)

    return {
        "option": answer.option_name,
        "add_ons": answer.add_ons,
        "net": money(answer.total_net),
        "gross": money(answer.total_gross),
        "taxed": document.offer.options[answer.option_index].tax is not None,
        "full_name": answer.full_name,
        "role": answer.role,
        "reference": answer.reference,
        "on": formatting.long_day(answer.created_at.date(), locale),
    }
