"""The wizard: one step per part of what the consultant heard, saved at every step."""

from flask import Blueprint

bp = Blueprint("wizard", __name__, url_prefix="/proposals/<int:proposal_id>")

from . import help_step, review, sample_step, views  # noqa: E402,F401  (they register on bp)
