"""The firm profile form."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..choices import locale_choices, locale_name
from ..document import Limits
from . import app_locale
from .logo import MAX_UPLOAD_BYTES


class FirmForm(FlaskForm):
    # No maxlength: a longer name is refused next to the field, never cut (counter.js counts).
    name = StringField("Firm name", render_kw={"data-limit": Limits.SHORT})
    address = TextAreaField("Address", render_kw={"rows": 3, "data-limit": Limits.ADDRESS})
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
    locale = SelectField("Language and country of proposals", validate_choice=False)
    logo = FileField(f"Logo (PNG or JPEG, up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB)")
    remove_logo = BooleanField("Remove the current logo")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = f"The app's default: {locale_name(app_locale())}"
        choices = [("", default), *locale_choices()]
        self.locale.choices = [SelectChoice(value, label) for value, label in choices]
