"""Sample files: their declaration, their inputs, and working them out safely in the sandbox."""

from __future__ import annotations

import sys
import time
from datetime import date
from decimal import Decimal

import pytest

from proposals.document import Limits
from proposals.library import helpers, sandbox
from proposals.library.inputs import (
    InputsError,
    ValueProblem,
    convert_inputs,
    convert_value,
    rows_from_csv,
)
from proposals.library.sandbox import RenderContext, SampleRenderError, check_syntax, work_out
from proposals.library.spec import ParsedSample, SampleFileError, parse_sample

MONTHS_INPUTS = """\
inputs:
  - {name: cash, label: Cash on hand, type: money}
  - name: months
    label: Months
    type: table
    columns:
      - {name: month, label: Month}
      - {name: revenue, label: Revenue, type: money}
      - {name: kind, label: Kind of month, type: choice, choices: [Busy, Quiet]}
"""
TEXT_INPUT = "inputs:\n  - {name: who, label: Who, type: text, required: false}\n"
# With TEXT_INPUT, the front matter takes lines 1-6 (---, id, title, inputs, one input, ---).
BODY_LINE = 7

MONTHS = [
    {"month": "2026-01", "revenue": "100", "kind": "Quiet"},
    {"month": "2026-02", "revenue": "-40", "kind": "quiet"},
    {"month": "2026-03", "revenue": "250.50", "kind": "BUSY"},
]


def source(front: str = "", body: str = "Body\n", sample_id: str = "demo") -> str:
    return f"---\nid: {sample_id}\ntitle: Demo sample\n{front}---\n{body}"


def sample(body: str, front: str = TEXT_INPUT) -> ParsedSample:
    return parse_sample(source(front, body))


def render(
    body: str,
    values: dict | None = None,
    front: str = TEXT_INPUT,
    context: RenderContext | None = None,
) -> str:
    return str(work_out(sample(body, front), values or {}, context or RenderContext()))


def render_error(body: str, values: dict | None = None, front: str = TEXT_INPUT):
    with pytest.raises(SampleRenderError) as caught:
        render(body, values, front)
    return caught.value


def file_error(text: str) -> SampleFileError:
    with pytest.raises(SampleFileError) as caught:
        parse_sample(text)
    return caught.value


def months_spec():
    return parse_sample(source(MONTHS_INPUTS)).inputs


def input_errors(values: dict, specs=None) -> dict[str, str]:
    with pytest.raises(InputsError) as caught:
        convert_inputs(specs or months_spec(), values)
    return {error.path: error.message for error in caught.value.errors}


# ---------------------------------------------------------------------------
# Sample files


def test_a_file_without_front_matter_is_refused():
    error = file_error("# Cash runway\n\nNo declaration here.\n")
    assert str(error) == "a sample file starts with front matter between --- lines"
    assert error.field == "source"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\nid: demo\ntitle: [unclosed\nsummary: x\n---\nBody\n", 4),
        ("---\nid: demo\ntitle: Demo\ninputs:\n  - name: a\n   label: b\n---\nBody\n", 6),
        ("---\nid: demo\ntitle: Demo\n  bad: indent\n---\nBody\n", 4),
        ("\n\n---\nid: demo\ntitle: Demo\ninputs:\n  - name: a\n   label: b\n---\nBody\n", 8),
    ],
    ids=["unclosed-list", "bad-indent-in-list", "bad-indent", "after-blank-lines"],
)
def test_bad_yaml_names_the_file_line(text, line):
    error = file_error(text)
    assert error.field == "front matter"
    assert error.line == line
    assert str(error).startswith(f"front matter is not valid YAML (line {line}): ")


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "inputs:\n  - {name: a, label: A, type: fancy}\n",
            "front matter: inputs[0].type: unknown input type 'fancy' (use one of: "
            "text, longtext, number, money, percent, date, choice, table)",
        ),
        (
            "inputs:\n  - {name: a, label: A, type: table, columns: [{name: c, type: blob}]}\n",
            "front matter: inputs[0].columns[0].type: unknown input type 'blob' (use one of: "
            "text, number, money, percent, date, choice)",
        ),
        (
            "inputs:\n  - {name: a, label: A, type: choice}\n",
            "front matter: inputs[0]: a choice input needs a list of choices",
        ),
        (
            "inputs:\n  - {name: a, label: A, type: table}\n",
            "front matter: inputs[0]: a table input needs its columns",
        ),
        (
            "inputs:\n  - {name: a, label: A, type: table, columns: [{name: c, type: choice}]}\n",
            "front matter: inputs[0]: column 'c' needs its choices",
        ),
        (
            "inputs:\n  - {name: revenue, label: A, type: money}\n"
            "  - {name: costs, label: B, type: money}\n"
            "  - {name: revenue, label: C, type: number}\n",
            "front matter: input declared twice: revenue",
        ),
        ("colour: red\n", "front matter: colour: Extra inputs are not permitted"),
        (
            "inputs:\n  - {name: a, type: text}\n",
            "front matter: inputs[0].label: Field required",
        ),
    ],
    ids=[
        "unknown-type",
        "unknown-column-type",
        "choice-without-choices",
        "table-without-columns",
        "choice-column-without-choices",
        "duplicate-name",
        "unknown-key",
        "no-label",
    ],
)
def test_bad_declarations_are_explained(front, expected):
    error = file_error(source(front))
    assert str(error) == expected
    assert error.field == "front matter"


