"""One decimal parser: what a person types as an amount reads the same in every field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from proposals.document import DocumentError, validate_section
from proposals.library.inputs import InputsError, convert_inputs
from proposals.library.spec import InputSpec
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


@pytest.mark.parametrize(
    "typed", ["", "abc", "1e-999999", "1E5", "NaN", "Infinity", "١٢", True, None]
)
def test_what_is_not_an_amount_is_refused(typed):
    with pytest.raises(NumberProblem, match="not a number"):
        parse_decimal(typed)


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


@pytest.mark.parametrize("price", ["1e-999999", "4,9OO"])
def test_a_price_that_is_no_number_is_refused_by_path(price):
    with pytest.raises(DocumentError) as caught:
        validate_section("offer", offer(price))
    assert caught.value.by_path() == {"offer.options[0].price": "not a number"}


def test_a_sample_figure_past_the_limit_is_too_large():
    spec = InputSpec(name="revenue", label="Revenue", type="number")
    with pytest.raises(InputsError) as caught:
        convert_inputs([spec], {"revenue": "1" + "0" * 16})
    assert caught.value.errors[0].message == "is too large"
