"""PDFs in the client's locale: the offer's money, the dates and the worked sample's figures
as en-US, de-DE, fr-FR and sv-SE write them (read back from the PDF with pypdf)."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader

from proposals.document import validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.render import render_pdf
from tests.conftest import NORTHWIND, load_example

CREATED = datetime(2026, 12, 1, 9, 30)

# The Northwind offer (450, 120 and 900 GBP), its dates (made on 1 December 2026, valid until
# 31 January 2027, follow-up on 2 December) and the sample's cash on hand of 18,500 GBP.
EXPECTED = {
    "en-US": ["£450.00", "£120.00", "£18,500.00", "December 1, 2026", "January 31, 2027"],
    "de-DE": ["450,00 £", "120,00 £", "18.500,00 £", "1. Dezember 2026", "31. Januar 2027"],
    "fr-FR": ["450,00 £GB", "120,00 £GB", "18 500,00 £GB", "1 décembre 2026", "31 janvier 2027"],
    "sv-SE": ["450,00 GBP", "120,00 GBP", "18 500,00 GBP", "1 december 2026", "31 januari 2027"],
}


def text_of(pdf: bytes) -> str:
    """The PDF's text with every kind of space as one plain space."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text)


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """Northwind rendered once in each locale, as text."""
    catalog = FolderCatalog(SAMPLES)
    texts = {}
    for locale in EXPECTED:
        document = validate_document({**load_example(NORTHWIND), "locale": locale})
        pdf, _ = render_pdf(document, catalog, created=CREATED)
        texts[locale] = text_of(pdf)
    return texts


@pytest.mark.parametrize("locale", list(EXPECTED))
def test_the_pdf_writes_money_and_dates_as_the_locale_does(rendered, locale):
    text = rendered[locale]
    for form in EXPECTED[locale]:
        assert form in text, f"{locale}: {form!r} not in the PDF"


@pytest.mark.parametrize("locale", ["de-DE", "fr-FR", "sv-SE"])
def test_no_english_money_or_dates_are_left_in_another_locale(rendered, locale):
    text = rendered[locale]
    assert "£450.00" not in text and "£18,500.00" not in text
    assert "December 1, 2026" not in text and "January 31, 2027" not in text


def test_a_firm_default_locale_sets_a_proposal_that_names_none(tmp_path):
    document = validate_document(load_example(NORTHWIND))
    pdf, _ = render_pdf(document, FolderCatalog(SAMPLES), created=CREATED, firm={"locale": "sv-SE"})
    text = text_of(pdf)
    assert "450,00 GBP" in text and "1 december 2026" in text


def test_the_examples_keep_today_s_english_forms():
    document = validate_document(load_example(NORTHWIND))
    pdf, _ = render_pdf(document, FolderCatalog(SAMPLES), created=CREATED)
    text = text_of(pdf)
    assert "£450.00" in text and "December 1, 2026" in text
