"""A proposal as long as its content: the compact and formal layouts, page by page."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime

import pytest

from proposals.document import normalize, validate_document
from proposals.firm import print_settings
from proposals.library.catalog import FolderCatalog
from proposals.paths import SAMPLES
from proposals.render import render_pdf
from proposals.sections import SECTIONS
from tests.conftest import HARBOR, NORTHWIND, load_example
from tests.test_print_design import long_table_sample
from tests.wizard_driver import STEP_FORMS, Wizard

CREATED = datetime(2026, 11, 20, 9, 30)
MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 24 * MM, 22 * MM  # proposal.css @page margins
WORD = re.compile(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<')


class Laid:
    """A rendered proposal, page by page: how far down its text runs, and its lines."""

    def __init__(self, tmp_path, data: dict, firm: dict | None = None):
        pdf, _ = render_pdf(
            validate_document(data), FolderCatalog(SAMPLES), created=CREATED, firm=firm
        )
        path = tmp_path / "proposal.pdf"
        path.write_bytes(pdf)
        self.fullness = fullness(path)
        layout = run(["pdftotext", "-layout", str(path), "-"])
        self.pages = layout.split("\f")[: len(self.fullness)]

    def body_lines(self, index: int) -> list[str]:
        """The page's lines between its running header and its footer."""
        lines = [line.strip() for line in self.pages[index].splitlines() if line.strip()]
        return lines[1:-1] if index else lines[:-1]


def run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def fullness(path) -> list[float]:
    """For each page, how far down its body the text runs: 0 empty, 1 full to the margin."""
    # The foot of the lowest word inside the page's body (the running header and footer
    # sit in the margins), against the height of that body.
    result = []
    for page in run(["pdftotext", "-bbox", str(path), "-"]).split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        top, bottom = TOP_MARGIN, height - BOTTOM_MARGIN
        feet = [float(y_max) for y_min, y_max, _ in WORD.findall(page) if float(y_min) >= top]
        feet = [foot for foot in feet if foot <= bottom + 1]
        result.append(round((max(feet, default=top) - top) / (bottom - top), 2))
    return result


def example(path, layout: str | None) -> dict:
    data = normalize(load_example(path))
    return {**data, "pdf": {"layout": layout}} if layout else data


@pytest.fixture(scope="module")
def laid(tmp_path_factory):
    made = {}

    def make(name: str, data: dict, firm: dict | None = None) -> Laid:
        if name not in made:
            made[name] = Laid(tmp_path_factory.mktemp(name), data, firm)
        return made[name]

    return make


FORMS = [
    ("northwind-compact", NORTHWIND, "compact"),
    ("northwind-formal", NORTHWIND, "formal"),
    ("harbor-compact", HARBOR, "compact"),
    ("harbor-formal", HARBOR, "formal"),
]


def test_the_northwind_example_in_compact_form_fits_on_four_pages(laid):
    compact = laid("northwind-compact", example(NORTHWIND, "compact"))
    assert len(compact.pages) <= 4
    first = compact.pages[0]
    assert "Getting through February with cash to spare" in " ".join(first.split())
    assert "What we heard" in first  # the title block leaves room for the first section
    assert "Contents" not in "".join(compact.pages)  # too short for a contents page


@pytest.mark.parametrize(("name", "path", "layout"), FORMS, ids=[form[0] for form in FORMS])
def test_no_page_but_the_first_and_last_is_less_than_a_third_full(laid, name, path, layout):
    pages = laid(name, example(path, layout)).fullness
    assert len(pages) >= 3
    thin = {number: full for number, full in enumerate(pages, 1) if full < 1 / 3}
    thin.pop(1, None), thin.pop(len(pages), None)
    assert thin == {}, f"pages less than a third full: {thin} of {pages}"


@pytest.mark.parametrize(("name", "path", "layout"), FORMS, ids=[form[0] for form in FORMS])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(laid, name, path, layout):
    rendered = laid(name, example(path, layout))
    headings = {section.title for section in SECTIONS} | {
        "Where things stand",
        "In your words",
        "What you want to achieve",
        "What stands in the way",
        "What you have tried",
        "What would let you sleep well",
        "What any solution has to respect",
        "What we notice",
        "What you can do yourself",
        "If something goes wrong",
    }
    for index in range(len(rendered.pages) - 1):
        last = re.sub(r"^\d+\s+", "", rendered.body_lines(index)[-1])  # the section number
        assert last.split(":")[0] not in headings, f"page {index + 1} ends with {last!r}"


