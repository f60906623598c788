"""Sign-in, first-run setup, new-user and password forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField

from .passwords import MIN_PASSWORD

NEW_PASSWORD = f"Password (at least {MIN_PASSWORD} characters, not easy to guess)"


class LoginForm(FlaskForm):
    email = EmailField("E-mail", render_kw={"autocomplete": "username", "maxlength": 254})
    password = PasswordField("Password", render_kw={"autocomplete": "current-password"})


class NewUserForm(FlaskForm):
    name = StringField("Name", render_kw={"autocomplete": "name", "maxlength": 200})
    email = EmailField("E-mail", render_kw={"autocomplete": "email", "maxlength": 254})
    password = PasswordField(NEW_PASSWORD, render_kw={"autocomplete": "new-password"})
    admin = BooleanField("Can manage users and the firm profile")


class SetupForm(NewUserForm):
    """The first account: always an administrator."""


class NewPasswordForm(FlaskForm):
    """A new password, from a one-time reset link."""

    password = PasswordField(NEW_PASSWORD, render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField("Current password", render_kw={"autocomplete": "current-password"})


class ProfileForm(FlaskForm):
    """Your details, written on every new proposal you start."""

    name = StringField("Your name", render_kw={"autocomplete": "name", "maxlength": 200})
    job_title = StringField(
        "Your role", render_kw={"autocomplete": "organization-title", "maxlength": 200}
    )
    email = EmailField("E-mail", render_kw={"autocomplete": "email", "maxlength": 254})
    phone = StringField("Phone", render_kw={"autocomplete": "tel", "maxlength": 200})


class ApiTokenForm(FlaskForm):
    """A new personal token for the HTTP API; the name says what it is for."""

    name = StringField(
        "What it is for", render_kw={"maxlength": 100, "placeholder": "e.g. CRM export"}
    )
