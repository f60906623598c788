"""Small forms for the dashboard: status, starting a proposal, reusing one for another client."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..document import Limits
from ..models import Status
from ..operations import CARRIED


class StatusForm(FlaskForm):
    status = SelectField(
        "Status", choices=[SelectChoice(s.value, s.value.capitalize()) for s in Status]
    )


class StartForm(FlaskForm):
    """The prospect a new proposal is for; nothing is stored until this is sent."""

    organisation = StringField(
        "Organisation", render_kw={"maxlength": Limits.SHORT, "autocomplete": "off"}
    )
    contact_name = StringField(
        "Contact name", render_kw={"maxlength": Limits.SHORT, "autocomplete": "off"}
    )
    template = SelectField("Start from a firm template", choices=[], validate_choice=False)


class CheckboxesField(SelectMultipleField):
    """A choice of several, as checkboxes (WTForms' documented recipe)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReuseForm(StartForm):
    """Another client's proposal, started from this one: what to carry, and for whom."""

    template = None
    carry = CheckboxesField(
        "Carry over", choices=[SelectChoice(key, label) for key, label in CARRIED.items()]
    )
