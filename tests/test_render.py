"""The PDF contract: section order, quotes, privacy, prices only in the offer, metadata."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader

from proposals.document import validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.render import render_html, render_pdf
from proposals.render.fetcher import AssetFetcher, RefusedURL, asset_url
from tests.conftest import EXAMPLES, load_example, squash

HEADINGS = [
    "What we heard",
    "Worked sample",
    "Who else could help",
    "If you'd like our help",
    "Next steps",
]
CREATED = datetime(2026, 11, 20, 9, 30)


@pytest.fixture(scope="module")
def catalog():
    return FolderCatalog(SAMPLES)


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda path: path.stem)
def rendered(request, catalog):
    """(document, PdfReader, page texts) for each example, rendered once per module."""
    document = validate_document(load_example(request.param))
    pdf, _ = render_pdf(document, catalog, created=CREATED)
    reader = PdfReader(io.BytesIO(pdf))
    return document, reader, [page.extract_text() for page in reader.pages]


def section_pages(reader: PdfReader) -> dict[str, int]:
    """The page each contract section starts on, from the PDF outline (bookmarks)."""
    pages = {}
    for node in reader.outline:
        if isinstance(node, list):
            continue
        for heading in HEADINGS:
            if node.title.startswith(heading) and heading not in pages:
                pages[heading] = reader.get_destination_page_number(node)
    return pages


def test_sections_come_in_contract_order(rendered):
    _, reader, texts = rendered
    starts = section_pages(reader)
    pages = [starts[heading] for heading in HEADINGS]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    assert pages[0] >= 1  # the cover comes first
    for heading, page in starts.items():  # each heading is printed on the page it starts
        assert squash(heading) in squash(texts[page])


def test_outline_has_every_section_in_order(rendered):
    document, reader, _ = rendered

    def titles(nodes):
        for node in nodes:
            yield from titles(node) if isinstance(node, list) else [node.title]

    outline = list(titles(reader.outline))
    positions = [
        next(i for i, title in enumerate(outline) if title.startswith(heading))
        for heading in HEADINGS
    ]
    assert positions == sorted(positions)
    assert (
        f"Worked sample: {'Cash runway' if document.sample.id == 'cash-runway' else ''}"
        in "".join(outline)
    )


def test_their_words_are_quoted(rendered):
    document, _, texts = rendered
    whole = squash("".join(texts))
    for quote in document.listening.their_words:
        assert squash(quote) in whole


def test_private_notes_never_appear(rendered):
    document, reader, texts = rendered
    whole = squash("".join(texts))
    for sentence in re.split(r"(?<=[.:])\s+", document.listening.notes):
        if len(squash(sentence)) > 12:
            assert squash(sentence) not in whole, sentence


def test_prices_appear_only_in_the_offer(rendered):
    document, reader, texts = rendered
    offer_page = section_pages(reader)["If you'd like our help"]
    for option in document.offer.options:
        whole, cents = option.price.split(".")
        grouped = f"{int(whole):,}".replace(",", "[,.]?")
        amount = re.compile(rf"(?<![0-9.,]){grouped}\.{cents}(?![0-9])")
        pages = [index for index, text in enumerate(texts) if amount.search(text)]
        assert pages, f"{option.price} not printed"
        assert min(pages) >= offer_page, f"{option.price} printed before the offer"


def test_footer_and_page_count(rendered):
    document, reader, texts = rendered
    count = len(reader.pages)
    assert 6 <= count <= 10
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {count}" in text
        assert squash(document.prospect.organisation) in squash(text)


def test_metadata(rendered):
    document, reader, _ = rendered
    meta = reader.metadata
    assert meta.title == document.title
    assert meta.author == f"{document.consultant.name}, {document.consultant.firm}"
    assert document.prospect.organisation in meta.subject
    assert meta.creation_date.replace(tzinfo=None) == CREATED


def test_inline_sample_renders_its_markdown(catalog, northwind):
    document = validate_document(
        {
            **northwind,
            "sample": {
                "title": "Your lease, clause 4",
                "body": "| Term | Risk |\n|---|---|\n| 10 years | High |",
            },
        }
    )
    html, worked = render_html(document, catalog)
    assert "<h1>Worked sample: Your lease, clause 4</h1>" in html
    assert "<td>10 years</td>" in html
    assert worked.revision_id is None


HOSTILE = {
    "situation": "Fine <script>alert('x')</script> [click](javascript:alert(1)) "
    "![passwd](file:///etc/passwd) <img src=x onerror=alert(1)> <a href='data:text/html,x'>d</a>",
    "tried_before": "<iframe src='https://example.com'></iframe><base href='file:///'>"
    "<style>@import url(file:///etc/passwd)</style><svg onload=alert(1)></svg>",
}


def test_hostile_markdown_never_reaches_the_html_or_the_pdf(catalog, northwind):
    listening = {**northwind["listening"], **HOSTILE}
    document = validate_document({**northwind, "listening": listening})
    html, _ = render_html(document, catalog)
    # The worked sample's own charts are SVG drawn by our code, never from the text.
    body = re.sub(
        r'<figure class="chart"><svg.*?</svg>', "", html[html.index("<body>") :], flags=re.S
    )
    for forbidden in (
        "<script",
        "javascript:",
        "file:",
        "<img",
        "onerror",
        "data:text",
        "<iframe",
        "<base",
        "<style",
        "<svg",
        "onload",
    ):
        assert forbidden not in body.lower(), forbidden
    pdf, _ = render_pdf(document, catalog)
    assert b"root:x:0:0" not in pdf
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "alert" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:5000/",
        "https://example.com/logo.png",
        "data:text/plain,hello",
        "https://assets.proposals.invalid/../../../etc/passwd",
        "https://assets.proposals.invalid/%2e%2e/%2e%2e/etc/passwd",
        "https://assets.proposals.invalid/print/missing.css",
        "https://assets.proposals.invalid.evil.example/print/proposal.css",
        "https://user@assets.proposals.invalid/print/proposal.css",
        "https://assets.proposals.invalid/print/proposal.css?x=http://evil",
    ],
)
def test_the_fetcher_refuses_everything_but_our_assets(url):
    fetcher = AssetFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_the_fetcher_serves_our_print_css():
    response = AssetFetcher().fetch(asset_url("print/proposal.css"))
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    response.close()
