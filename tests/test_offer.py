"""The offer's units, tax and add-ons: totals to the cent, bad input by path in the CLI and
next to the field in the wizard, and a round trip through the wizard's offer step."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from click.testing import CliRunner

from proposals.cli import main
from proposals.document import Option, validate_document
from proposals.offer_totals import default_tax_label, option_totals
from tests.conftest import NORTHWIND, load_example
from tests.wizard_driver import STEP_FORMS, Wizard, flatten

D = Decimal


def option(price, currency="GBP", tax=None, add_ons=()) -> Option:
    data = {"name": "Option", "price": price, "currency": currency, "add_ons": list(add_ons)}
    if tax:
        data["tax"] = {"rate": tax[0], "included": tax[1]}
    return Option.model_validate(data)


def extra(price, name="Extra") -> dict:
    return {"name": name, "price": price}


# --- totals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "tax", "net", "gross"),
    [
        ("4900", ("25", False), "4900.00", "6125.00"),  # Swedish moms added
        ("120.00", ("20", True), "100.00", "120.00"),  # British VAT inside the price
        ("99.99", ("25", False), "99.99", "124.99"),  # 124.9875 rounds half up
        ("100", ("8.1", True), "92.51", "100.00"),  # Swiss MWST with a decimal rate
        ("450", None, "450.00", "450.00"),  # no tax said: one figure
    ],
)
def test_an_option_is_priced_with_and_without_tax_to_the_cent(price, tax, net, gross):
    totals = option_totals(option(price, tax=tax))
    assert (totals.price.net, totals.price.gross) == (D(net), D(gross))
    assert totals.taxed == (tax is not None)


def test_totals_with_each_add_on_and_with_all_of_them():
    totals = option_totals(
        option("450.00", tax=("25", False), add_ons=[extra("150"), extra("99.99")])
    )
    first, second = totals.add_ons
    assert (first.price.net, first.price.gross) == (D("150.00"), D("187.50"))
    assert (first.total.net, first.total.gross) == (D("600.00"), D("750.00"))
    assert (second.total.net, second.total.gross) == (D("549.99"), D("687.49"))
    # Tax on the whole, not the sum of rounded parts: 699.99 * 1.25 = 874.9875.
    assert (totals.with_all.net, totals.with_all.gross) == (D("699.99"), D("874.99"))
    assert totals.with_all.tax == D("175.00")


def test_tax_included_totals_take_the_tax_out_of_the_sum():
    totals = option_totals(option("120", tax=("20", True), add_ons=[extra("40")]))
    assert (totals.with_all.net, totals.with_all.gross) == (D("133.33"), D("160.00"))


def test_a_currency_without_decimals_is_rounded_to_whole_units():
    totals = option_totals(option("12345", "JPY", tax=("10", False), add_ons=[extra("55")]))
    assert totals.price.gross == D("13580")  # 13579.5 rounds up
    assert totals.with_all.gross == D("13640")


def test_without_add_ons_there_is_no_total_with_extras():
    assert option_totals(option("450")).with_all is None


@pytest.mark.parametrize(
    ("locale", "label"),
    [
        ("en-GB", "VAT"),
        ("en-IE", "VAT"),
        ("de-DE", "MwSt."),
        ("de-CH", "MWST"),
        ("de-AT", "USt."),
        ("fr-FR", "TVA"),
        ("fr-CH", "TVA"),
        ("es-ES", "IVA"),
        ("nl-NL", "btw"),
        ("sv-SE", "moms"),
        ("en-AU", "GST"),
        ("en-NZ", "GST"),
        ("en-CA", "GST/HST"),
        ("en-US", "sales tax"),
        ("de-LU", "MwSt."),  # the language's usual name where the country has none here
        ("en", "tax"),
        (None, "sales tax"),  # no locale: the app default, en-US
    ],
)
def test_the_tax_label_defaults_to_the_one_used_where_the_proposal_is_read(locale, label):
    assert default_tax_label(locale) == label


# --- bad input in a file ------------------------------------------------------------------


@pytest.fixture
def render(tmp_path, monkeypatch):
    """Run `proposals render` on a document; returns (result, output path)."""
    monkeypatch.setenv("PROPOSALS_INSTANCE_PATH", str(tmp_path / "instance"))

    def run(document: dict):
        source = tmp_path / "proposal.json"
        source.write_text(json.dumps(document), encoding="utf-8")
        output = tmp_path / "proposal.pdf"
        result = CliRunner().invoke(main, ["render", str(source), "-o", str(output)])
        return result, output

    return run


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tax": {"rate": "125", "included": False}}, "offer.options[1].tax.rate: a percentage"),
        ({"tax": {"rate": "abc"}}, "offer.options[1].tax.rate: a percentage from 0 to 100"),
        ({"unit": "fortnight"}, "offer.options[1].unit:"),
        ({"add_ons": [{"name": "Extra", "price": "lots"}]}, "add_ons[0].price: not a number"),
        ({"add_ons": [{"price": "10"}]}, "offer.options[1].add_ons[0].name: required"),
    ],
)
def test_a_bad_offer_field_exits_2_naming_it_and_writes_nothing(render, change, message):
    document = load_example(NORTHWIND)
    document["offer"]["options"][1].update(change)
    result, output = render(document)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not output.exists()


def test_the_examples_stay_valid_without_units_tax_or_add_ons(example):
    document = validate_document(example)
    assert all(option.tax is None and not option.add_ons for option in document.offer.options)


# --- the wizard's offer step -----------------------------------------------------------------


def field_error(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', html)
    return unescape(match.group(1)) if match else None


def value_of(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


def ticked(html: str, field_id: str) -> bool:
    tag = re.search(rf'<input[^>]*id="{re.escape(field_id)}"[^>]*>', html)
    assert tag, f"no {field_id}"
    return " checked" in tag.group(0)


def taxed_offer(northwind: dict) -> dict:
    offer = json.loads(json.dumps(northwind["offer"]))
    offer["tax_label"] = "VAT"
    first, second = offer["options"][:2]
    first.update(unit="one-off", tax={"rate": "25", "included": False})
    first["add_ons"] = [
        {"name": "Third session", "description": "In March", "price": "150.00"},
        {"name": "Board summary", "price": "99.99"},
    ]
    second.update(unit="month", tax={"rate": "20", "included": True})
    return offer


def test_the_offer_step_stores_units_tax_and_add_ons(client, session, northwind):
    wizard = Wizard(client)
    offer = taxed_offer(northwind)
    response = wizard.post("offer", STEP_FORMS["offer"]({"offer": offer}))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    stored = wizard.proposal(session).document["offer"]
    assert stored == offer
    # Shown again, the extras come back with a spare row, and nothing is ticked by itself.
    html = wizard.get("offer").get_data(as_text=True)
    assert value_of(html, "offer-options-0-add_ons-1-name") == "Board summary"
    assert value_of(html, "offer-options-0-add_ons-2-name") == ""
    assert [ticked(html, f"offer-options-{n}-tax-included") for n in range(3)] == [
        False,
        True,
        False,
    ]


def test_untouched_tax_and_extras_rows_store_nothing(client, session, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["offer"](northwind)
    # What a browser posts for the spare rows and an empty fourth option.
    form.update(
        {
            "offer-options-0-tax-rate": "",
            "offer-options-0-add_ons-0-name": "",
            "offer-options-0-add_ons-0-price": "",
            "offer-options-3-name": "",
            "offer-options-3-unit": "",
            "offer-options-3-tax-rate": "",
        }
    )
    assert wizard.post("offer", form).status_code == 302
    assert wizard.proposal(session).document["offer"] == northwind["offer"]


def test_a_bad_add_on_price_is_named_with_its_option_and_everything_typed_stays(
    client, session, northwind
):
    wizard = Wizard(client)
    offer = taxed_offer(northwind)
    offer["options"][1]["add_ons"] = [{"name": "Weekly call", "price": "forty"}]
    offer["options"][2]["tax"] = {"rate": "250", "included": True}
    response = wizard.post("offer", flatten({"offer": offer}))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "offer-options-1-add_ons-0-price") == "not a number"
    assert field_error(html, "offer-options-2-tax-rate") == "a percentage from 0 to 100"
    assert "Option 2 — add-on 1 — price: not a number" in unescape(html)
    assert "Option 3 — tax rate: a percentage from 0 to 100" in unescape(html)
    assert value_of(html, "offer-options-1-add_ons-0-name") == "Weekly call"
    assert value_of(html, "offer-options-1-add_ons-0-price") == "forty"
    assert value_of(html, "offer-options-0-add_ons-0-description") == "In March"
    assert value_of(html, "offer-options-2-tax-rate") == "250"
    assert ticked(html, "offer-options-2-tax-included")
    assert re.search(r'<option selected value="month">', html)
    draft = wizard.proposal(session).step_drafts["offer"]
    assert draft["offer"]["options"][1]["add_ons"][0]["price"] == "forty"


def test_the_name_of_the_tax_is_prefilled_from_the_proposals_locale(client, session, northwind):
    wizard = Wizard(client)
    proposal = wizard.proposal(session)
    proposal.document = {**proposal.document, "locale": "sv-SE"}
    session.commit()
    assert value_of(wizard.get("offer").get_data(as_text=True), "offer-tax_label") == "moms"
    # A label the consultant typed is theirs.
    offer = {**northwind["offer"], "tax_label": "mervärdesskatt"}
    wizard.post("offer", STEP_FORMS["offer"]({"offer": offer}))
    html = wizard.get("offer").get_data(as_text=True)
    assert value_of(html, "offer-tax_label") == "mervärdesskatt"


def test_includes_tax_ticked_without_a_rate_asks_for_the_rate(client, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["offer"](northwind)
    form["offer-options-0-tax-included"] = "y"
    response = wizard.post("offer", form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "offer-options-0-tax-rate") == "a percentage from 0 to 100"
    assert ticked(html, "offer-options-0-tax-included")
