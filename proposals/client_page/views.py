"""The client's private page: read the sent proposal, choose, accept, ask or say not now.

No account and no cookie: the link's token is the only key. A wrong, expired or revoked
token gets one and the same 404 page. Every path is rate limited per address and per link."""

from __future__ import annotations

import re

from flask import Response, redirect, request, url_for
from werkzeug.exceptions import BadRequest, NotFound, TooManyRequests

from .. import db
from ..models import AnswerKind, ClientLink
from ..pdfs import pdf_filename
from ..sections import N_
from ..throttle import by_address, limiter, retry_after, setting
from ..web import attachment
from . import answers, page
from .blueprint import bp, limited
from .choice import ChoiceError, read_choice
from .forms import AcceptForm, DeclineForm, QuestionForm
from .links import open_link
from .receipt import make_receipt, receipt_filename
from .screen import busy_page, ended_page, expired_page, proposal_page

HEX = re.compile(r"[0-9a-fA-F]{6}")


def _live(token: str) -> ClientLink:
    link = open_link(db.session(), token)
    if link is None:
        raise NotFound()
    return link


@bp.get("/p/<token>")
@limited
def show(token: str):
    link = _live(token)
    return proposal_page(link, token, sent=request.args.get("sent", ""))


@bp.get("/p/<token>/pdf")
@limited
def pdf(token: str):
    """The frozen version's bytes, exactly as sent."""
    version = _live(token).version
    return attachment(version.pdf, pdf_filename(version), "application/pdf")


@bp.get("/p/<token>/receipt")
@limited
def receipt(token: str):
    link = _live(token)
    answer = answers.acceptance_of(db.session(), link)
    if answer is None:
        raise NotFound()
    return attachment(_receipt_of(link, answer), _receipt_name(link), "application/pdf")


def _receipt_name(link: ClientLink) -> str:
    return receipt_filename(link.version.document, link.version.number)


def _receipt_of(link: ClientLink, answer) -> bytes:
    """The stored receipt; made now if its first making failed (the acceptance stands)."""
    if answer.receipt_pdf is None:
        answer.receipt_pdf = make_receipt(db.session(), link, page.sent_document(link), answer)
        db.session().commit()
    return answer.receipt_pdf


@bp.post("/p/<token>/accept")
@limited
def accept(token: str):
    """Show the total of a choice (without JavaScript), or accept the proposal once."""
    link = _live(token)
    session = db.session()
    document = page.sent_document(link)
    if answers.acceptance_of(session, link) is not None:
        return redirect(url_for(".show", token=token, _anchor="answer"))  # the first stands
    form = AcceptForm(link, request.form)
    if not form.token_ok():
        return proposal_page(link, token, accept_form=form, expired=True, status=400)
    try:
        choice = read_choice(document, request.form.get("option"), _add_ons())
    except ChoiceError as exc:
        return proposal_page(link, token, accept_form=form, choice_error=str(exc), status=422)
    if request.form.get("action") == "total":
        return proposal_page(link, token, accept_form=form, choice=choice)
    valid = form.validate()
    missing = None if choice.index is not None else N_("Please choose one of the options.")
    if not valid or missing:
        return proposal_page(
            link, token, accept_form=form, choice=choice, choice_error=missing, status=422
        )
    answer, created = answers.accept(session, link, document, choice, form.data)
    if created:
        _store_receipt(link, document, answer)
    return redirect(url_for(".show", token=token, _anchor="answer"))


def _store_receipt(link, document, answer) -> None:
    session = db.session()
    try:
        answer.receipt_pdf = make_receipt(session, link, document, answer)
        session.commit()
    except Exception:  # made again on the first download; the acceptance is recorded
        session.rollback()
        answers.log.exception("the receipt of answer %s could not be made yet", answer.id)


def _add_ons() -> list[str]:
    option = request.form.get("option", "")
    return request.form.getlist(f"add_on_{option}") if option.isdigit() else []


@bp.post("/p/<token>/question")
@limited
def question(token: str):
    link = _live(token)
    form = QuestionForm(link, request.form)
    if not form.token_ok():
        return proposal_page(link, token, question_form=form, expired=True, status=400)
    if not form.validate():
        return proposal_page(link, token, question_form=form, status=422)
    answers.ask(db.session(), link, form.message.data)
    return redirect(url_for(".show", token=token, sent=AnswerKind.QUESTION, _anchor="answer"))


@bp.post("/p/<token>/decline")
@limited
def decline(token: str):
    link = _live(token)
    form = DeclineForm(link, request.form)
    if not form.token_ok():
        return proposal_page(link, token, decline_form=form, expired=True, status=400)
    if not form.validate():
        return proposal_page(link, token, decline_form=form, status=422)
    answers.decline(db.session(), link, form.reason.data or "")
    return redirect(url_for(".show", token=token, sent=AnswerKind.DECLINE, _anchor="answer"))


@bp.errorhandler(NotFound)
def not_found(error) -> Response:
    return ended_page()


@bp.errorhandler(BadRequest)
def bad_request(error) -> Response:
    return expired_page()


@bp.errorhandler(TooManyRequests)
def too_many(error) -> Response:
    return busy_page(retry_after())


@bp.get("/client/accent/<colour>-<text>.css")
@limiter.shared_limit(
    setting("LIMIT_CLIENT_PAGE"), scope="client-page-address", key_func=by_address
)
def accent(colour: str, text: str):
    """The firm's colours for the page, as a style sheet (the page allows no inline style)."""
    if not (HEX.fullmatch(colour) and HEX.fullmatch(text)):
        raise NotFound()
    css = f":root {{ --accent: #{colour}; --accent-text: #{text}; }}\n"
    return Response(css, mimetype="text/css")
