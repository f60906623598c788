"""Forms of the library pages: the sample editor and the .md upload."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, TextAreaField

from ..document import Limits


class SampleEditorForm(FlaskForm):
    source = TextAreaField(
        "Sample file (front matter and body)",
        render_kw={
            "rows": 30,
            "maxlength": Limits.SAMPLE_FILE,
            "spellcheck": "false",
            "class": "code",
        },
    )
    # The revision this editor showed: a save after another one is shown as a conflict.
    revision = HiddenField()


class UploadForm(FlaskForm):
    file = FileField("A sample file (.md)")
