"""Dashboard: the list of proposals, one proposal's page, and its PDF versions."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from . import preview, views  # noqa: E402,F401  (routes register themselves on bp)
