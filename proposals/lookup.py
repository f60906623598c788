"""Finding the record a URL names, for views: 404 when it doesn't exist or isn't yours."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from . import db
from .models import PdfVersion, Proposal


def get_proposal(proposal_id: int) -> Proposal:
    """The signed-in user's proposal; someone else's is as absent as a missing one."""
    proposal = db.session().get(Proposal, proposal_id)
    if proposal is None or proposal.owner_id != current_user.id:
        abort(404)
    return proposal


def get_pdf_version(proposal_id: int, number: int) -> PdfVersion:
    version = db.session().scalar(
        select(PdfVersion)
        .join(Proposal)
        .where(
            PdfVersion.proposal_id == proposal_id,
            PdfVersion.number == number,
            Proposal.owner_id == current_user.id,
        )
    )
    if version is None:
        abort(404)
    return version
