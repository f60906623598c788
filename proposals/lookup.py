"""Finding the record a URL names, for views (404 when it does not exist)."""

from flask import abort

from . import db
from .models import Proposal


def get_proposal(proposal_id: int) -> Proposal:
    proposal = db.session().get(Proposal, proposal_id)
    if proposal is None:
        abort(404)
    return proposal
