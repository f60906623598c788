"""The firm profile form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice


class FirmForm(FlaskForm):
    name = StringField("Firm name", render_kw={"maxlength": 200})
    address = TextAreaField("Address", render_kw={"rows": 3, "maxlength": 1000})
    brand_colour = StringField("Brand colour", render_kw={"type": "color"})
    page_size = SelectField(
        "Paper size for PDFs",
        choices=[SelectChoice("A4", "A4"), SelectChoice("Letter", "US Letter")],
    )
    logo = FileField("Logo (PNG or JPEG, up to 2 MB)")
    remove_logo = BooleanField("Remove the current logo")
