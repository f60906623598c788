"""Forms of the follow-up kit. They collect and redisplay; the operations and the schema
decide."""

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from ..document import DocumentError, Limits


class ScheduleForm(FlaskForm):
    on = StringField("Follow up on", render_kw={"type": "date", "placeholder": "YYYY-MM-DD"})
    about = StringField(
        "About",
        render_kw={"maxlength": Limits.LINE, "placeholder": "Their issue, not “just checking in”"},
    )

    def show_errors(self, error: DocumentError) -> None:
        """Put each message next to its field (`on` or `about`, as the schema names them)."""
        for path, message in error.by_path().items():
            field = self.on if path.startswith("on") else self.about
            field.errors = [*field.errors, message]


class DraftsForm(FlaskForm):
    cover_email = TextAreaField(
        "Cover email, to send with the PDF", render_kw={"rows": 16, "maxlength": Limits.TEXT}
    )
    follow_up_note = TextAreaField(
        "Follow-up note, for the follow-up date", render_kw={"rows": 16, "maxlength": Limits.TEXT}
    )
