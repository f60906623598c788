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


def _answer_of(proposal_id: int, answer_id: int, kind: str) -> ClientAnswer:
    proposal = get_proposal(proposal_id)  # 404 unless it is the signed-in user's
    answer = db.session().get(ClientAnswer, answer_id)
    if answer is None or answer.proposal_id != proposal.id or answer.kind != kind:
        abort(404)
    return answer


@bp.get("/proposals/<int:proposal_id>/answers/<int:answer_id>/receipt")
def receipt(proposal_id: int, answer_id: int):
    """The acceptance receipt, as the client has it."""
    answer = _answer_of(proposal_id, answer_id, AnswerKind.ACCEPT)
    version = answer.link.version
    if answer.receipt_pdf is None:
        answer.receipt_pdf = make_receipt(
            db.session(), answer.link, sent_document(answer.link), answer
        )
        db.session().commit()
    name = receipt_filename(version.document, version.number)
    return attachment(answer.receipt_pdf, name, "application/pdf")


@bp.post("/proposals/<int:proposal_id>/answers/<int:answer_id>/answered")
@button_post
def mark_answered(proposal_id: int, answer_id: int):
    answer = _answer_of(proposal_id, answer_id, AnswerKind.QUESTION)
    answers.mark_answered(db.session(), answer)
    flash("Marked the question as answered.", "success")
    return redirect(url_for("dashboard.show", proposal_id=proposal_id, _anchor="client-answers"))
