"""The consultant's side of the client's answers: the receipt, and "mark as answered"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for

from .. import db
from ..lookup import get_proposal
from ..models import AnswerKind, ClientAnswer
from ..web import attachment, button_post
from . import answers
from .page import sent_document
from .receipt import make_receipt, receipt_filename

bp = Blueprint("client_answers", __name__)


def _answer_of(answer_id: int, kind: str) -> ClientAnswer:
    answer = db.session().get(ClientAnswer, answer_id)
    if answer is None or answer.kind != kind:
        abort(404)
    get_proposal(answer.proposal_id)  # 404 unless the proposal is the signed-in user's
    return answer


@bp.get("/answers/<int:answer_id>/receipt")
def receipt(answer_id: int):
    """The acceptance receipt, as the client has it."""
    answer = _answer_of(answer_id, AnswerKind.ACCEPT)
    version = answer.link.version
    if answer.receipt_pdf is None:
        answer.receipt_pdf = make_receipt(
            db.session(), answer.link, sent_document(answer.link), answer
        )
        db.session().commit()
    name = receipt_filename(version.document, version.number)
    return attachment(answer.receipt_pdf, name, "application/pdf")


@bp.post("/answers/<int:answer_id>/answered")
@button_post
def mark_answered(answer_id: int):
    answer = _answer_of(answer_id, AnswerKind.QUESTION)
    answers.mark_answered(db.session(), answer)
    flash("Marked the question as answered.", "success")
    return redirect(
        url_for("dashboard.show", proposal_id=answer.proposal_id, _anchor="client-answers")
    )
