"""Sample body helpers beyond arithmetic: money in its own currency, and charts."""

from __future__ import annotations

import pytest

from proposals.library.sandbox import RenderContext, SampleRenderError, work_out
from proposals.library.spec import parse_sample

HEAD = """---
id: t
title: T
inputs:
  - {name: fee, label: Fee, type: money, currency: eur}
  - {name: cash, label: Cash, type: money}
  - name: months
    label: Months
    type: table
    columns: [{name: month}, {name: revenue, type: money}]
---
"""
INPUTS = {
    "fee": "10",
    "cash": "5",
    "months": [{"month": "2026-01", "revenue": "5"}, {"month": "2026-02", "revenue": "-7"}],
}


def run(body: str, inputs=None) -> str:
    return str(work_out(parse_sample(HEAD + body), inputs or INPUTS, RenderContext(currency="GBP")))


def test_money_uses_the_inputs_own_currency_else_the_proposals():
    assert run("{{ money(fee) }} / {{ money(cash) }} / {{ money(cash, currency='JPY') }}") == (
        "<p>€10.00 / £5.00 / ¥5</p>"
    )


def test_bar_and_line_charts_are_svg_figures_in_place():
    html = run(
        "Before\n\n{{ bar_chart(column(months, 'month'), column(months, 'revenue'), title='Net') }}"
        "\n\n{{ line_chart(column(months, 'month'), column(months, 'revenue'), names=['R']) }}"
        "\n\nAfter"
    )
    assert html.index("Before") < html.index("<svg") < html.index("After")
    assert html.count('<figure class="chart"><svg') == 2
    assert "<figcaption>Net</figcaption>" in html
    assert "<script" not in html and "<style" not in html


def test_chart_tokens_cannot_be_forged_from_user_text():
    inputs = {**INPUTS, "months": [{"month": "CHART0N0", "revenue": "1"}]}
    html = run("{{ months[0].month }} {{ bar_chart(['a'], [1]) }}", inputs)
    assert "CHART0N0" in html and html.count("<svg") == 1


@pytest.mark.parametrize(
    "body, message",
    [
        ("{{ bar_chart(['a', 'b'], [1]) }}", "2 labels but 1 values"),
        ("{{ bar_chart(['a'], ['many']) }}", "chart values must be numbers"),
        ("{% for i in range(9) %}{{ bar_chart(['a'], [1]) }}{% endfor %}", "at most 8 charts"),
        ("{{ line_chart(['a']) }}", "at least one list of values"),
    ],
)
def test_chart_mistakes_are_explained(body, message):
    with pytest.raises(SampleRenderError, match=message):
        run(body)
