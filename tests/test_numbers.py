"""One decimal parser: what a person types as an amount reads the same in every field,
in the way the proposal's locale writes numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from proposals.document import DocumentError, validate_document, validate_section
from proposals.library.inputs import InputsError, convert_inputs, rows_from_csv
from proposals.library.spec import Column, InputSpec
from proposals.numbers import NumberProblem, parse_decimal, plain_text


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("18500", "18500"),
        ("18,500.00", "18500.00"),
        ("18 500", "18500"),
        ("18\u00a0500", "18500"),  # a no-break space, as spreadsheets paste it
        ("1'380'000", "1380000"),  # Swiss grouping
        ("£18,500", "18500"),
        ("-215,000", "-215000"),
        (" .5 ", "0.5"),
        (4900, "4900"),
    ],
)
def test_numbers_read_as_people_type_them(typed, value):
    assert parse_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "abc", "NaN", "Infinity", "4,9OO", True, None])
def test_what_is_not_an_amount_is_refused(typed):
    with pytest.raises(NumberProblem, match="^not a number$"):
        parse_decimal(typed)


# Each shipped locale: its own grouping and decimal marks, the plain forms, what it would
# read two ways, and the refusals every locale shares.
READS = {
    "en-US": [
        ("4,900.50", "4900.50"),
        ("4 900", "4900"),
        ("1,500", "1500"),
        ("1.5", "1.5"),
        ("$1,380,000.00", "1380000.00"),
        ("-215,000", "-215000"),
    ],
    "en-GB": [
        ("4,900.50", "4900.50"),
        ("£18,500", "18500"),
        ("1.500", "1.500"),
        ("4900.50", "4900.50"),
    ],
    "de-DE": [
        ("4.900,50", "4900.50"),
        ("4 900", "4900"),
        ("4900.50", "4900.50"),
        ("12,5", "12.5"),
        ("1.380.000,00 €", "1380000.00"),
        ("-1.380.000,00 €", "-1380000.00"),
    ],
    "de-CH": [
        ("4’900.50", "4900.50"),
        ("CHF 1’380’000.00", "1380000.00"),
        ("CHF-1’380’000.00", "-1380000.00"),
        ("4'900.50", "4900.50"),
        ("1.500", "1.500"),
    ],
    "fr-FR": [
        ("1\u202f380\u202f000,00 €", "1380000.00"),
        ("4 900,50", "4900.50"),
        ("12,5", "12.5"),
        ("4900.50", "4900.50"),
    ],
    "sv-SE": [
        ("412 000 kr", "412000"),
        ("−1\u00a0380\u00a0000,00 kr", "-1380000.00"),
        ("4 900,50", "4900.50"),
        ("4900.50", "4900.50"),
    ],
    "es-ES": [("4.900,50", "4900.50"), ("1.380.000,00 €", "1380000.00"), ("12,5", "12.5")],
    "nl-NL": [
        ("€ 4.900,50", "4900.50"),
        ("€ -1.380.000,00", "-1380000.00"),
        ("1.234.567", "1234567"),
    ],
}
AMBIGUOUS = {
    "en-US": [],
    "en-GB": [],
    "de-DE": [
        ("1,500", "ambiguous: in de-DE this reads as 1.5; write 1500 or 1,50"),
        ("1.500", "ambiguous: in de-DE this reads as 1500; write 1500 or 1,50"),
    ],
    "de-CH": [("1,500", "ambiguous: in de-CH this reads as 1500; write 1500 or 1.50")],
    "fr-FR": [
        ("1,500", "ambiguous: in fr-FR this reads as 1.5; write 1500 or 1,50"),
        ("1.500", "ambiguous: in fr-FR this reads as 1.5; write 1500 or 1,50"),
    ],
    "sv-SE": [("2,125", "ambiguous: in sv-SE this reads as 2.125; write 2125 or 2,1250")],
    "es-ES": [("1,500", "ambiguous: in es-ES this reads as 1.5; write 1500 or 1,50")],
    "nl-NL": [("1.500", "ambiguous: in nl-NL this reads as 1500; write 1500 or 1,50")],
}
OTHER_MARK = {
    "en-US": ("12,5", "not a number in en-US: its decimal mark is a point; write 12.5"),
    "en-GB": ("4.900,50", "not a number in en-GB: its decimal mark is a point; write 4,900.50"),
    "de-DE": ("4,900.50", "not a number in de-DE: its decimal mark is a comma; write 4.900,50"),
    "de-CH": ("4.900,50", "not a number in de-CH: its decimal mark is a point; write 4,900.50"),
    "fr-FR": ("4,900.50", "not a number in fr-FR: its decimal mark is a comma; write 4.900,50"),
    "sv-SE": ("4,900.50", "not a number in sv-SE: its decimal mark is a comma; write 4.900,50"),
    "es-ES": ("4,900.50", "not a number in es-ES: its decimal mark is a comma; write 4.900,50"),
    "nl-NL": ("4,900.50", "not a number in nl-NL: its decimal mark is a comma; write 4.900,50"),
}
REFUSED_EVERYWHERE = [
    ("1e-999999", "not a number: write it out in full, without an exponent"),
    ("4.9E3", "not a number: write it out in full, without an exponent"),
    ("NaN", "not a number"),
    ("Infinity", "not a number"),
    ("١٢٣", "not a number: use the digits 0-9"),  # Arabic-Indic digits
    ("４９００", "not a number: use the digits 0-9"),  # full-width digits
    ("12 pounds", "not a number"),
]
LOCALES = list(READS)


@pytest.mark.parametrize(
    ("locale", "typed", "value"),
    [(locale, typed, value) for locale, cases in READS.items() for typed, value in cases],
)
def test_each_locale_reads_its_own_marks_and_the_plain_forms(locale, typed, value):
    assert parse_decimal(typed, locale=locale) == Decimal(value)


@pytest.mark.parametrize(
    ("locale", "typed", "message"),
    [(locale, typed, message) for locale, cases in AMBIGUOUS.items() for typed, message in cases],
)
def test_what_a_locale_could_read_two_ways_is_refused_with_its_reading(locale, typed, message):
    with pytest.raises(NumberProblem) as caught:
        parse_decimal(typed, locale=locale)
    assert str(caught.value) == message


@pytest.mark.parametrize("locale", LOCALES)
def test_the_other_decimal_mark_is_refused_with_the_locale_s_form(locale):
    typed, message = OTHER_MARK[locale]
    with pytest.raises(NumberProblem) as caught:
        parse_decimal(typed, locale=locale)
    assert str(caught.value) == message


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("typed", "message"), REFUSED_EVERYWHERE)
def test_exponents_non_finite_values_and_other_digits_are_refused_everywhere(
    locale, typed, message
):
    with pytest.raises(NumberProblem) as caught:
        parse_decimal(typed, locale=locale)
    assert str(caught.value) == message


@pytest.mark.parametrize("locale", LOCALES)
def test_an_amount_past_the_limit_is_too_large_in_every_locale(locale):
    with pytest.raises(NumberProblem, match="^is too large$"):
        parse_decimal("1 000 000 000", limit=Decimal("1e9"), locale=locale)


def test_a_limit_says_too_large():
    with pytest.raises(NumberProblem, match="is too large"):
        parse_decimal("1,000,000,000", limit=Decimal("1e9"))


def test_stored_numbers_never_carry_an_exponent():
    assert plain_text(parse_decimal("1000.50")) == "1000.50"


def offer(price: str) -> dict:
    option = {"name": "Monthly", "price": price, "currency": "GBP"}
    return {"offer": {"options": [option]}}


def test_the_offer_price_and_a_sample_input_read_the_same_text_alike():
    stored = validate_section("offer", offer("4 900"))
    assert stored["offer"]["options"][0]["price"] == "4900"
    spec = InputSpec(name="cash", label="Cash", type="money")
    assert convert_inputs([spec], {"cash": "4 900"})["cash"] == Decimal("4900")


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("1e-999999", "not a number: write it out in full, without an exponent"),
        ("4,9OO", "not a number"),
    ],
)
def test_a_price_that_is_no_number_is_refused_by_path(price, message):
    with pytest.raises(DocumentError) as caught:
        validate_section("offer", offer(price))
    assert caught.value.by_path() == {"offer.options[0].price": message}


def test_a_sample_figure_past_the_limit_is_too_large():
    spec = InputSpec(name="revenue", label="Revenue", type="number")
    with pytest.raises(InputsError) as caught:
        convert_inputs([spec], {"revenue": "1" + "0" * 16})
    assert caught.value.errors[0].message == "is too large"


def test_a_german_price_is_stored_as_a_plain_decimal(northwind):
    document = {**northwind, "locale": "de-DE"}
    document["offer"]["options"][0]["price"] = "4.900,50"
    validated = validate_document(document)
    assert validated.offer.options[0].price == "4900.50"


def test_a_document_s_price_is_refused_by_path_with_how_its_locale_reads_it(northwind):
    document = {**northwind, "locale": "de-DE"}
    document["offer"]["options"][0]["price"] = "1,500"
    with pytest.raises(DocumentError) as caught:
        validate_document(document)
    assert caught.value.by_path() == {
        "offer.options[0].price": "ambiguous: in de-DE this reads as 1.5; write 1500 or 1,50"
    }


def test_a_wizard_section_reads_prices_in_the_locale_it_is_given():
    stored = validate_section("offer", offer("4.900,50"), locale="de-DE")
    assert stored["offer"]["options"][0]["price"] == "4900.50"
    with pytest.raises(DocumentError):
        validate_section("offer", offer("4.900,50"), locale="en-US")


def test_a_pasted_swedish_table_reads_in_swedish():
    columns = [Column(name="month", type="text"), Column(name="revenue", type="money")]
    spec = InputSpec(name="months", label="Months", type="table", columns=columns)
    rows = rows_from_csv("month;revenue\n2026-01;412 000,50\n2026-02;−3 000", columns)
    values = convert_inputs([spec], {"months": rows}, locale="sv-SE")["months"]
    assert [row["revenue"] for row in values] == [Decimal("412000.50"), Decimal("-3000")]


def test_a_table_cell_a_locale_could_read_two_ways_is_refused_by_row():
    columns = [Column(name="month", type="text"), Column(name="revenue", type="money")]
    spec = InputSpec(name="months", label="Months", type="table", columns=columns)
    with pytest.raises(InputsError) as caught:
        convert_inputs([spec], {"months": [{"month": "Jan", "revenue": "1,500"}]}, "de-DE")
    assert caught.value.errors[0].message == (
        "row 1, revenue: ambiguous: in de-DE this reads as 1.5; write 1500 or 1,50"
    )
