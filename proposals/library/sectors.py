"""Which trade a prospect's industry belongs to, in the words the library tags samples with.

A prospect's industry is typed freely ("Family law", "Café", "Solicitors"); a sample says
whom it fits by its tags ("legal", "hospitality"). This table joins the two, so a family
lawyer meets the legal samples although neither "family" nor "solicitor" is a tag.
"""

from __future__ import annotations

from collections.abc import Set
from functools import cache

from .. import matching

# Each sector (as a library tag) and words an industry that belongs to it may be typed in.
SECTORS = {
    "legal": "law legal lawyer solicitor attorney barrister notary paralegal conveyancing "
    "litigation chambers",
    "hospitality": "hospitality café coffee restaurant bar pub bakery catering caterer hotel "
    "bistro brewery takeaway food beverage",
    "retail": "retail retailer shop store boutique ecommerce e-commerce",
    "manufacturing": "manufacturing manufacturer factory production engineering",
    "wholesale": "wholesale wholesaler distributor distribution",
}


@cache
def _sector_terms() -> dict[str, frozenset[str]]:
    return {sector: frozenset(matching.terms(words)) for sector, words in SECTORS.items()}


def sectors_of(industry: Set[str]) -> list[str]:
    """The sectors whose words the industry's terms (or a search's) include."""
    return [sector for sector, terms in _sector_terms().items() if terms & industry]


def with_sectors(heard: matching.Heard) -> matching.Heard:
    """What was heard, with the prospect's sectors counted as words of their industry."""
    found = {term: word for tag in sectors_of(heard.industry) for term, word in matching.words(tag)}
    if not found:
        return heard
    said = {**found, **heard.said}
    return matching.Heard(heard.counts, heard.industry | frozenset(found), said)
