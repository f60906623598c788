"""The firm profile form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..document import Limits
from .logo import MAX_UPLOAD_BYTES


class FirmForm(FlaskForm):
    name = StringField("Firm name", render_kw={"maxlength": Limits.SHORT})
    address = TextAreaField("Address", render_kw={"rows": 3, "maxlength": Limits.ADDRESS})
    brand_colour = StringField("Brand colour", render_kw={"type": "color"})
    page_size = SelectField(
        "Paper size for PDFs",
        choices=[SelectChoice("A4", "A4"), SelectChoice("Letter", "US Letter")],
    )
    pdf_layout = SelectField(
        "PDF layout",
        choices=[
            SelectChoice("formal", "Formal"),
            SelectChoice("compact", "Compact"),
        ],
        default="formal",
    )
    logo = FileField(f"Logo (PNG or JPEG, up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB)")
    remove_logo = BooleanField("Remove the current logo")
