"""The referral directory: providers the whole firm trusts, suggested in the wizard."""

from flask import Blueprint

bp = Blueprint("referrals", __name__, url_prefix="/referrals")

from . import views  # noqa: E402,F401  (routes register themselves on bp)
