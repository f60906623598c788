"""The PDF's own words in the client's language: complete catalogs, and PDFs that use them."""

from __future__ import annotations

import io
import re
import tomllib
from datetime import datetime

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations
from pypdf import PdfReader

from proposals.document import dump_document, normalize, validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import PROJECT_ROOT, SAMPLES
from proposals.render import render_pdf
from proposals.render.language import (
    TRANSLATIONS,
    catalog_language,
    page_counter_css,
    shipped_languages,
)
from proposals.trust import worked_sample_text
from tests.conftest import NORTHWIND, load_example

LANGUAGES = ["de", "en", "es", "fr", "nl", "sv"]
CREATED = datetime(2026, 11, 20, 9, 30)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def extracted_messages() -> set[str]:
    """The messages the print templates and sections.py hold today, as pybabel finds them."""
    with open(PROJECT_ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    return {
        message
        for _, _, message, *_ in extract_from_dir(PROJECT_ROOT, method_map, options_map)
        if isinstance(message, str)
    }


def test_the_six_languages_ship_compiled():
    assert shipped_languages() == LANGUAGES


def test_the_catalogs_hold_every_message_the_templates_use():
    in_templates = extracted_messages()
    assert "If something goes wrong" in in_templates and "What we heard" in in_templates
    for language in LANGUAGES:
        ids = {message.id for message in catalog(language) if message.id}
        assert ids == in_templates, f"{language}: run pybabel extract and update"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation_with_the_same_placeholders(language):
    for message in catalog(language):
        if not message.id:
            continue
        assert message.string.strip(), f"{language}: {message.id!r} is not translated"
        assert not message.fuzzy, f"{language}: {message.id!r} is fuzzy"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
            PLACEHOLDER.findall(message.id)
        ), f"{language}: {message.id!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogs_match_the_po_files(language):
    compiled = Translations.load(TRANSLATIONS, [language])
    for message in catalog(language):
        if message.id:
            assert compiled.gettext(message.id) == message.string, "run pybabel compile"


def test_a_locale_is_served_by_its_language_and_english_is_the_fallback():
    assert catalog_language("de-CH") == "de"
    assert catalog_language("sv-SE") == "sv"
    assert catalog_language("pt-BR") == "en"
    assert catalog_language(None) == "en"


def test_the_page_counter_becomes_css_counters():
    assert page_counter_css("Seite {page} von {pages}") == (
        '"Seite " counter(page) " von " counter(pages)'
    )
    assert page_counter_css('{page}/{pages} "x"</style>') == (
        'counter(page) "/" counter(pages) " \\"x\\" /style "'
    )


class LocalPdf:
    """The Northwind example rendered for one locale: its document and page texts."""

    def __init__(self, locale: str, layout: str = "formal"):
        data = {**normalize(load_example(NORTHWIND)), "locale": locale, "pdf": {"layout": layout}}
        self.document = validate_document(data)
        pdf, _ = render_pdf(self.document, FolderCatalog(SAMPLES), created=CREATED)
        self.pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        self.text = re.sub(r"\s+", " ", " ".join(self.pages))


@pytest.fixture(scope="module")
def german():
    return LocalPdf("de")


def english_fragments(own_text: str) -> list[str]:
    """The literal pieces of each English fixed text not also in the consultant's own text."""
    fragments = []
    for message in catalog("en"):
        for piece in PLACEHOLDER.split(message.id or ""):
            piece = piece.strip(" :.,;")
            if len(piece) >= 3 and not re.search(rf"\b{re.escape(piece)}\b", own_text):
                fragments.append(piece)
    return fragments


def test_a_german_pdf_has_none_of_the_english_fixed_texts(german):
    # The consultant's own text and the (English) library sample are not fixed texts.
    sample = worked_sample_text(german.document, FolderCatalog(SAMPLES)) or ""
    own_text = str(dump_document(german.document)) + sample
    fragments = english_fragments(own_text)
    assert len(fragments) >= 30  # nearly all are checked, not skipped as the consultant's
    found = [piece for piece in fragments if re.search(rf"\b{re.escape(piece)}\b", german.text)]
    assert found == []
    for words in ("Was wir gehört haben", "Wenn etwas schiefgeht", "Ein Vorschlag für"):
        assert words in german.text
    assert "Seite 1 von" in german.pages[0]
    assert "nach unserem Gespräch am 18. November 2026" in german.text
    assert re.search(
        r"\u201e ?We run out of cash", german.text
    )  # German quotation marks on their words


def test_a_german_compact_pdf_speaks_german_in_its_title_block():
    compact = LocalPdf("de", "compact")
    assert "Erstellt für" in compact.pages[0] and "Prepared for" not in compact.text
    assert "Was wir gehört haben" in compact.pages[0]


def test_french_and_swedish_pdfs_use_their_own_words():
    french = LocalPdf("fr")
    assert "Sommaire" in french.pages[1]
    for words in ("Ce que nous avons entendu", "Préparé pour", "Page 1 sur"):
        assert words in french.text
    assert "suite à notre échange du 18 novembre 2026" in french.text
    swedish = LocalPdf("sv")
    for words in ("Det här hörde vi", "Om du vill ha vår hjälp", "Sida 1 av", "Innehåll"):
        assert words in swedish.text
    assert "efter vårt samtal den 18 november 2026" in swedish.text
    assert "What we heard" not in french.text + swedish.text


def test_the_web_review_shows_the_print_partials_in_english(app):
    with app.test_request_context():
        partial = app.jinja_env.get_template("pdf/_offer.html")
        html = partial.render(
            section={"id": "offer", "title": "If you'd like our help"},
            offer={"summary": "", "options": [], "if_it_goes_wrong": "x", "valid_until": ""},
        )
    assert "If you&#39;d like our help" in html and "If something goes wrong" in html


def test_pip_install_ships_the_compiled_catalogs():
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as pyproject:
        patterns = tomllib.load(pyproject)["tool"]["setuptools"]["package-data"]["proposals"]
    package = PROJECT_ROOT / "proposals"
    compiled = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo"))
    assert len(compiled) == len(LANGUAGES)
    for path in compiled:
        relative = path.relative_to(package)
        assert any(relative.match(pattern) for pattern in patterns), relative
