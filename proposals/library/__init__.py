"""The sample library: sample files, typed inputs, the sandbox, storage, and its pages."""

from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/library")


def register(app) -> None:
    """Attach the library pages (imported late: the CLI uses the library without its views)."""
    from . import views  # noqa: F401  (routes register themselves on bp)

    app.register_blueprint(bp)