@pytest.mark.parametrize("sample_id", ["Cash_Runway", "-runway", "cash runway", "x" * 81, '""'])
def test_bad_ids_are_refused(sample_id):
    assert str(file_error(source(sample_id=sample_id))).startswith("front matter: id: ")


@pytest.mark.parametrize("name", ["Revenue", "2nd", "cash-on-hand"])
def test_bad_input_names_are_refused(name):
    error = file_error(source(f"inputs:\n  - {{name: {name}, label: A, type: text}}\n"))
    assert str(error).startswith("front matter: inputs[0].name: ")


def test_good_ids_are_accepted():
    assert parse_sample(source(sample_id="cash-runway-2")).spec.id == "cash-runway-2"


def test_yes_and_no_choices_stay_words():
    parsed = parse_sample(
        source("inputs:\n  - {name: a, label: A, type: choice, choices: [yes, no]}\n")
    )
    assert parsed.inputs[0].choices == ["yes", "no"]


def test_columns_can_be_named_only():
    parsed = parse_sample(
        source("inputs:\n  - {name: t, label: T, type: table, columns: [month, cash_in]}\n")
    )
    columns = parsed.inputs[0].columns
    assert [(c.name, c.type, c.heading) for c in columns] == [
        ("month", "text", "Month"),
        ("cash_in", "text", "Cash in"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "---\nid: demo\ntitle: Demo\n---\nFirst body line\nsecond\n",
        "---\nid: demo\ntitle: Demo\n---\n\nFirst body line\n",
        "---\nid: demo\ntitle: Demo\n---\n\n\n\nFirst body line\n",
        "\n\n---\nid: demo\ntitle: Demo\n---\nFirst body line\n",
        "---\nid: demo\ntitle: Demo\ninputs:\n  - name: a\n    label: A\n    type: text\n"
        "---\nFirst body line\n",
        "---  \nid: demo\ntitle: Demo\n---  \nFirst body line\n",
    ],
    ids=[
        "plain",
        "blank-line",
        "blank-lines",
        "leading-blank-lines",
        "with-inputs",
        "trailing-spaces",
    ],
)
def test_body_first_line_is_where_the_body_starts_in_the_file(text):
    parsed = parse_sample(text)
    assert parsed.body.splitlines()[0] == "First body line"
    assert text.splitlines()[parsed.body_first_line - 1] == "First body line"


