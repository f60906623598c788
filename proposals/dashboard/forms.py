"""Small forms for the dashboard's buttons."""

from flask_wtf import FlaskForm
from wtforms import SelectField

from ..models import Status


class ButtonForm(FlaskForm):
    """A bare POST button: only the CSRF token."""


class StatusForm(FlaskForm):
    status = SelectField(
        "Status", choices=[(status.value, status.value.capitalize()) for status in Status]
    )
