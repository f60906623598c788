"""The audit log's page, for administrators; and the page of a change someone may not make."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import db
from ..web import require_admin, row_number
from .log import AuditKind, NotAllowed, entries

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@require_admin
def index():
    """Every change to shared material, newest first, a page at a time, by kind."""
    kind = request.args.get("kind", "")
    kind = kind if kind in set(AuditKind) else ""
    page = entries(db.session(), kind, request.args.get("page", 1, type=row_number))
    return render_template("web/audit/index.html", page=page, kind=kind, kinds=list(AuditKind))


@bp.app_errorhandler(NotAllowed)
def not_allowed(error: NotAllowed):
    """403 with the operation's reason: who may make this change instead."""
    page = render_template(
        "web/error.html", code=403, title="Not yours to change", explanation=str(error)
    )
    return page, 403