# ---------------------------------------------------------------------------
# Input values


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("percent", "12%", Decimal("0.12")),
        ("percent", "12.5 %", Decimal("0.125")),
        ("percent", "12", Decimal("0.12")),
        ("percent", 7, Decimal("0.07")),
        ("money", "1,234.50", Decimal("1234.50")),
        ("money", "£1,234.50", Decimal("1234.50")),
        ("money", "$ 1,000", Decimal("1000")),
        ("money", "€12", Decimal("12")),
        ("money", "-250", Decimal("-250")),
        ("number", " 42 ", Decimal("42")),
        ("number", 3.5, Decimal("3.5")),
        ("date", "2026-02-01", date(2026, 2, 1)),
        ("date", date(2026, 2, 1), date(2026, 2, 1)),
        ("text", "  Northwind  ", "Northwind"),
        ("longtext", "line one\nline two", "line one\nline two"),
    ],
)
def test_values_convert_by_type(kind, raw, expected):
    value = convert_value(kind, raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("raw", ["fixed", "FIXED", " Fixed "])
def test_choices_ignore_case_and_keep_the_declared_spelling(raw):
    assert convert_value("choice", raw, ["Fixed", "Variable"]) == "Fixed"


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("money", "abc", "not a number"),
        ("money", "NaN", "not a number"),
        ("money", "Infinity", "not a number"),
        ("money", True, "not a number"),
        ("number", "1e20", "not a number: write it out in full, without an exponent"),
        ("number", "١٢", "not a number: use the digits 0-9"),
        ("percent", "a lot%", "not a number"),
        ("date", "2026-02-30", "not a date (use YYYY-MM-DD)"),
        ("date", "31/01/2026", "not a date (use YYYY-MM-DD)"),
        ("date", "February", "not a date (use YYYY-MM-DD)"),
        ("choice", "Sometimes", "choose one of: Fixed, Variable"),
        ("text", "x" * 2_001, "at most 2000 characters"),
        ("longtext", "x" * 10_001, "at most 10000 characters"),
    ],
)
def test_bad_values_say_why(kind, raw, message):
    with pytest.raises(ValueProblem) as caught:
        convert_value(kind, raw, ["Fixed", "Variable"])
    assert str(caught.value) == message


def test_all_inputs_convert_together():
    values = convert_inputs(months_spec(), {"cash": "£18,500.00", "months": MONTHS})
    assert values["cash"] == Decimal("18500.00")
    assert values["months"] == [
        {"month": "2026-01", "revenue": Decimal("100"), "kind": "Quiet"},
        {"month": "2026-02", "revenue": Decimal("-40"), "kind": "Quiet"},
        {"month": "2026-03", "revenue": Decimal("250.50"), "kind": "Busy"},
    ]


def test_a_required_input_left_blank_is_an_error():
    assert input_errors({"cash": "  ", "months": MONTHS}) == {"cash": "required"}


def test_an_optional_input_left_blank_is_none():
    specs = parse_sample(
        source("inputs:\n  - {name: rate, label: R, type: percent, required: false}\n")
    ).inputs
    assert convert_inputs(specs, {"rate": ""}) == {"rate": None}
    assert convert_inputs(specs, {}) == {"rate": None}


def test_inputs_the_sample_does_not_declare_are_errors():
    errors = input_errors({"cash": "1", "months": MONTHS, "profit": "2", "extra": "3"})
    assert errors == {
        "extra": "this sample has no such input",
        "profit": "this sample has no such input",
    }


def test_a_bad_cell_names_its_row_and_column():
    rows = [*MONTHS[:2], {"month": "2026-03", "revenue": "lots", "kind": "Busy"}]
    assert input_errors({"cash": "1", "months": rows}) == {
        "months[2].revenue": "row 3, revenue: not a number"
    }


def test_every_bad_cell_is_reported():
    rows = [
        {"month": "2026-01", "revenue": "", "kind": "Quiet"},
        {"month": "2026-02", "revenue": "10", "kind": "Hectic"},
    ]
    assert input_errors({"cash": "x", "months": rows}) == {
        "cash": "not a number",
        "months[0].revenue": "row 1, revenue: required",
        "months[1].kind": "row 2, kind: choose one of: Busy, Quiet",
    }


def test_an_unknown_column_in_a_row_is_an_error():
    rows = [{**MONTHS[0], "profit": "5"}]
    assert input_errors({"cash": "1", "months": rows}) == {
        "months[0]": "row 1: unknown column 'profit'"
    }


def test_blank_rows_are_ignored():
    blank = {"month": "", "revenue": "  ", "kind": None}
    values = convert_inputs(months_spec(), {"cash": "1", "months": [*MONTHS, blank, {}]})
    assert [row["month"] for row in values["months"]] == ["2026-01", "2026-02", "2026-03"]


