"""The send page's form. It collects and redisplays; sending/outgoing.py decides."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from .. import formatting
from ..document import Limits
from ..models import Proposal
from ..problems import DocumentError


class SendForm(FlaskForm):
    to = StringField(
        "To",
        render_kw={"type": "email", "maxlength": Limits.SHORT, "autocomplete": "off"},
    )
    subject = StringField("Subject", render_kw={"maxlength": Limits.TITLE})
    body = TextAreaField("The e-mail", render_kw={"rows": 16, "maxlength": Limits.TEXT})
    version = SelectField("PDF version to send", choices=[], validate_choice=False)
    link = BooleanField("Include a private link to read and answer online")
    expires_on = StringField("The link works until", render_kw={"type": "date"})
    # A new key each time the page is opened: a second press of Send sends nothing again.
    send_key = HiddenField()

    def offer_versions(self, proposal: Proposal) -> None:
        """Every PDF version, the latest first (and chosen unless another is)."""
        self.version.choices = [
            (str(version.number), _label(version, index == 0))
            for index, version in enumerate(proposal.versions)
        ]

    def show_errors(self, error: DocumentError) -> None:
        """Each message next to its field (the paths are the field names)."""
        for path, message in error.by_path().items():
            field = self._fields.get(path.split(".")[0]) or self.body
            field.errors = [*field.errors, message]


def _label(version, latest: bool) -> str:
    made = formatting.moment(version.created_at)
    sent = ", sent before" if version.frozen_at else ""
    return f"Version {version.number} ({'latest, ' if latest else ''}made {made}{sent})"
