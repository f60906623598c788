"""Forms of the library pages: the sample editor and the .md upload."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField

MAX_SOURCE = 100_000


class SampleEditorForm(FlaskForm):
    source = TextAreaField(
        "Sample file (front matter and body)",
        render_kw={"rows": 30, "maxlength": MAX_SOURCE, "spellcheck": "false", "class": "code"},
    )


class UploadForm(FlaskForm):
    file = FileField("A sample file (.md)")
