"""Sign-in, first-run setup and new-user forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField


class LoginForm(FlaskForm):
    email = EmailField("E-mail", render_kw={"autocomplete": "username", "maxlength": 254})
    password = PasswordField("Password", render_kw={"autocomplete": "current-password"})


class NewUserForm(FlaskForm):
    name = StringField("Name", render_kw={"autocomplete": "name", "maxlength": 200})
    email = EmailField("E-mail", render_kw={"autocomplete": "email", "maxlength": 254})
    password = PasswordField(
        "Password (at least 10 characters)", render_kw={"autocomplete": "new-password"}
    )
    admin = BooleanField("Can manage users and the firm profile")


class SetupForm(NewUserForm):
    """The first account: always an administrator."""
