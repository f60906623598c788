"""The firm templates' forms: a new template from a proposal, and renaming one."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from ..dashboard.forms import CheckboxesField
from ..document import Limits
from ..operations import CARRIED

# A template keeps the sample's choice, not one client's figures typed into it.
PARTS = {**CARRIED, "sample": "Which worked sample to show"}


class NewTemplateForm(FlaskForm):
    name = StringField("Template name", render_kw={"maxlength": Limits.SHORT})
    proposal = SelectField("Take the parts from", choices=[], validate_choice=False)
    sections = CheckboxesField(
        "Keep", choices=[SelectChoice(key, label) for key, label in PARTS.items()]
    )


class RenameForm(FlaskForm):
    name = StringField("New name", render_kw={"maxlength": Limits.SHORT})
