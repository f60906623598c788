"""The wizard: one step per part of what the consultant heard, saved at every step."""

from flask import Flask

from ..auth import keep_signed_out_posts
from .held import after_expired_token
from .views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Register the blueprint; a step posted after signing out is held over the sign-in."""
    app.register_blueprint(bp)
    keep_signed_out_posts(app, "wizard.step", after_expired_token)
