"""The referral directory: providers the whole firm trusts, suggested in the wizard."""

from . import views  # noqa: F401  (their routes are added to bp)
from .blueprint import bp

__all__ = ["bp"]
