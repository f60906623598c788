"""The followup blueprint, on its own so that every module of the package can add routes."""

from flask import Blueprint

bp = Blueprint("followup", __name__)
