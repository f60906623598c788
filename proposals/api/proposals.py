"""Proposals: listed as the dashboard lists them, created from a document, read, replaced
(If-Match: the edit version) and deleted as the dashboard deletes them."""

from __future__ import annotations

from flask import Response, request, url_for
from flask_login import current_user

from .. import db, operations
from ..dashboard.listing import Criteria, listing
from ..document import Document, DocumentError
from ..lookup import get_proposal
from .blueprint import api
from .bodies import answer, json_body, query
from .problems import ApiError, invalid
from .registry import ok, problem_answer
from .represent import etag, proposal_out, summary_out
from .schemas import ListQuery, ProposalOut, ProposalPage

IF_MATCH = "If-Match"


@api.route(
    "/proposals",
    "GET",
    summary="List your proposals",
    query=ListQuery,
    answers={200: ok(ProposalPage, "One page of your proposals (25 to a page).")},
)
def list_proposals():
    """Your proposals, searched, filtered and sorted as the dashboard does; newest change
    first unless `sort` says otherwise."""
    asked = query(ListQuery)
    criteria = Criteria.read(asked.q, asked.status or "", asked.sort, asked.page)
    found = listing(db.session(), current_user.id, criteria)
    return answer(
        ProposalPage(
            items=[summary_out(proposal) for proposal in found.proposals],
            page=found.number,
            pages=found.pages,
            total=found.total,
        )
    )


@api.route(
    "/proposals",
    "POST",
    summary="Create a proposal from a document",
    body=Document,
    answers={201: ok(ProposalOut, "Created.", Location="The new proposal's address.")},
)
def create_proposal():
    """A complete proposal, yours, from a whole proposals/v1 document (validated as
    `/validate` does); its library sample's current revision is recorded."""
    session = db.session()
    try:
        document = operations.checked_document(session, json_body())
    except DocumentError as exc:
        raise invalid(exc) from None
    proposal = operations.import_document(session, document, owner_id=current_user.id)
    location = url_for(".show_proposal", id=proposal.id)
    headers = {"Location": location, "ETag": etag(proposal)}
    return answer(proposal_out(proposal, complete=True), 201, headers)


@api.route(
    "/proposals/<int:id>",
    "GET",
    summary="Read a proposal",
    answers={200: ok(ProposalOut, "The proposal.", ETag="Its edit version, for If-Match.")},
)
def show_proposal(id: int):
    """The document, its status, its edit version and its PDF versions."""
    proposal = get_proposal(id)
    return answer(proposal_out(proposal), headers={"ETag": etag(proposal)})


@api.route(
    "/proposals/<int:id>",
    "PUT",
    summary="Replace a proposal's document",
    body=Document,
    headers={IF_MATCH: ("The edit version the change is based on (its ETag).", True)},
    answers={
        200: ok(ProposalOut, "Replaced.", ETag="The new edit version."),
        412: problem_answer("The proposal changed since that edit version: nothing replaced."),
        428: problem_answer("If-Match is missing."),
    },
)
def update_proposal(id: int):
    """Replace the whole document, only if the proposal is still at the edit version sent as
    `If-Match`; otherwise 412 and nothing is overwritten (read it again, then retry)."""
    proposal = get_proposal(id)
    seen = _if_match()
    session = db.session()
    try:
        document = operations.checked_document(session, json_body())
    except DocumentError as exc:
        raise invalid(exc) from None
    try:
        operations.replace_document(session, proposal, document, seen)
    except operations.EditConflict:
        session.refresh(proposal)
        raise ApiError(
            412,
            f"The proposal changed meanwhile (now edit version {proposal.edit_version}); "
            "nothing was replaced.",
            headers={"ETag": etag(proposal)},
        ) from None
    return answer(proposal_out(proposal, complete=True), headers={"ETag": etag(proposal)})


def _if_match() -> int:
    value = request.headers.get(IF_MATCH, "").strip()
    if not value:
        raise ApiError(428, "Send the edit version you read as If-Match (the ETag).")
    version = value.removeprefix("W/").strip('"')
    if not version.isdigit() or len(version) > 18:
        raise ApiError(412, f"If-Match {value!r} is not an edit version of this proposal.")
    return int(version)


@api.route(
    "/proposals/<int:id>",
    "DELETE",
    summary="Delete a proposal",
    answers={204: ok(None, "Deleted, with all its PDF versions.")},
)
def delete_proposal(id: int):
    """As the dashboard deletes: the proposal and every PDF version of it."""
    operations.delete(db.session(), get_proposal(id))
    return Response(status=204)
