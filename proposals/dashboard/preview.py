"""The proposal as the client will read it, in the browser: the print templates and print
CSS, without making a PDF (for a quick look while writing)."""

from __future__ import annotations

from datetime import datetime

from flask import Response, render_template

from .. import db, operations
from ..document import DocumentError
from ..firm import print_settings
from ..library.lookups import DatabaseCatalog
from ..lookup import get_proposal
from ..render import RenderError, render_html
from ..web import browser_asset
from .blueprint import bp


@bp.get("/proposals/<int:proposal_id>/preview")
def preview(proposal_id: int):
    """The print HTML served as a web page; an incomplete proposal says what is missing."""
    proposal = get_proposal(proposal_id)
    try:
        document = operations.full_document(proposal)
        html, _ = render_html(
            document,
            DatabaseCatalog(db.session()),
            created=datetime.now(),
            revision_id=proposal.sample_revision_id,
            firm=print_settings(db.session()),
            asset=browser_asset,
        )
    except (DocumentError, RenderError) as exc:
        return render_template(
            "web/error.html",
            code=422,
            title="Not ready to preview yet",
            explanation=f"{exc}".split("\n")[0] + " — the review step lists what is missing.",
        ), 422
    return Response(html, mimetype="text/html")
