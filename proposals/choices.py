"""The locales and currencies a consultant picks from: common ones first, names from Babel."""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale, localedata
from babel.numbers import get_currency_name, get_territory_currencies, list_currencies

# The ones consultants here write in most; the rest of Babel's follow, by name.
COMMON_LOCALES = (
    "en-US",
    "en-GB",
    "en-IE",
    "en-AU",
    "en-NZ",
    "en-CA",
    "de-DE",
    "de-AT",
    "de-CH",
    "fr-FR",
    "fr-CH",
    "fr-BE",
    "fr-CA",
    "es-ES",
    "nl-NL",
    "nl-BE",
    "sv-SE",
    "nb-NO",
    "da-DK",
    "fi-FI",
    "it-IT",
    "pt-PT",
    "pl-PL",
)
COMMON_CURRENCIES = (
    "GBP",
    "USD",
    "EUR",
    "CAD",
    "AUD",
    "NZD",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "JPY",
    "INR",
    "SGD",
    "HKD",
    "ZAR",
)
# Names are shown in the web UI's language.
UI_LANGUAGE = "en"


def locale_name(tag: str) -> str:
    """ "German (Switzerland) · Deutsch (Schweiz)": how a locale is named in a list."""
    locale = Locale.parse(tag.replace("-", "_"))
    english = locale.get_display_name(UI_LANGUAGE) or tag
    own = locale.get_display_name() or english
    return english if own == english else f"{english} · {own}"


@cache
def locale_choices() -> tuple[tuple[str, str], ...]:
    """Every language-and-country locale Babel knows, as (tag, name): common ones first."""
    named = Locale.parse(UI_LANGUAGE).languages
    others = []
    for identifier in localedata.locale_identifiers():
        parts = identifier.split("_")
        if len(parts) == 2 and len(parts[1]) == 2 and parts[1].isalpha() and parts[0] in named:
            tag = "-".join(parts)
            if tag not in COMMON_LOCALES:
                others.append((tag, locale_name(tag)))
    common = [(tag, locale_name(tag)) for tag in COMMON_LOCALES]
    return (*common, *sorted(others, key=lambda choice: choice[1]))


@cache
def current_currencies(today: date | None = None) -> frozenset[str]:
    """The ISO 4217 codes some country uses today (no Deutsche Mark, no test codes)."""
    today = today or date.today()
    codes = set()
    for territory in Locale.parse(UI_LANGUAGE).territories:
        codes.update(get_territory_currencies(territory, today, tender=True))
    return frozenset(codes & set(list_currencies()))


def currency_name(code: str) -> str:
    """ "SEK · Swedish krona"."""
    return f"{code} · {get_currency_name(code, locale=UI_LANGUAGE)}"


@cache
def currency_choices() -> tuple[tuple[str, str], ...]:
    """Today's ISO 4217 currencies as (code, name): common ones first, then by code."""
    others = sorted(current_currencies() - set(COMMON_CURRENCIES))
    return tuple((code, currency_name(code)) for code in (*COMMON_CURRENCIES, *others))
