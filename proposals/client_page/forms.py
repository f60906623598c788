"""The client's three forms, with length limits and a CSRF token that needs no cookie.

The page sets no cookie at all, so the token can't live in a session: it is an HMAC of the
link (its stored hash) and the form's name under the app's secret. A page of another link,
or a forged form, carries a token that doesn't match."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from wtforms import BooleanField, Form, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..models import ClientLink
from ..sections import N_

NAME_LENGTH = 200
MESSAGE_LENGTH = 2000


def form_token(link: ClientLink, form_name: str) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    message = f"client-page:{form_name}:{link.token_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class ClientForm(Form):
    """A form bound to one link: its hidden token must be the link's."""

    name = "form"
    csrf_token = HiddenField()

    def __init__(self, link: ClientLink, formdata=None, gettext=None, **kwargs):
        self._link = link
        self._gettext = gettext or (lambda message: message)
        super().__init__(formdata, **kwargs)
        self.csrf_token.data = form_token(link, self.name)

    def validate_csrf_token(self, field):
        if not current_app.config.get("WTF_CSRF_ENABLED", True):
            return  # as Flask-WTF does: tests may turn the tokens off
        sent = field.raw_data[0] if field.raw_data else ""
        if not hmac.compare_digest(sent, form_token(self._link, self.name)):
            raise ValidationError("csrf")

    def token_ok(self) -> bool:
        """Check the form's token alone, before anything it carries is looked at."""
        try:
            self.validate_csrf_token(self.csrf_token)
        except ValidationError:
            return False
        return True


# Shown next to the field in the proposal's language: the template translates them.
TOO_LONG = {
    NAME_LENGTH: N_("At most 200 characters."),
    MESSAGE_LENGTH: N_("At most 2000 characters."),
}


def _length(limit: int):
    return Length(max=limit, message=TOO_LONG[limit])


class AcceptForm(ClientForm):
    name = "accept"
    full_name = StringField(
        validators=[DataRequired(N_("Please give your full name.")), _length(NAME_LENGTH)]
    )
    role = StringField(
        validators=[DataRequired(N_("Please give your role.")), _length(NAME_LENGTH)]
    )
    reference = StringField(validators=[Optional(), _length(NAME_LENGTH)])
    confirm = BooleanField(
        validators=[InputRequired(N_("Please tick the box to accept the proposal as sent."))]
    )


class QuestionForm(ClientForm):
    name = "question"
    message = TextAreaField(
        validators=[DataRequired(N_("Please write your question.")), _length(MESSAGE_LENGTH)]
    )


class DeclineForm(ClientForm):
    name = "decline"
    reason = TextAreaField(validators=[Optional(), _length(MESSAGE_LENGTH)])
