"""The print design: cover, contents with page numbers, running header, long tables, no blanks."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from proposals.document import normalize, validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.render import render_html, render_pdf
from tests.conftest import HARBOR, NORTHWIND, load_example, squash

CREATED = datetime(2026, 11, 20, 9, 30)
WEEKS = 120
TABLE_HEADER = "Week number | Orders shipped | Returns logged"


def long_table_sample(document: dict) -> dict:
    """The document with an inline sample whose table is far longer than a page."""
    rows = "\n".join(
        f"| Week {week:03d} | {100 + week} | {week % 7} |" for week in range(1, WEEKS + 1)
    )
    body = f"Every week of the last two years.\n\n| {TABLE_HEADER} |\n|---|---|---|\n{rows}"
    sample = {"title": "Orders by week", "body": body, "commentary": "Returns follow orders."}
    return {**document, "sample": sample}


def on_letter_with_a_logo(document: dict) -> tuple[dict, dict]:
    """The document on US Letter, for a firm with a logo and a two-line address."""
    logo = io.BytesIO()
    Image.new("RGB", (300, 90), (170, 51, 0)).save(logo, format="PNG")
    firm = {"logo": logo.getvalue(), "colour": "#aa3300", "address": "12 High Street\nLondon"}
    return {**document, "pdf": {"page_size": "Letter"}}, firm


class Rendered:
    """One rendered proposal: its document, page texts and top-level outline."""

    def __init__(self, data: dict, catalog, firm: dict | None = None):
        self.document = validate_document(data)
        pdf, _ = render_pdf(self.document, catalog, created=CREATED, firm=firm)
        reader = PdfReader(io.BytesIO(pdf))
        self.texts = [page.extract_text() for page in reader.pages]
        self.sections = {
            item.title: reader.get_destination_page_number(item)
            for item in reader.outline
            if not isinstance(item, list)
        }

    def section_titles(self) -> list[str]:
        return list(self.sections)


@pytest.fixture(scope="module")
def catalog():
    return FolderCatalog(SAMPLES)


@pytest.fixture(scope="module")
def northwind(catalog):
    return Rendered(normalize(load_example(NORTHWIND)), catalog)


@pytest.fixture(scope="module")
def harbor(catalog):
    return Rendered(normalize(load_example(HARBOR)), catalog)


@pytest.fixture(scope="module")
def long_table(catalog):
    return Rendered(long_table_sample(normalize(load_example(NORTHWIND))), catalog)


@pytest.fixture(scope="module")
def letter(catalog):
    data, firm = on_letter_with_a_logo(normalize(load_example(NORTHWIND)))
    return Rendered(data, catalog, firm)


@pytest.fixture(params=["northwind", "harbor", "long_table", "letter"])
def rendered(request) -> Rendered:
    return request.getfixturevalue(request.param)


def test_the_outline_has_the_five_sections(rendered):
    assert [re.sub(r":.*", "", title) for title in rendered.section_titles()] == [
        "What we heard",
        "Worked sample",
        "Who else could help",
        "If you'd like our help",
        "Next steps",
    ]


def test_no_page_is_blank(rendered):
    document = rendered.document
    furniture = [document.prospect.organisation, document.consultant.firm]
    furniture += rendered.section_titles()
    for number, text in enumerate(rendered.texts, start=1):
        body = squash(text).replace(squash(f"Page {number} of {len(rendered.texts)}"), "", 1)
        for words in furniture:
            body = body.replace(squash(words), "", 1)
        assert len(body) > 30, f"page {number} has nothing but its header and footer"


def test_the_cover_names_title_prospect_consultant_and_date(rendered):
    document = rendered.document
    cover = squash(rendered.texts[0])
    for words in (
        document.title,
        document.prospect.organisation,
        document.prospect.contact_name,
        document.consultant.name,
        "November 20, 2026",
    ):
        assert squash(words) in cover, words
    assert "Contents" in rendered.texts[1]  # the cover fits on its page, even on Letter


def test_the_contents_give_each_section_its_page(rendered):
    contents = rendered.texts[1]
    for title, page_index in rendered.sections.items():
        entry = re.search(re.escape(title) + r"[\s.]*(\d+)", contents)
        assert entry, f"{title!r} is not in the contents"
        assert int(entry.group(1)) == page_index + 1, title
        assert squash(title) in squash(rendered.texts[page_index])


def test_the_running_header_names_the_section_of_each_page(long_table):
    starts = sorted((page, title) for title, page in long_table.sections.items())
    sample_title = "Worked sample: Orders by week"
    sample_start = long_table.sections[sample_title]
    next_start = min(page for page, _ in starts if page > sample_start)
    assert next_start - sample_start >= 3  # the table runs over several pages
    for index in range(sample_start + 1, next_start):
        assert sample_title in long_table.texts[index], f"page {index + 1}"
    for index in range(next_start, len(long_table.texts)):
        assert "Worked sample" not in long_table.texts[index], f"page {index + 1}"


def test_a_long_table_repeats_its_header_and_leaves_no_row_alone(long_table):
    header = " ".join(cell.strip() for cell in TABLE_HEADER.split("|"))
    pages = [text for text in long_table.texts if re.search(r"Week \d{3}", text)]
    assert len(pages) >= 3
    assert sum(len(re.findall(r"Week \d{3}", text)) for text in pages) == WEEKS
    for text in pages:
        assert header in text
        assert len(re.findall(r"Week \d{3}", text)) >= 2


def test_their_words_are_set_as_quotations(catalog):
    document = validate_document(normalize(load_example(NORTHWIND)))
    html, _ = render_html(document, catalog)
    quotes = re.findall(r"<blockquote[^>]*>\s*<p>(.*?)</p>\s*</blockquote>", html, re.DOTALL)
    assert len(quotes) == len(document.listening.their_words)
