"""Money, numbers and dates as each shipped locale writes them (Babel's forms)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from proposals import formatting
from proposals.library.helpers import formatters

MONEY = [
    ("en-US", "GBP", "£1,380,000.00", "-£1,380,000.00"),
    ("en-GB", "GBP", "£1,380,000.00", "-£1,380,000.00"),
    ("de-DE", "EUR", "1.380.000,00\u00a0€", "-1.380.000,00\u00a0€"),
    ("de-CH", "CHF", "CHF\u00a01’380’000.00", "CHF-1’380’000.00"),
    ("fr-FR", "EUR", "1\u202f380\u202f000,00\u00a0€", "-1\u202f380\u202f000,00\u00a0€"),
    ("sv-SE", "SEK", "1\u00a0380\u00a0000,00\u00a0kr", "-1\u00a0380\u00a0000,00\u00a0kr"),
    ("es-ES", "EUR", "1.380.000,00\u00a0€", "-1.380.000,00\u00a0€"),
    ("nl-NL", "EUR", "€\u00a01.380.000,00", "€\u00a0-1.380.000,00"),
]


@pytest.mark.parametrize(("locale", "currency", "positive", "negative"), MONEY)
def test_money_reads_as_the_locale_writes_it(locale, currency, positive, negative):
    assert formatting.money("1380000", currency, locale) == positive
    assert formatting.money("-1380000", currency, locale) == negative


@pytest.mark.parametrize(
    ("locale", "currency", "whole"),
    [
        ("sv-SE", "SEK", "412\u00a0000\u00a0kr"),
        ("de-CH", "CHF", "CHF\u00a0412’000"),
        ("de-DE", "EUR", "412.000\u00a0€"),
        ("fr-FR", "EUR", "412\u202f000\u00a0€"),
        ("en-US", "USD", "$412,000"),
    ],
)
def test_whole_units_drop_the_cents_in_the_locale_s_own_pattern(locale, currency, whole):
    assert formatting.money("412000", currency, locale, digits=0) == whole


def test_a_currency_keeps_its_usual_decimals():
    assert formatting.money("1380000", "JPY", "en-US") == "¥1,380,000"
    assert formatting.money("1.5", "KWD", "en-US") == "KWD1.500"


@pytest.mark.parametrize(
    ("locale", "long", "month"),
    [
        ("en-US", "December 1, 2026", "March 2026"),
        ("en-GB", "1 December 2026", "March 2026"),
        ("de-DE", "1. Dezember 2026", "März 2026"),
        ("fr-FR", "1 décembre 2026", "mars 2026"),
        ("sv-SE", "1 december 2026", "mars 2026"),
        ("es-ES", "1 de diciembre de 2026", "marzo 2026"),
        ("nl-NL", "1 december 2026", "maart 2026"),
    ],
)
def test_dates_and_month_names_follow_the_locale(locale, long, month):
    assert formatting.long_day(date(2026, 12, 1), locale) == long
    assert formatting.month(date(2026, 3, 1), locale) == month


def test_the_proposal_s_locale_wins_then_the_firm_s_then_the_app_s():
    assert formatting.proposal_locale("sv-SE", "de-DE", "fr-FR") == "sv-SE"
    assert formatting.proposal_locale(None, "de-DE", "fr-FR") == "de-DE"
    assert formatting.proposal_locale(None, None, "fr-FR") == "fr-FR"
    assert formatting.proposal_locale(None) == "en-US"


def test_sample_helpers_write_a_table_of_round_thousands_without_cents():
    helpers = formatters("SEK", "sv-SE")
    rows = [{"month": "2026-0" + str(n), "cash": str(n * 1000)} for n in range(1, 10)]
    html = str(helpers["table"](rows, [["month", "Month", "month"], ["cash", "Cash", "money0"]]))
    assert "1\u00a0000\u00a0kr" in html and ",00" not in html
    assert "januari 2026" in html


def test_a_sample_helper_writes_negative_money_as_the_locale_does():
    helpers = formatters("CHF", "de-CH")
    assert helpers["money"](-215000) == "CHF-215’000.00"
    assert helpers["money"](-215000, 0) == "CHF-215’000"


@pytest.mark.parametrize(
    ("locale", "whole", "one_digit"),
    [
        ("en-US", "75%", "74.6%"),
        ("de-DE", "75\u00a0%", "74,6\u00a0%"),
        ("fr-FR", "75\u00a0%", "74,6\u00a0%"),
        ("sv-SE", "75\u00a0%", "74,6\u00a0%"),
        ("tr-TR", "%75", "%74,6"),
    ],
)
def test_percentages_take_the_locales_own_form(locale, whole, one_digit):
    assert formatting.percent(Decimal("0.746"), locale) == whole
    assert formatting.percent(Decimal("0.746"), locale, 1) == one_digit
