"""Charts in the worked samples: drawn where a reader would look, in the proposal's locale
and in the firm's colour made readable; checked on the data each chart is drawn from."""

from __future__ import annotations

import html as html_lib
import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader

from proposals.colours import contrast_ratio, readable_on_white
from proposals.document import DEFAULT_COLOUR, dump_document, validate_document
from proposals.formatting import locale_of
from proposals.library import charts as chart_module
from proposals.library.catalog import FolderCatalog
from proposals.library.charts import ChartError, Charts, Numbers
from proposals.library.sandbox import RenderContext, SampleRenderError, work_out
from proposals.library.spec import parse_sample
from proposals.library.worked import sample_context, work_out_sample
from proposals.paths import SAMPLES
from proposals.render import render_html, render_pdf
from proposals.trust import worked_sample_text
from proposals.trust.rules import html_to_text
from tests.conftest import EXAMPLES, load_example
from tests.test_starter_samples import HARBOR_INPUTS, NORTHWIND_INPUTS

PALE = "#f5e663"  # a light yellow brand colour: unreadable as lines or words on white
CREATED = datetime(2026, 11, 20, 9, 30)


def work(sample_id: str, inputs: dict, context: RenderContext) -> str:
    parsed = parse_sample((SAMPLES / f"{sample_id}.md").read_text(encoding="utf-8"))
    return str(work_out(parsed, inputs, context))


def chart_labels(html: str) -> list[str]:
    """What each chart says it shows (its words are drawn as paths, and said once more)."""
    return [
        html_lib.unescape(label)
        for label in re.findall(r'<svg role="img" aria-label="([^"]*)"', html)
    ]


def hex_rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def paints(pdf: bytes) -> set[tuple[float, float, float]]:
    """Every stroke and fill colour set on any page of the PDF."""
    colours = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data().decode("latin-1")
        for red, green, blue in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:RG|rg)", data):
            colours.add(tuple(round(float(c), 2) for c in (red, green, blue)))
    return colours


# The data a chart is drawn from ----------------------------------------------------------


def test_a_line_chart_marks_and_labels_its_lowest_point():
    charts = Charts("en_GB", "GBP")
    charts.line(["Jan", "Feb", "Mar", "Apr"], [5, -2, -3, 4], format="money", mark="lowest")
    (chart,) = charts.wanted
    (mark,) = chart.marks
    assert (mark.index, mark.value) == (2, -3.0)
    assert mark.text == "Mar: -£3"


def test_the_first_of_two_equal_lows_is_marked():
    charts = Charts()
    charts.line(["a", "b", "c"], [1, 0, 0], mark="lowest")
    assert charts.wanted[0].marks[0].index == 1


def test_a_limit_chart_draws_each_value_against_its_own_limit():
    charts = Charts()
    charts.limits(["Accounts", "Email"], [48, 1], [24, 24], names=["Since backup", "Limit"])
    (chart,) = charts.wanted
    assert chart.kind == "limits" and chart.series == [[48.0, 1.0]] and chart.limits == [24.0, 24.0]


@pytest.mark.parametrize(
    "locale, currency, kind, value, expected",
    [
        ("de_DE", "EUR", "money", 12000, "12.000\xa0€"),
        ("de_DE", "EUR", "money", -2900, "-2.900\xa0€"),
        ("de_DE", "EUR", "number", 12500, "12.500"),
        ("de_DE", "EUR", "percent", 0.25, "25\xa0%"),
        ("fr_FR", "EUR", "money", 12000, "12\u202f000\xa0€"),
        ("en_GB", "GBP", "money", 12000, "£12,000"),
        ("sv_SE", "SEK", "money", 412000, "412\xa0000\xa0kr"),
    ],
)
def test_axis_and_annotation_figures_follow_the_locale(locale, currency, kind, value, expected):
    assert Numbers(locale_of(locale), currency, kind)(value) == expected


def test_a_chart_refuses_a_format_or_mark_it_does_not_know():
    with pytest.raises(ChartError, match="format must be one of"):
        Charts().bar(["a"], [1], format="euros")
    with pytest.raises(ChartError, match="mark must be one of"):
        Charts().line(["a"], [1], mark="middle")
    with pytest.raises(ChartError, match="2 labels but 1 values"):
        Charts().limits(["a", "b"], [1, 2], [1])


# The starter samples ----------------------------------------------------------------------


def test_cash_runway_draws_the_cash_before_its_table_with_the_low_point_marked():
    html = work("cash-runway", NORTHWIND_INPUTS, RenderContext(currency="GBP", locale="en_GB"))
    assert html.index('<figure class="chart"><svg') < html.index('<table class="worked">')
    # Northwind's cash is lowest at the end of March 2026: £6,000.00 (see the table tests).
    assert chart_labels(html) == [
        "Cash at the end of each month, with the lowest point marked. March 2026: £6,000"
    ]


def test_cash_runway_labels_its_low_point_in_german_formats():
    html = work("cash-runway", NORTHWIND_INPUTS, RenderContext(currency="EUR", locale="de_DE"))
    assert chart_labels(html)[0].endswith("März 2026: 6.000\xa0€")


def test_backup_gap_draws_each_system_against_its_limit_before_its_table():
    html = work("backup-gap", HARBOR_INPUTS, RenderContext(currency="USD", locale="en_US"))
    assert html.index('<figure class="chart"><svg') < html.index('<table class="worked">')
    assert "against the most you can accept losing" in chart_labels(html)[0]