def test_a_table_with_only_blank_rows_is_missing():
    blank = {"month": "", "revenue": "", "kind": ""}
    assert input_errors({"cash": "1", "months": [blank, blank]}) == {
        "months": "at least 1 row(s) needed"
    }


def test_the_row_limit_is_inclusive():
    rows = [MONTHS[0]] * Limits.TABLE_ROWS
    assert len(convert_inputs(months_spec(), {"cash": "1", "months": rows})["months"]) == 500
    assert input_errors({"cash": "1", "months": [*rows, MONTHS[0]]}) == {
        "months": "at most 500 rows"
    }


@pytest.mark.parametrize("value", [{"month": "2026-01"}, [1, 2], ["2026-01"]])
def test_a_table_must_be_rows(value):
    assert input_errors({"cash": "1", "months": value}) == {"months": "must be a table of rows"}


# ---------------------------------------------------------------------------
# CSV


def columns():
    return months_spec()[1].columns


@pytest.mark.parametrize(
    "text",
    [
        'month,revenue,kind\n2026-01,100,Quiet\n2026-02,"1,200",busy\n',
        'Month,Revenue,Kind of month\n2026-01,100,Quiet\n2026-02,"1,200",busy\n',
        'MONTH,revenue,KIND OF MONTH\n2026-01,100,Quiet\n2026-02,"1,200",busy\n',
        "month;revenue;kind\n2026-01;100;Quiet\n2026-02;1,200;busy\n",
        "month\trevenue\tkind\n2026-01\t100\tQuiet\n2026-02\t1,200\tbusy\n",
        '  month , revenue , kind \n2026-01,100,Quiet\n\n,,\n2026-02,"1,200",busy\n\n',
        'kind,month,revenue\nQuiet,2026-01,100\nbusy,2026-02,"1,200"\n',
    ],
    ids=["names", "labels", "labels-any-case", "semicolons", "tabs", "blank-lines", "reordered"],
)
def test_csv_rows_are_read_by_column_name_or_label(text):
    rows = rows_from_csv(text, columns())
    assert [(row["month"], row["revenue"], row["kind"]) for row in rows] == [
        ("2026-01", "100", "Quiet"),
        ("2026-02", "1,200", "busy"),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("month,revenue\n2026-01,100\n", "missing column 'kind'"),
        ("month,revenue,kind,profit\n2026-01,100,Busy,5\n", "unknown column 'profit'"),
        ("2026-01,100,Busy\n", "missing column 'month'"),
    ],
    ids=["missing", "unknown", "no-header"],
)
def test_csv_with_wrong_columns_says_which(text, problem):
    with pytest.raises(ValueProblem) as caught:
        rows_from_csv(text, columns())
    assert str(caught.value) == (
        f"the CSV header must name the columns month, revenue, kind: {problem}"
    )


def test_empty_csv_is_no_rows():
    assert rows_from_csv("  \n", columns()) == []


def test_pasted_csv_is_converted_like_rows():
    csv_text = "Month,Revenue,Kind of month\n2026-01,£100,quiet\n2026-02,lots,Busy\n"
    assert input_errors({"cash": "1", "months": csv_text}) == {
        "months[1].revenue": "row 2, revenue: not a number"
    }
    good = csv_text.replace("lots", "200")
    values = convert_inputs(months_spec(), {"cash": "1", "months": good})
    assert values["months"][0] == {"month": "2026-01", "revenue": Decimal("100"), "kind": "Quiet"}


def test_pasted_csv_with_wrong_header_is_an_input_error():
    errors = input_errors({"cash": "1", "months": "date,amount\n2026-01,5\n"})
    assert errors == {
        "months": "the CSV header must name the columns month, revenue, kind: "
        "missing column 'month'"
    }


# ---------------------------------------------------------------------------
# Helpers


def test_arithmetic_helpers():
    assert helpers.total(["1", "2.5", None, ""]) == Decimal("3.5")
    assert helpers.average(["1", "2"]) == Decimal("1.5")
    assert helpers.average([]) == 0
    assert helpers.lowest([3, "1", 2]) == 1
    assert helpers.highest([]) is None
    assert helpers.running_total([5, -2, 3], 10) == [15, 13, 16]
    assert helpers.change(100, 125) == Decimal("0.25")
    assert helpers.change(-200, -100) == Decimal("0.5")
    assert helpers.change(0, 5) is None


