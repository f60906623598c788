"""The referrals blueprint, on its own so that every module of the package can add routes."""

from flask import Blueprint

bp = Blueprint("referrals", __name__, url_prefix="/referrals")
