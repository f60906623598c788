"""Documents built to hurt the renderer end with a PDF or a clear message, never a crash."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from proposals.document import DocumentError, validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.render import render_pdf


@pytest.fixture(scope="module")
def catalog():
    return FolderCatalog(SAMPLES)


def with_sample(document: dict, sample: dict) -> dict:
    return {**document, "sample": sample}


def test_five_hundred_nested_quotes_still_make_a_pdf(catalog, northwind):
    document = validate_document(
        with_sample(northwind, {"title": "Q", "body": "> " * 500 + "deep"})
    )
    pdf, _ = render_pdf(document, catalog)
    assert "deep" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_one_enormous_word_still_makes_a_pdf(catalog, northwind):
    document = validate_document(with_sample(northwind, {"title": "W", "body": "x" * 49_000}))
    pdf, _ = render_pdf(document, catalog)
    assert pdf.startswith(b"%PDF")


def test_a_100000_character_word_is_refused_by_the_schema(northwind):
    with pytest.raises(DocumentError, match="sample.body: at most 50000 characters"):
        validate_document(with_sample(northwind, {"title": "W", "body": "x" * 100_000}))


def test_a_50000_row_table_is_refused_with_a_clear_message(catalog, northwind):
    months = [{"month": "2026-01", "revenue": "1", "costs": "1"}] * 50_000
    sample = {**northwind["sample"], "inputs": {**northwind["sample"]["inputs"], "months": months}}
    document = validate_document(with_sample(northwind, sample))
    with pytest.raises(DocumentError, match="sample.inputs.months: at most 500 rows"):
        render_pdf(document, catalog)
