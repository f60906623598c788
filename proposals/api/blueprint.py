"""The API's blueprint and route registry, on their own so every module can add routes."""

from flask import Blueprint

from .registry import PREFIX, Registry

bp = Blueprint("api", __name__, url_prefix=PREFIX)
api = Registry(bp)
# The page that explains the API to a person, at /api/ (signed in, like every page).
docs_bp = Blueprint("api_docs", __name__)
