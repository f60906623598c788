"""Colour with contrast: text, rules and figures in the firm colour stay readable on white."""

from __future__ import annotations

import re

import pytest

from proposals.colours import contrast_ratio
from proposals.document import normalize, validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES, STATIC
from proposals.render import render_html
from tests.conftest import NORTHWIND, load_example

PALE = "#ffe680"


@pytest.fixture(scope="module")
def html():
    document = validate_document(normalize(load_example(NORTHWIND)))
    page, _ = render_html(document, FolderCatalog(SAMPLES), firm={"colour": PALE})
    return page


def test_a_pale_brand_colour_is_darkened_to_aa_for_text_and_rules(html):
    accent_text = re.search(r"--accent-text: (#[0-9a-f]{6})", html).group(1)
    assert contrast_ratio(PALE, "#ffffff") < 2  # as chosen, too faint to read
    assert contrast_ratio(accent_text, "#ffffff") >= 4.5


def test_the_cover_band_keeps_the_true_colour(html):
    assert f"--accent: {PALE};" in html


def test_only_the_brand_bands_use_the_true_colour():
    css = (STATIC / "print" / "proposal.css").read_text()
    uses = [line.strip() for line in css.splitlines() if "var(--accent)" in line]
    assert len(uses) == 3, uses  # the cover's band, the title block's, the screen preview's
    assert all("linear-gradient" in use or "border-left" in use for use in uses)
    for drawn in (
        "border-bottom: 2pt solid var(--accent-text)",  # the rule under each section title
        "border-top: 3pt solid var(--accent-text)",  # the top of each offer card
        "border-left: 3pt solid var(--accent-text)",  # the asides' rule
        "li::marker { color: var(--accent-text); }",
    ):
        assert drawn in css


def test_a_dark_brand_colour_is_kept_as_it_is():
    document = validate_document(normalize(load_example(NORTHWIND)))
    page, _ = render_html(document, FolderCatalog(SAMPLES), firm={"colour": "#1d5c63"})
    assert "--accent: #1d5c63; --accent-text: #1d5c63;" in page
