"""Helpers for the web templates: accessible attributes for form fields, untranslated gettext."""

from __future__ import annotations

from babel.support import NullTranslations
from flask import Flask

from . import formatting
from .render.language import plain_text_gettext
from .richtext import to_html


def field_attributes(field, hint: object = None, focus: str | None = None, **extra) -> dict:
    """aria-invalid, aria-describedby (hint and errors) and autofocus, only where they apply.

    WTForms prints a None attribute as the text "None", which screen readers read as
    "invalid"; so attributes that don't apply are left out instead.
    """
    attributes = {key.replace("_", "-"): value for key, value in extra.items() if value is not None}
    described = [f"{field.id}-hint"] if hint else []
    if field.errors:
        attributes["aria-invalid"] = "true"
        described.append(f"{field.id}-error")
    if described:
        attributes["aria-describedby"] = " ".join(described)
    if focus and focus == field.id:
        attributes["autofocus"] = True
    return attributes


def init_app(app: Flask) -> None:
    app.jinja_env.globals["field_attributes"] = field_attributes
    app.jinja_env.filters["markdown"] = to_html
    # The review shows the print partials, whose fixed texts are gettext messages: the web
    # pages stay English, so they read them untranslated.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(*plain_text_gettext(NullTranslations()), newstyle=True)
    formatting.init_app(app)
