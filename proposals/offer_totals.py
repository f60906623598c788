"""What each offer option costs: with and without tax, alone and with its add-ons.

The PDF, the review and the client's page all show these figures, so they are worked out
once, here, with Decimal and the currency's own number of decimals (0 for JPY, 2 for SEK).
Add-ons are charged on the option's terms: the same currency, unit and tax. Tax is worked
out on each total, not summed from rounded parts, so totals are right to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

from .formatting import locale_of

HUNDRED = Decimal(100)

# What a tax on services is called where the proposal is read, by locale and then by
# language. Canada's federal and harmonised sales taxes share one line on an invoice.
TAX_LABELS = {
    "en-US": "sales tax",
    "en-GB": "VAT",
    "en-IE": "VAT",
    "en-ZA": "VAT",
    "en-AU": "GST",
    "en-NZ": "GST",
    "en-SG": "GST",
    "en-IN": "GST",
    "en-CA": "GST/HST",
    "fr-CA": "TPS/TVH",
    "de-DE": "MwSt.",
    "de-AT": "USt.",
    "de-CH": "MWST",
    "de-LI": "MWST",
    "fr-CH": "TVA",
    "it-CH": "IVA",
    "nl-BE": "btw",
    "fr-BE": "TVA",
    "de": "MwSt.",
    "fr": "TVA",
    "es": "IVA",
    "it": "IVA",
    "pt": "IVA",
    "nl": "btw",
    "sv": "moms",
    "da": "moms",
    "nb": "mva",
    "fi": "ALV",
    "pl": "VAT",
}
# Neither the locale nor its language names one: the plain word.
FALLBACK_TAX_LABEL = "tax"


def default_tax_label(tag: str | None) -> str:
    """The usual name of the tax for a locale ("sv-SE" -> "moms"); "tax" if unknown."""
    locale = locale_of(tag)
    territory = f"{locale.language}-{locale.territory}" if locale.territory else None
    return TAX_LABELS.get(territory) or TAX_LABELS.get(locale.language) or FALLBACK_TAX_LABEL


def tax_label_of(offer, tag: str | None) -> str:
    """The label the offer gives its tax, else the locale's usual one."""
    return offer.tax_label or default_tax_label(tag)


@dataclass(frozen=True)
class Amount:
    """A price without tax (net) and with it (gross); equal when no tax applies."""

    net: Decimal
    gross: Decimal

    @property
    def tax(self) -> Decimal:
        return self.gross - self.net


@dataclass(frozen=True)
class AddOnTotal:
    name: str
    description: str | None
    price: Amount  # the add-on on its own
    total: Amount  # the option with this add-on


@dataclass(frozen=True)
class OptionTotals:
    currency: str
    rate: Decimal | None  # percent; None: no tax is said
    included: bool  # the typed prices include the tax
    price: Amount  # the option on its own
    add_ons: list[AddOnTotal]
    with_all: Amount | None  # the option with every add-on; None without add-ons

    @property
    def taxed(self) -> bool:
        return self.rate is not None


def _round(amount: Decimal, currency: str) -> Decimal:
    # Half up, as an invoice rounds: 0.125 -> 0.13.
    return amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)), ROUND_HALF_UP)


def _amount(typed: Decimal, rate: Decimal | None, included: bool, currency: str) -> Amount:
    """The typed price (already in whole cents) as net and gross."""
    if rate is None:
        return Amount(typed, typed)
    factor = 1 + rate / HUNDRED
    if included:
        return Amount(_round(typed / factor, currency), typed)
    return Amount(typed, _round(typed * factor, currency))


def option_totals(option) -> OptionTotals:
    """An offer option's price, each add-on, and the totals with each and with all."""
    currency = option.currency
    rate = Decimal(option.tax.rate) if option.tax else None
    included = bool(option.tax and option.tax.included)
    price = _round(Decimal(option.price), currency)
    typed = [_round(Decimal(add_on.price), currency) for add_on in option.add_ons]
    add_ons = [
        AddOnTotal(
            add_on.name,
            add_on.description,
            _amount(extra, rate, included, currency),
            _amount(price + extra, rate, included, currency),
        )
        for add_on, extra in zip(option.add_ons, typed, strict=True)
    ]
    with_all = _amount(price + sum(typed), rate, included, currency) if typed else None
    return OptionTotals(
        currency, rate, included, _amount(price, rate, included, currency), add_ons, with_all
    )


def chosen_total(option, names: list[str]) -> Amount:
    """The option with the add-ons named (the client's choice), worked out like the rest."""
    currency = option.currency
    rate = Decimal(option.tax.rate) if option.tax else None
    included = bool(option.tax and option.tax.included)
    typed = _round(Decimal(option.price), currency)
    typed += sum(
        (
            _round(Decimal(add_on.price), currency)
            for add_on in option.add_ons
            if add_on.name in names
        ),
        Decimal(0),
    )
    return _amount(typed, rate, included, currency)