def test_row_with_finds_lowest_and_highest():
    rows = [{"m": "a", "c": Decimal("5")}, {"m": "b", "c": Decimal("-3")}, {"m": "c", "c": None}]
    assert helpers.row_with(rows, "c")["m"] == "b"
    assert helpers.row_with(rows, "c", False)["m"] == "a"
    assert helpers.row_with([], "c") is None


def test_range_is_bounded():
    assert len(helpers.bounded_range(helpers.MAX_RANGE)) == 10_000
    with pytest.raises(OverflowError):
        helpers.bounded_range(helpers.MAX_RANGE + 1)


# ---------------------------------------------------------------------------
# Working a sample out


def months_values():
    return {"cash": "1000", "months": MONTHS}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("total(column(months, 'revenue'))", "310.50"),
        ("months|column('revenue')|total", "310.50"),
        ("average(column(months, 'revenue'))|round(2)", "103.50"),
        ("running_total(column(months, 'revenue'), cash)|join(' ')", "1100 1060 1310.50"),
        ("change(100, 150)", "0.5"),
        ("row_with(months, 'revenue').month", "2026-02"),
        ("row_with(months, 'revenue', false).month", "2026-03"),
        ("lowest(column(months, 'revenue'))", "-40"),
        ("highest(months|column('revenue'))", "250.50"),
        ("cash * 2 + 1", "2001"),
        ("months|length", "3"),
        ("months[2].kind", "Busy"),
    ],
)
def test_a_body_computes_on_typed_inputs(expression, expected):
    html = render(f"{{{{ {expression} }}}}", months_values(), front=MONTHS_INPUTS)
    assert html == f"<p>{expected}</p>"


@pytest.mark.parametrize(
    ("currency", "locale", "expected"),
    [
        ("GBP", "en_GB", "£1,310.50 · 12.5% · 1,234,567.9 · 3 February 2026 · February 2026"),
        ("USD", "en_US", "$1,310.50 · 12.5% · 1,234,567.9 · February 3, 2026 · February 2026"),
        (
            "EUR",
            "de_DE",
            "1.310,50&nbsp;€ · 12,5&nbsp;% · 1.234.567,9 · 3. Februar 2026 · Februar 2026",
        ),
    ],
)
def test_formatting_follows_currency_and_locale(currency, locale, expected):
    body = (
        "{{ money(1310.5) }} · {{ percent(0.125, 1) }} · "
        "{{ number(1234567.89, 1) }} · {{ date(d) }} · {{ month('2026-02') }}"
    )
    front = "inputs:\n  - {name: d, label: D, type: date}\n"
    context = RenderContext(currency=currency, locale=locale)
    html = render(body, {"d": "2026-02-03"}, front=front, context=context)
    assert html == f"<p>{expected}</p>"


@pytest.mark.parametrize(
    ("currency", "locale", "expected"),
    [("GBP", "en_GB", "£1,311 · -£0.13 · –"), ("USD", "en_US", "$1,311 · -$0.13 · –")],
)
def test_money_rounds_to_the_digits_asked_for(currency, locale, expected):
    body = "{{ money(1310.5, 0) }} · {{ money(-0.125, 2) }} · {{ money(none) }}"
    context = RenderContext(currency=currency, locale=locale)
    assert render(body, context=context) == f"<p>{expected}</p>"


def test_context_facts_are_available():
    context = RenderContext(organisation="Northwind Bakery", currency="GBP")
    assert render("{{ client.organisation }} pays in {{ currency }}", context=context) == (
        "<p>Northwind Bakery pays in GBP</p>"
    )


def test_table_helper_formats_and_escapes_cells():
    body = "{{ table(months, [['month', 'Month', 'month'], ['revenue', 'Revenue', 'money']]) }}"
    values = {"cash": "1", "months": [{"month": "2026-01", "revenue": "5", "kind": "<b>Busy</b>"}]}
    html = render(body, values, front=MONTHS_INPUTS.replace("[Busy, Quiet]", "['<b>Busy</b>']"))
    assert '<td class="text">January 2026</td><td class="num">$5.00</td>' in html