def test_the_formal_layout_gives_the_cover_and_each_section_its_own_page(laid):
    formal = laid("northwind-formal", example(NORTHWIND, "formal"))
    assert len(formal.pages) == 7
    assert "What we heard" not in formal.pages[0]
    assert "Contents" in formal.pages[1]
    starts = [
        index
        for index, page in enumerate(formal.pages[2:], start=2)  # after the contents
        if any(re.search(rf"^\s*\d\s+{re.escape(s.title)}", page, re.M) for s in SECTIONS)
    ]
    assert starts == [2, 3, 4, 5, 6]


def test_a_long_compact_proposal_gets_its_contents_with_page_numbers(laid):
    data = long_table_sample(example(NORTHWIND, "compact"))
    long = laid("long-compact", data)
    assert len(long.pages) >= 6
    contents = long.pages[0]
    assert "Contents" in contents
    entry = re.search(r"Next steps[ .]*(\d+)", contents)
    assert entry and int(entry.group(1)) == len(long.pages)
    assert re.search(r"^\s*5\s+Next steps", long.pages[-1], re.M)


def test_the_firm_default_layout_applies_unless_the_proposal_chooses(laid):
    by_firm = laid("firm-compact", example(NORTHWIND, None), {"layout": "compact"})
    assert len(by_firm.pages) <= 4 and "What we heard" in by_firm.pages[0]
    chosen = laid("firm-overruled", example(NORTHWIND, "formal"), {"layout": "compact"})
    assert len(chosen.pages) == 7
    without = laid("no-choice", example(NORTHWIND, None))
    assert len(without.pages) == 7  # the examples render as they always have


def test_the_firm_page_saves_the_default_layout(client, session):
    page = client.get("/firm").get_data(as_text=True)
    assert 'name="pdf_layout"' in page and "Compact: a title block" in page
    data = {"name": "W", "address": "", "brand_colour": "#336699", "page_size": "A4"}
    response = client.post("/firm", data={**data, "pdf_layout": "compact"})
    assert response.status_code == 302
    assert print_settings(session)["layout"] == "compact"
    refused = client.post("/firm", data={**data, "pdf_layout": "sideways"})
    assert refused.status_code == 422
    assert print_settings(session)["layout"] == "compact"


def test_compact_pages_are_headed_by_the_section_they_start_in(laid):
    compact = laid("northwind-compact", example(NORTHWIND, "compact"))
    headers = [" ".join(page.splitlines()[0].split()) for page in compact.pages[1:]]
    assert headers[0].endswith("1 What we heard")  # page 2 goes on with it, then the sample
    assert "Worked sample" in compact.pages[1]
    assert all("Whitfield & Co. Accounting" in header for header in headers)


def test_a_proposal_can_ask_for_its_contents_page_or_refuse_it(laid):
    asked = example(NORTHWIND, "compact")
    asked["pdf"]["contents"] = True
    short_with_contents = laid("compact-asked", asked)
    assert any("Contents" in page for page in short_with_contents.pages[:2])
    refused = example(NORTHWIND, "formal")
    refused["pdf"]["contents"] = False
    formal_without = laid("formal-refused", refused)
    assert not any("Contents" in page for page in formal_without.pages)
    assert len(formal_without.pages) == 6  # the contents page was the one left out


def test_the_people_step_offers_the_layout_and_the_contents_page(client, session, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["people"](northwind)
    form.update({"pdf-layout": "compact", "pdf-contents": "True"})
    assert wizard.post("people", form).status_code == 302
    stored = wizard.proposal(session).document["pdf"]
    assert stored["layout"] == "compact" and stored["contents"] is True
    html = wizard.get("people").get_data(as_text=True)
    assert re.search(r'<option selected value="True">Always', html) or re.search(
        r'<option value="True" selected>Always', html
    )
