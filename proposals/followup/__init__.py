"""The follow-up kit: after the PDF, the calendar entry, the cover email, the follow-up note,
"sent" with its date, and the follow-ups due this week."""

from flask import Blueprint

bp = Blueprint("followup", __name__)

from . import views  # noqa: E402,F401  (routes register themselves on bp)