def test_input_text_is_escaped_not_run():
    html = render(
        "Hello {{ who }}", {"who": "<script>alert(1)</script><img src=x onerror=alert(1)>"}
    )
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markup_in_the_body_itself_is_sanitized():
    html = render('<script>alert(1)</script><a href="javascript:alert(1)">x</a> done')
    assert "<script" not in html
    assert "javascript:" not in html
    assert "done" in html


def test_namespace_carries_values_out_of_a_loop():
    body = (
        "{% set ns = namespace(total=0, lowest=none) %}"
        "{% for row in months %}{% set ns.total = ns.total + row.revenue %}"
        "{% if ns.lowest is none or row.revenue < ns.lowest %}{% set ns.lowest = row.revenue %}"
        "{% endif %}{% endfor %}{{ ns.total }} / {{ ns.lowest }}"
    )
    assert render(body, months_values(), front=MONTHS_INPUTS) == "<p>310.50 / -40</p>"


def test_bad_inputs_stop_before_the_body_runs():
    with pytest.raises(InputsError) as caught:
        render("{{ cash }}", {"cash": "lots", "months": MONTHS}, front=MONTHS_INPUTS)
    assert str(caught.value) == "cash: not a number"


# ---------------------------------------------------------------------------
# Errors in the body point at the file's line


def test_syntax_error_names_the_file_line():
    parsed = sample("Line one\nLine two\n{% if x %}\nno endif\n")
    first = parsed.body_first_line
    with pytest.raises(SampleRenderError) as caught:
        check_syntax(parsed)
    assert caught.value.line >= first + 2
    assert str(caught.value).startswith(f"line {caught.value.line}: ")


def test_syntax_error_on_a_known_line():
    parsed = sample("Line one\nLine two\n{{ 1 + }}\nLine four\n")
    assert parsed.body_first_line == BODY_LINE
    with pytest.raises(SampleRenderError) as caught:
        check_syntax(parsed)
    assert caught.value.line == BODY_LINE + 2
    with pytest.raises(SampleRenderError) as again:
        work_out(parsed, {}, RenderContext())
    assert again.value.line == BODY_LINE + 2


def test_runtime_error_names_the_file_line():
    error = render_error("Line one\n\n{{ 10 / 0 }}\n")
    assert error.line == BODY_LINE + 2
    assert str(error) == f"line {BODY_LINE + 2}: could not work it out: division by zero"


def test_undefined_variable_is_named():
    error = render_error("Line one\n{{ cash_in_hand }}\n")
    assert str(error) == f"line {BODY_LINE + 1}: 'cash_in_hand' is undefined"


def test_undefined_attribute_is_named():
    error = render_error("{{ client.turnover }}")
    assert "turnover" in str(error)
    assert error.line == BODY_LINE


# ---------------------------------------------------------------------------
# The sandbox holds


ESCAPES = {
    "str-mro": "{{ ''.__class__.__mro__ }}",
    "int-class": "{{ (1).__class__ }}",
    "subclasses": "{% for c in ''.__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "attr-filter": "{{ ''|attr('__class__') }}",
    "cycler": "{{ cycler.__init__.__globals__ }}",
    "lipsum": "{{ lipsum.__globals__ }}",
    "joiner": "{{ joiner.__init__.__globals__.os }}",
    "namespace-init": "{{ namespace.__init__ }}",
    "namespace-globals": "{{ namespace.__init__.__globals__ }}",
    "config": "{{ config.items() }}",
    "request": "{{ request.environ }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "format-self": "{{ ''.format.__self__ }}",
    "format-attribute": "{{ '{0.__class__}'.format(1) }}",
    "format-nested": "{{ '{0.__class__.__mro__}'.format('') }}",
    "format-globals": "{{ '{0}'.format.__globals__ }}",
    "helper-globals": "{{ total.__globals__ }}",
    "formatter-closure": "{{ money.__closure__ }}",
    "range-globals": "{{ range.__globals__ }}",
    "dict-class": "{{ {}.__class__ }}",
    "date-class": "{{ today.__class__ }}",
    "inputs-class": "{{ inputs.__class__ }}",
    "include": "{% include 'secrets.txt' %}",
    "import": "{% import 'os' as os %}",
}


