"""The offer in the PDF and the review: units, tax lines, extras and totals to the cent, and
price lines level across the cards whatever the length of an option's title."""

from __future__ import annotations

import io
import json
from datetime import datetime
from html import unescape

import pytest
from pypdf import PdfReader

from proposals.document import validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.render import render_pdf
from proposals.render.context import price_size
from proposals.trust import check_document
from tests.conftest import NORTHWIND, load_example
from tests.test_offer import taxed_offer
from tests.wizard_driver import Wizard

CREATED = datetime(2026, 11, 20, 9, 30)
LONG_TITLE = "Winter check-up, with a title long enough to wrap over three or four lines"


@pytest.fixture(scope="module")
def catalog():
    return FolderCatalog(SAMPLES)


def taxed_document(northwind: dict) -> dict:
    """Northwind with 25 % VAT added to option 1 (two extras), 20 % inside option 2's price,
    and one extra without tax on option 3."""
    document = json.loads(json.dumps(northwind))
    document["offer"] = taxed_offer(northwind)
    document["offer"]["options"][0]["name"] = LONG_TITLE
    document["offer"]["options"][1]["add_ons"] = [{"name": "Weekly call", "price": "40"}]
    document["offer"]["options"][2]["add_ons"] = [{"name": "Lender pack", "price": "300"}]
    return document


def offer_page(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page for page in reader.pages if "Optional extras" in page.extract_text()]
    assert len(pages) == 1
    return pages[0]


@pytest.fixture(scope="module")
def taxed_pdf(catalog) -> bytes:
    document = validate_document(taxed_document(load_example(NORTHWIND)))
    return render_pdf(document, catalog, created=CREATED)[0]


def test_the_pdf_shows_units_tax_extras_and_totals_to_the_cent(taxed_pdf):
    text = " ".join(offer_page(taxed_pdf).extract_text().split())
    for expected in (
        "£450.00 one-off",
        "excl. VAT 25%",
        "£120.00 per month",
        "incl. VAT 20%",
        "Optional extras",
        "Third session",
        "In March",
        "+ £150.00",
        "Board summary",
        "+ £99.99",
        "Total without extras",
        "Total with all extras",
        "excl. VAT £450.00",
        "incl. VAT £562.50",  # 450 + 25 %
        "excl. VAT £699.99",
        "incl. VAT £874.99",  # (450 + 150 + 99.99) * 1.25 = 874.9875
        "excl. VAT £100.00",  # 120 with 20 % inside
        "excl. VAT £133.33",  # (120 + 40) / 1.2
        "incl. VAT £160.00",
        "£1,200.00",  # option 3 with its extra, no tax
    ):
        assert expected in text, expected


def positions(page, wanted: list[str]) -> dict[str, float]:
    """The height on the page at which each wanted text is drawn."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for item in wanted:
            if item in text and item not in found:
                # The text matrix placed by the current transformation: its y on the page.
                found[item] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

    page.extract_text(visitor_text=visit)
    return found


def test_price_lines_line_up_across_cards_whatever_the_titles(taxed_pdf):
    page = offer_page(taxed_pdf)
    prices = positions(page, ["£450.00", "£120.00", "£900.00"])
    titles = positions(page, ["Winter check-up", "Monthly runway", "Eastgate decision pack"])
    assert len(prices) == 3 and len(titles) == 3
    assert max(prices.values()) - min(prices.values()) < 0.5
    # The long title wraps: the price under it would sit lower if the cards did not line up.
    assert titles["Monthly runway"] - prices["£120.00"] > 40


def test_an_example_offer_shows_no_tax_or_totals(catalog, example_path):
    document = validate_document(load_example(example_path))
    pdf = render_pdf(document, catalog, created=CREATED)[0]
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = next(page for page in pages if document.offer.options[0].name in page)
    for price in (option.price for option in document.offer.options):
        assert price.split(".")[0] in text.replace(",", "")
    for absent in ("excl.", "incl.", "Optional extras", "Total", "per month", "one-off"):
        assert absent not in text


def test_the_review_shows_units_tax_extras_and_totals(client, northwind):
    wizard = Wizard(client)
    wizard.complete(taxed_document(northwind))
    html = unescape(wizard.get("review").get_data(as_text=True))
    for expected in ("per month", "excl. VAT 25%", "+\u202f£150.00", "£874.99", "£133.33"):
        assert expected in html, expected


def test_add_on_words_are_checked_as_part_of_the_offer(northwind):
    document = taxed_document(northwind)
    extras = document["offer"]["options"][0]["add_ons"]
    extras[0]["description"] = "Only 2 places left, act now"
    extras[1]["description"] = "Adds £99.99 to the price"
    findings = check_document(validate_document(document)).findings
    pressure = [finding for finding in findings if finding.rule == "pressure"]
    assert pressure and {finding.section for finding in pressure} == {"offer"}
    # A price in an extra is an offer price: no "prices outside the offer" problem.
    assert not [finding for finding in findings if finding.rule == "sales-talk"]


def test_a_price_outside_the_offer_is_still_a_problem(northwind):
    document = taxed_document(northwind)
    document["sample"]["commentary"] = "Our fee for this would be £99.99 a month."
    findings = check_document(validate_document(document)).findings
    assert [finding.section for finding in findings if finding.rule == "sales-talk"] == ["sample"]


@pytest.mark.parametrize(
    ("prices", "size"),
    [
        (["£450.00", "£120.00", "£900.00"], "large"),
        (["1.380.000,00 €", "120,00 €", "900,00 €"], "medium"),
        (["1.380.000,00 €", "120,00 €", "900,00 €", "4.900,50 €"], "small"),
        (["£1,200.00"] * 4, "medium"),
    ],
)
def test_long_prices_or_four_cards_print_smaller_so_they_fit(prices, size):
    assert price_size([{"price": price} for price in prices]) == size
