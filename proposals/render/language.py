"""The PDF's own words in the client's language: the proposal's locale and its catalog.

The fixed texts of the print templates (headings, labels, the footer) are gettext messages
in proposals/translations/<lang>/LC_MESSAGES/messages.po, managed with Babel (README,
"Translating the PDF"). A locale without a catalog of its own (pt-BR) prints in English.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"
FALLBACK = "en"
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def shipped_languages() -> list[str]:
    """The languages with a compiled catalog, e.g. ["de", "en", "es", "fr", "nl", "sv"]."""
    return sorted(mo.parent.parent.name for mo in TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def catalog_language(locale: str | None) -> str:
    """The shipped catalog that serves a locale: "de-CH" -> "de"; English when none does."""
    try:
        parsed = Locale.parse((locale or FALLBACK).replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return FALLBACK
    shipped = shipped_languages()
    for candidate in (str(parsed), parsed.language):
        if candidate in shipped:
            return candidate
    return FALLBACK


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of one shipped language, read once per process."""
    return Translations.load(TRANSLATIONS, [language], domain=DOMAIN)


def plain_text_gettext(catalog: NullTranslations) -> tuple:
    """gettext and ngettext for jinja2.ext.i18n that read a catalog's words as plain text."""

    # Jinja takes what gettext returns for markup; ours is text, so an apostrophe or an "&"
    # in a translation is escaped like every other text in the page.
    def gettext(message: str) -> Markup:
        return escape(catalog.gettext(message))

    def ngettext(singular: str, plural: str, count: int) -> Markup:
        return escape(catalog.ngettext(singular, plural, count))

    return gettext, ngettext


def page_counter_css(pattern: str) -> Markup:
    """'Seite {page} von {pages}' -> '"Seite " counter(page) " von " counter(pages)'."""
    # CSS counters can't be formatted from Python, so the footer is built from pieces.
    parts = []
    for index, piece in enumerate(_PLACEHOLDER.split(pattern)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            # Inside <style> nothing is unescaped, so quotes are escaped for CSS and tags dropped.
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"')
            parts.append('"' + re.sub(r"[<>\n]", " ", escaped) + '"')
    return Markup(" ".join(parts))