@pytest.mark.parametrize("body", ESCAPES.values(), ids=ESCAPES.keys())
def test_escapes_are_blocked(body):
    error = render_error(body)
    message = str(error)
    assert error.line == BODY_LINE
    assert any(
        reason in message
        for reason in ("not allowed in a sample", "is undefined", "has no attribute", "no loader")
    ), message
    assert "<class" not in message


def test_string_formatting_cannot_read_private_attributes():
    assert render("{{ '{0.real}'.format(7) }}") == "<p>7</p>"
    assert "not allowed" in str(render_error("{{ '{0.__class__}'.format(7) }}"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ 'x' * 10000000 }}", "not allowed in a sample: that repetition would be too long"),
        ("{{ 10000000 * 'x' }}", "not allowed in a sample: that repetition would be too long"),
        ("{{ [0] * 10000000 }}", "not allowed in a sample: that repetition would be too long"),
        ("{{ (0,) * 10000000 }}", "not allowed in a sample: that repetition would be too long"),
        ("{{ ('x' * 1000) * 1000 }}", "not allowed in a sample: that repetition would be too long"),
        ("{{ 10 ** 1000 }}", "not allowed in a sample: exponent 1000 is larger than 100"),
        ("{{ 2 ** -1000 }}", "not allowed in a sample: exponent -1000 is larger than 100"),
        (
            "{{ ((10 ** 100) ** 100) ** 100 }}",
            "not allowed in a sample: that number would be too large",
        ),
        (
            "{% set ns = namespace(n=10 ** 100) %}{% for i in range(30) %}"
            "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}",
            "not allowed in a sample: that number would be too large",
        ),
        (
            "{% for i in range(10**9) %}{% endfor %}",
            "could not work it out: range() is limited to 10,000 items in a sample",
        ),
        (
            "{% for i in range(10000) %}{% for j in range(10000) %}xxxxxxxxxx{% endfor %}"
            "{% endfor %}",
            "the worked-out text is longer than 200,000 characters",
        ),
        (
            "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(0) }}",
            "could not work it out: maximum recursion depth exceeded",
        ),
        ("{{ 'x'|truncate(1) }}", "could not work it out: "),
    ],
    ids=[
        "string-repeat",
        "string-repeat-reversed",
        "list-repeat",
        "tuple-repeat",
        "nested-repeat",
        "power",
        "negative-power",
        "power-of-power",
        "squaring-loop",
        "huge-range",
        "huge-output",
        "recursion",
        "filter-assertion",
    ],
)
def test_limits_stop_a_body_quickly_with_a_reason(body, message):
    started = time.monotonic()
    error = render_error(body)
    assert time.monotonic() - started < 5
    assert message in str(error)


def test_small_powers_and_repeats_still_work():
    assert (
        render("{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ 1.05 ** 12 > 1.7 }}") == "<p>1024 ababab True</p>"
    )
    assert render("{{ (10 ** 100)|string|length }}") == "<p>101</p>"


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}done",
        "{% set rows = [0] * 100000 %}{% for a in rows %}{% for b in rows %}{% endfor %}"
        "{% endfor %}done",
        "{% for i in range(10000) %}{% for j in range(10000) %}{% if i < 0 %}x{% endif %}"
        "{% endfor %}{% endfor %}done",
    ],
    ids=["silent-range-loop", "silent-list-loop", "loop-that-prints-nothing"],
)
def test_a_slow_loop_is_stopped_at_the_time_limit(monkeypatch, body):
    monkeypatch.setattr(sandbox, "TIME_LIMIT_SECONDS", 0.3)
    started = time.monotonic()
    error = render_error(f"Intro\n{body}\n")
    elapsed = time.monotonic() - started
    assert "working it out took longer than 0.3 seconds" in str(error)
    assert error.line == BODY_LINE + 1
    assert elapsed < 3


def test_the_time_limit_leaves_tracing_as_it_was(monkeypatch):
    monkeypatch.setattr(sandbox, "TIME_LIMIT_SECONDS", 0.1)
    before = sys.gettrace()
    render_error("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}")
    assert sys.gettrace() is before
    assert render("{{ 6 * 7 }}") == "<p>42</p>"
    assert sys.gettrace() is before