def test_backup_gap_charts_only_the_fifteen_furthest_over_a_long_list():
    systems = [
        {**HARBOR_INPUTS["systems"][0], "system": f"S{n}", "hours_since_backup": str(n)}
        for n in range(40)
    ]
    html = work("backup-gap", {**HARBOR_INPUTS, "systems": systems}, RenderContext())
    assert "the 15 furthest over your limit" in chart_labels(html)[0]


def test_inventory_turns_draws_each_line_against_the_target():
    parsed = parse_sample((SAMPLES / "inventory-turns.md").read_text(encoding="utf-8"))
    html = work("inventory-turns", parsed.spec.example, RenderContext(currency="GBP"))
    assert "against your target of 60 days" in chart_labels(html)[0]


def test_staff_turnover_cost_draws_the_yearly_cost_of_each_scenario():
    parsed = parse_sample((SAMPLES / "staff-turnover-cost.md").read_text(encoding="utf-8"))
    html = work("staff-turnover-cost", parsed.spec.example, RenderContext(currency="GBP"))
    assert chart_labels(html) == ["What people leaving costs a year, today and with fewer leavers"]
    assert html.index("<svg") < html.index("What turnover would cost at other rates")


def test_a_pale_firm_colour_is_darkened_in_the_chart():
    darker = readable_on_white(PALE)
    assert contrast_ratio(PALE, "#ffffff") < 4.5 <= contrast_ratio(darker, "#ffffff")
    html = work("cash-runway", NORTHWIND_INPUTS, RenderContext(currency="GBP", colour=PALE))
    svg = html[html.index("<svg") : html.index("</svg>")].lower()
    assert darker in svg and PALE not in svg


def test_charts_keep_the_default_colour_without_a_firm():
    html = work("cash-runway", NORTHWIND_INPUTS, RenderContext(currency="GBP"))
    assert DEFAULT_COLOUR in html[html.index("<svg") : html.index("</svg>")].lower()


def test_the_same_figures_draw_the_same_chart():
    first = work("backup-gap", HARBOR_INPUTS, RenderContext())
    assert work("backup-gap", HARBOR_INPUTS, RenderContext()) == first


def test_a_sample_cannot_chart_more_points_than_allowed():
    months = [{"month": f"M{n}", "revenue": "1", "costs": "2"} for n in range(130)]
    body = "{{ line_chart(column(months, 'month'), column(months, 'revenue')) }}"
    source = (SAMPLES / "cash-runway.md").read_text(encoding="utf-8")
    head = source[: source.index("\n---\n") + 5]
    with pytest.raises(SampleRenderError, match="1 to 120 values"):
        work_out(
            parse_sample(head + body), {"cash_on_hand": "1", "months": months}, RenderContext()
        )


# In the proposal: the print HTML and the PDF ----------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    return FolderCatalog(SAMPLES)


@pytest.mark.parametrize("example_path", EXAMPLES, ids=lambda path: path.stem)
def test_the_worked_sample_chart_is_in_the_print_html(example_path, catalog):
    document = validate_document(load_example(example_path))
    html, _ = render_html(document, catalog, created=CREATED, firm={"colour": PALE})
    section = html[html.index("Worked sample") :]
    assert '<figure class="chart"><svg' in section
    assert readable_on_white(PALE) in section.lower()


@pytest.mark.parametrize("example_path", EXAMPLES, ids=lambda path: path.stem)
def test_the_pdf_draws_the_chart_in_the_darkened_firm_colour(example_path, catalog):
    document = validate_document(load_example(example_path))
    pdf, _ = render_pdf(document, catalog, created=CREATED, firm={"colour": PALE})
    # WeasyPrint draws the inline SVG as vector paths: its bars and lines are strokes and
    # fills in the readable colour, which nothing else on the page uses.
    darker = tuple(round(c, 2) for c in hex_rgb(readable_on_white(PALE)))
    pale = tuple(round(c, 2) for c in hex_rgb(PALE))
    found = paints(pdf)
    assert any(max(abs(a - b) for a, b in zip(c, darker, strict=True)) < 0.01 for c in found)
    assert pale != darker


@pytest.mark.parametrize("example_path", EXAMPLES, ids=lambda path: path.stem)
def test_the_trust_check_reads_the_worked_sample_without_drawing_its_charts(
    example_path, catalog, monkeypatch
):
    """Charts are drawn as paths, so their words are their captions: the check reads the
    same text as the PDF's worked sample, without paying for matplotlib."""
    document = validate_document(load_example(example_path))
    printed = work_out_sample(dump_document(document)["sample"], catalog, sample_context(document))
    assert '<figure class="chart"><svg' in str(printed.html)

    def no_drawing(chart):
        raise AssertionError("the trust check drew a chart")

    monkeypatch.setattr(chart_module, "draw", no_drawing)
    read = worked_sample_text(document, catalog)
    # The words a reader sees: the drawing's own are paths, and its metadata no one reads
    # ("image/svg+xml", matplotlib's name) is no longer checked either.
    undrawn = re.sub(r"<svg.*?</svg>", "", str(printed.html), flags=re.DOTALL)
    assert read.split() == f"{printed.title}\n\n{html_to_text(undrawn)}".split()
    assert "lowest" in read.lower() or "limit" in read.lower()  # a caption is in it
