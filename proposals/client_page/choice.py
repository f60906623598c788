"""The client's choice of an option and its add-ons, checked against the sent version.

Only what the sent document offers can be chosen; every total is worked out here, from the
document, never taken from what the browser sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from .. import formatting
from ..document import Document
from ..offer_totals import Amount, chosen_total, tax_label_of
from ..sections import N_


class ChoiceError(ValueError):
    """The browser sent an option or add-on the sent version doesn't have."""


@dataclass(frozen=True)
class Choice:
    index: int | None  # None: nothing chosen yet
    add_ons: list[str] = field(default_factory=list)


def read_choice(document: Document, option: str | None, add_ons: list[str]) -> Choice:
    """The choice a form names, or ChoiceError when it names what was never offered."""
    if option in (None, ""):
        if add_ons:
            raise ChoiceError(N_("An extra was chosen without an option."))
        return Choice(None)
    options = document.offer.options
    if not option.isdigit() or int(option) >= len(options):
        raise ChoiceError(N_("That option is not part of this proposal."))
    index = int(option)
    offered = [add_on.name for add_on in options[index].add_ons]
    unknown = [name for name in add_ons if name not in offered]
    if unknown or len(set(add_ons)) != len(add_ons):
        raise ChoiceError(N_("That extra is not offered with the chosen option."))
    # Kept in the document's order, whatever order the browser sent them in.
    return Choice(index, [name for name in offered if name in add_ons])


def total_of(document: Document, choice: Choice) -> Amount | None:
    if choice.index is None:
        return None
    return chosen_total(document.offer.options[choice.index], choice.add_ons)


def shown_total(document: Document, choice: Choice, locale: str) -> dict | None:
    """The chosen total as the page prints it: with and without tax, in the locale."""
    amount = total_of(document, choice)
    if amount is None:
        return None
    option = document.offer.options[choice.index]
    return _formatted(amount, option, locale)


def _formatted(amount: Amount, option, locale: str) -> dict:
    def money_of(value) -> str:
        return formatting.money(value, option.currency, locale)

    return {
        "net": money_of(amount.net),
        "gross": money_of(amount.gross),
        "taxed": option.tax is not None,
    }


def every_total(document: Document, locale: str) -> list[dict[str, dict]]:
    """For each option, the formatted total of every set of its add-ons (at most 2**6),
    keyed by the add-ons' positions ("0,2"): the page's script only looks them up."""
    tables = []
    for option in document.offer.options:
        positions = range(len(option.add_ons))
        table = {}
        for size in range(len(option.add_ons) + 1):
            for chosen in combinations(positions, size):
                names = [option.add_ons[i].name for i in chosen]
                key = ",".join(str(i) for i in chosen)
                table[key] = _formatted(chosen_total(option, names), option, locale)
        tables.append(table)
    return tables


def tax_label(document: Document, locale: str) -> str:
    return tax_label_of(document.offer, locale)
