"""Dashboard: the list of proposals, one proposal's page, and its PDF versions."""

from . import preview, starting, views  # noqa: F401  (their routes are added to bp)
from .blueprint import bp

__all__ = ["bp"]
