"""Firm templates: a standard offer, usual referrals and next steps, shared by the firm.

Anyone at the firm saves one from a proposal and starts new proposals from it.
"""

from flask import Blueprint

bp = Blueprint("firm_templates", __name__, url_prefix="/templates")


def register(app) -> None:
    from . import views  # noqa: F401  (routes register themselves on bp)

    app.register_blueprint(bp)
