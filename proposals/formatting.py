"""Dates, months, money and percentages for people: the one place that formats them.

Everything goes through Babel, so a date reads the way the reader's locale writes it
("1 Dec 2026" in en-GB, "1 dec. 2026" in sv-SE) and no template builds one by hand. The
web pages use these as Jinja filters (`init_app`); the PDF, the e-mails, the calendar entry
and the library helpers call them directly with the proposal's locale.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_decimal, format_percent, parse_pattern

# The web pages' own locale: day-first dates with month names, as the app has always shown.
UI_LOCALE = "en_GB"
# A proposal's locale when neither it nor the firm names one (PROPOSALS_DEFAULT_LOCALE):
# US English, which is how every proposal was written before locales existed.
DEFAULT_LOCALE = "en-US"


def proposal_locale(own: str | None, firm: str | None = None, default: str | None = None) -> str:
    """The locale a proposal is shown in: its own, else the firm's, else the app's default."""
    return own or firm or default or DEFAULT_LOCALE


class _TypographicLocale(Locale):
    """A locale whose digits are grouped by a typographic apostrophe (de-CH: 1’380’000).

    CLDR gives Swiss locales an ASCII apostrophe, and Babel reads a pair of those in a
    formatted number as pattern quoting and drops them ("1'380'000" came out as "1380000").
    """

    @cached_property
    def number_symbols(self):
        # A copy: Babel's own data for the locale stays as it is for everyone else.
        symbols = super().number_symbols.copy()
        symbols["latn"] = {**symbols["latn"], "group": "\u2019"}
        return symbols


@lru_cache(maxsize=64)
def locale_of(tag: str | Locale | None, default: str = DEFAULT_LOCALE) -> Locale:
    """A Babel locale from a BCP 47 tag such as "sv-SE"; the default for none or unknown."""
    if isinstance(tag, Locale):
        return tag
    try:
        locale = Locale.parse((tag or default).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        locale = Locale.parse(default.replace("-", "_"))
    if locale.number_symbols["latn"]["group"] == "'":
        return _TypographicLocale(locale.language, locale.territory, locale.script, locale.variant)
    return locale


def day(value: date | None, locale: str | Locale = UI_LOCALE) -> str:
    """A short date with the month's name: "1 Dec 2026"."""
    return format_skeleton("yMMMd", value, locale=locale_of(locale)) if value else ""


def long_day(value: date | None, locale: str | Locale = UI_LOCALE) -> str:
    """A date written out in full: "1 December 2026"."""
    return format_date(value, format="long", locale=locale_of(locale)) if value else ""


def weekday(value: date | None, locale: str | Locale = UI_LOCALE) -> str:
    """A date with its weekday, written out: "Tuesday, 1 December 2026"."""
    return format_date(value, format="full", locale=locale_of(locale)) if value else ""


def short_weekday(value: date | None, locale: str | Locale = UI_LOCALE) -> str:
    """The weekday and day of a date close to today: "Tue 1 Dec"."""
    return format_skeleton("MMMEd", value, locale=locale_of(locale)) if value else ""


def day_month(value: date, locale: str | Locale = UI_LOCALE) -> str:
    """A day of this year, as a sentence names it: "1 December"."""
    return format_skeleton("MMMMd", value, locale=locale_of(locale))


def moment(value: datetime | None, locale: str | Locale = UI_LOCALE) -> str:
    """A date and time of day: "1 Dec 2026, 09:05"."""
    if value is None:
        return ""
    return f"{day(value, locale)}, {format_time(value, format='short', locale=locale_of(locale))}"


def month(value: date, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """A month and its year: "March 2026"."""
    return format_date(value, format="MMMM y", locale=locale_of(locale))


def short_month(value: date, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """A month as a chart's axis names it: "Mar 26", "mars 26", "März 26"."""
    return format_skeleton("MMMyy", value, locale=locale_of(locale))


def money(
    amount: Decimal | int | float | str,
    currency: str,
    locale: str | Locale = DEFAULT_LOCALE,
    digits: int | None = None,
) -> str:
    """An amount as the locale writes it: "£18,500.00", "412 000,00 kr", "CHF-1’380.00".

    The currency's usual decimals by default (none for JPY); digits=0 gives whole units
    ("412 000 kr") in the locale's own pattern, for tables of round figures.
    """
    amount = Decimal(amount)
    locale = locale_of(locale)
    if digits is None:
        return format_currency(amount, currency, locale=locale)
    pattern = parse_pattern(locale.currency_formats["standard"].pattern)
    pattern.frac_prec = (digits, digits)
    return format_currency(
        _rounded(amount, digits), currency, format=pattern, locale=locale, currency_digits=False
    )


def number(
    amount: Decimal | int | float | str, locale: str | Locale = DEFAULT_LOCALE, digits: int = 0
) -> str:
    """A plain number with the locale's grouping: "12,500" or "12,500.5" with digits=1."""
    return format_decimal(
        _rounded(Decimal(amount), digits), format=_pattern(digits), locale=locale_of(locale)
    )


def percent(
    fraction: Decimal | int | float | str, locale: str | Locale = DEFAULT_LOCALE, digits: int = 0
) -> str:
    """A fraction as a percentage in the locale's form: 0.126 -> "13%" ("13 %" in de-DE),
    or "12.5%" with digits=1."""
    chosen = locale_of(locale)
    # The locale's own pattern ("#,##0 %", "%#,##0"), with the digits asked for.
    own = chosen.percent_formats[None].pattern.split(";")[0]
    pattern = re.sub(r"[#,0.]+", _pattern(digits), own, count=1)
    return format_percent(Decimal(fraction), format=pattern, locale=chosen)


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


def _rounded(amount: Decimal, digits: int) -> Decimal:
    # Half up, as people round by hand: 0.5 -> 1 (Python's default would give 0).
    return amount.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def days_ago(value: date, today: date) -> str:
    """ "1 day" or "3 days": how far a date lies behind today."""
    count = (today - value).days
    return f"{count} day" if count == 1 else f"{count} days"


def init_app(app) -> None:
    """Register the web filters: {{ proposal.sent_on|weekday }} and the others."""
    for name in ("day", "long_day", "weekday", "short_weekday", "moment"):
        app.jinja_env.filters[name] = globals()[name]
    app.jinja_env.filters["days_ago"] = days_ago
