"""The trust check reads figures the way the proposal's locale writes them (issue 13)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from proposals.document import dump_document, validate_document
from proposals.document_files import load_document_file
from proposals.trust import check_document
from proposals.trust.normalise import figure, reading_figures, tokenise

NORTHWIND = Path(__file__).parent.parent / "proposals" / "demo" / "northwind-bakery.json"


@pytest.mark.parametrize(
    ("written", "locale", "value"),
    [
        ("£18,500.00", None, "18500"),
        ("€12,000,", "en-IE", "12000"),
        ("1.234,50 €", "de-DE", "1234.5"),
        ("18.500,00 €", "de", "18500"),
        ("1 234,50 €", "fr-FR", "1234.5"),
        ("1\u202f234,50 €", "fr-FR", "1234.5"),
        ("18’500.00 CHF", "de-CH", "18500"),
        ("3,5", "de-DE", "3.5"),
    ],
)
def test_a_figure_is_read_in_its_locale(written, locale, value):
    assert figure(written, locale) == Decimal(value)


def test_english_reading_is_unchanged_outside_a_locale():
    assert figure("1.234,50 €") != Decimal("1234.5")  # read the English way: not this


def test_tokens_carry_the_locales_figures():
    with reading_figures("de-DE"):
        found = [t.value for t in tokenise("Miete 18.500,00 € für 12 Leute in 2027") if t.value]
    assert found == [Decimal("18500"), Decimal("12"), Decimal("2027")]
    # A plain space groups three digits only: a year and a count stay two figures.
    with reading_figures("fr-FR"):
        found = [t.value for t in tokenise("en 2027 12 salariés, 18 500 €") if t.value]
    assert found == [Decimal("2027"), Decimal("12"), Decimal("18500")]


def _german_northwind(sample_body: str) -> dict:
    data = dump_document(load_document_file(NORTHWIND))
    data["locale"] = "de-DE"
    data["listening"]["situation"] = "Die Miete beträgt 18.500,00 € im Jahr."
    data["sample"] = {"title": "Beispiel", "body": sample_body, "commentary": ""}
    return data


def test_a_german_sample_with_the_clients_figure_is_not_generic():
    """Before, "18.500,00 €" read as 18.5, so the sample seemed to have none of their figures."""
    with_figure = validate_document(_german_northwind("Bei 18.500 € Miete bleibt wenig übrig."))
    without = validate_document(_german_northwind("Bei hoher Miete bleibt wenig übrig."))
    rules = lambda document: {f.rule for f in check_document(document).findings}  # noqa: E731
    assert "generic-sample" not in rules(with_figure)
    assert "generic-sample" in rules(without)
