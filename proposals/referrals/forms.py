"""Forms of the referral directory. They collect and redisplay; providers.clean decides."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, StringField, TextAreaField

from .providers import LIMITS


class ProviderForm(FlaskForm):
    name = StringField("Name", render_kw={"maxlength": LIMITS["name"], "autocomplete": "off"})
    organisation = StringField("Organisation", render_kw={"maxlength": LIMITS["organisation"]})
    good_for = TextAreaField(
        "What they are good for",
        description="A sentence a client could read, e.g. “Retail leases and footfall data "
        "for shops in Eastgate”. The wizard matches it against what prospects tell you.",
        render_kw={"maxlength": LIMITS["good_for"], "rows": 2},
    )
    tags = StringField(
        "Tags",
        description="Separated by ; (or commas), e.g. commercial property; retail lease; Eastgate",
    )
    contact = StringField(
        "Contact", render_kw={"maxlength": LIMITS["contact"], "placeholder": "E-mail or phone"}
    )
    notes = TextAreaField(
        "Notes for colleagues",
        description="How you know them, who at the firm has worked with them. Never printed.",
        render_kw={"maxlength": LIMITS["notes"], "rows": 4},
    )
    # The entry's edit version this form showed: a save after another one is a conflict.
    edit_version = HiddenField()


class UploadForm(FlaskForm):
    file = FileField("A CSV file")
