"""The sending blueprint, on its own so that its modules can each add routes."""

from flask import Blueprint

bp = Blueprint("sending", __name__)
