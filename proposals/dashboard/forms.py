"""Small forms for the dashboard's buttons."""

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from ..models import Status


class StatusForm(FlaskForm):
    status = SelectField(
        "Status", choices=[SelectChoice(s.value, s.value.capitalize()) for s in Status]
    )
