"""The follow-up kit: after the PDF, the calendar entry, the cover email, the follow-up note,
"sent" with its date, and the follow-ups due this week."""

from . import views  # noqa: F401  (their routes are added to bp)
from .blueprint import bp

__all__ = ["bp"]
