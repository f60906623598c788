"""A proposal's locale: chosen in the wizard or defaulted from the firm, then the app; it
sets how prices are read and how money and dates are written to the client."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

from proposals import db
from proposals.document import Limits, validate_document
from proposals.firm import locale_for, print_settings, profile
from proposals.followup import drafts, ics
from proposals.followup.schedule import Plan
from tests.test_followup import with_pdf
from tests.wizard_driver import Wizard, flatten, people_form, sample_form


def field_error(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', html)
    return unescape(match.group(1)) if match else None


def select_of(html: str, field_id: str) -> str:
    start = html.index(f'id="{field_id}"')
    return html[start : html.index("</select>", start)]


def selected(html: str, field_id: str) -> str | None:
    match = re.search(r'<option selected value="([^"]*)"', select_of(html, field_id))
    return match.group(1) if match else None


def offer_form(price: str, currency: str = "GBP") -> dict:
    option = {"name": "Monthly runway", "price": price, "currency": currency}
    return flatten({"offer": {"options": [option]}})


def set_firm_locale(session, tag: str) -> None:
    profile(session).locale = tag
    session.commit()


def test_the_first_step_offers_the_locale_with_common_ones_first(client):
    html = Wizard(client).get("people").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="([^"]*)"', select_of(html, "locale"))
    assert options[:4] == ["", "en-US", "en-GB", "en-IE"]
    assert "German (Switzerland) · Deutsch (Schweiz)" in html
    assert "The firm's default: English (United States)" in unescape(html)


def test_a_chosen_locale_is_stored_and_offer_prices_are_read_in_it(client, session, northwind):
    wizard = Wizard(client)
    assert wizard.post("people", people_form({**northwind, "locale": "de-DE"})).status_code == 302
    assert wizard.post("offer", offer_form("4.900,50")).status_code == 302
    document = wizard.proposal(session).document
    assert document["locale"] == "de-DE"
    assert document["offer"]["options"][0]["price"] == "4900.50"


def test_an_ambiguous_price_is_refused_next_to_the_field_and_kept(client, session, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form({**northwind, "locale": "de-DE"}))
    response = wizard.post("offer", offer_form("1,500"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "offer-options-0-price") == (
        "ambiguous: in de-DE this reads as 1.5; write 1500 or 1,50"
    )
    assert 'value="1,500"' in html


def test_the_firm_s_locale_reads_the_prices_of_a_proposal_that_names_none(
    client, session, northwind
):
    set_firm_locale(session, "sv-SE")
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    assert wizard.post("offer", offer_form("4 900,50")).status_code == 302
    assert wizard.proposal(session).document["offer"]["options"][0]["price"] == "4900.50"
    html = wizard.get("people").get_data(as_text=True)
    assert "The firm's default: Swedish (Sweden) · svenska (Sverige)" in unescape(html)


def test_offer_currencies_start_at_the_proposal_s_currency(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form({**northwind, "currency": "SEK"}))
    html = wizard.get("offer").get_data(as_text=True)
    assert selected(html, "offer-options-0-currency") == "SEK"


def test_an_empty_offer_currency_is_required_and_stays_empty(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    html = wizard.post("offer", offer_form("450", "")).get_data(as_text=True)
    assert field_error(html, "offer-options-0-currency") == "required"
    assert selected(html, "offer-options-0-currency") in (None, "")


def test_a_currency_typed_before_the_select_is_kept_and_explained(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    html = wizard.post("offer", offer_form("450", "kronor")).get_data(as_text=True)
    assert "kronor (not in the list)" in html
    assert field_error(html, "offer-options-0-currency") == (
        "not an ISO 4217 currency code (like GBP or USD)"
    )


def test_a_long_title_is_refused_with_a_counter_and_never_cut(client, northwind):
    wizard = Wizard(client)
    typed = "Getting through February " * 22  # 550 characters
    html = wizard.post("people", people_form({**northwind, "title": typed})).get_data(as_text=True)
    assert field_error(html, "title") == f"at most {Limits.TITLE} characters"
    assert typed.strip() in html
    assert f'data-limit="{Limits.TITLE}"' in html and "maxlength" not in html
    assert "web/counter.js" in html


def test_the_firm_profile_keeps_a_default_locale(client, session):
    form = {"name": "Whitfield", "address": "", "brand_colour": "#336699", "page_size": "A4"}
    response = client.post("/firm", data={**form, "locale": "de-CH"})
    assert response.status_code == 302
    assert print_settings(session)["locale"] == "de-CH"
    html = client.get("/firm").get_data(as_text=True)
    assert selected(html, "locale") == "de-CH"


def test_an_unknown_firm_locale_is_refused_next_to_the_field(client, session):
    form = {"name": "Whitfield", "address": "", "brand_colour": "#336699", "page_size": "A4"}
    html = client.post("/firm", data={**form, "locale": "xx-YY"}).get_data(as_text=True)
    assert field_error(html, "locale") == "unknown locale 'xx-YY'"
    assert print_settings(session)["locale"] == "en-US"


def test_the_app_default_locale_comes_from_the_configuration(app, session):
    app.config["DEFAULT_LOCALE"] = "fr-FR"
    with app.app_context():
        assert locale_for(db.session(), {}) == "fr-FR"
        assert locale_for(db.session(), {"locale": "sv-SE"}) == "sv-SE"


def test_the_drafts_and_the_calendar_write_dates_in_the_proposal_s_locale(session, northwind):
    document = validate_document({**northwind, "locale": "de-DE"})
    plan = Plan(on=date(2026, 12, 2), about="the café terms")
    note = drafts.follow_up_note(document, plan, "de-DE")
    assert "When we met on 18. November" in note
    email = drafts.cover_email(document, plan, locale="de-DE")
    assert "I will come back to you on 2. Dezember" in email
    proposal = with_pdf(session, {**northwind, "locale": "de-DE"})
    proposal.sent_on = date(2026, 12, 1)
    calendar = ics.calendar_file(proposal, plan, locale="de-DE").decode()
    assert "Sent on 1. Dezember 2026." in calendar.replace("\r\n ", "")


def test_the_examples_drafts_keep_english_dates(northwind):
    document = validate_document(northwind)
    note = drafts.follow_up_note(document, Plan(on=date(2026, 12, 2), about="the terms"))
    assert "When we met on November 18" in note


def test_a_german_sample_input_is_read_and_worked_out_in_german(client, session, northwind):
    wizard = Wizard(client)
    wizard.complete({**northwind, "locale": "de-DE"})
    german = json.loads(json.dumps(northwind))
    german["sample"]["inputs"]["cash_on_hand"] = "18.500,00"
    german["sample"]["inputs"]["months"][0]["revenue"] = "46.200,50"
    assert wizard.post("sample", sample_form(german), action="work").status_code == 302
    inputs = wizard.proposal(session).document["sample"]["inputs"]
    assert inputs["cash_on_hand"] == "18.500,00"  # kept as typed, read in the locale
    html = unescape(wizard.get("sample").get_data(as_text=True))
    assert "18.500,00\u00a0£" in html and "46.200,50\u00a0£" in html
    assert "Dezember 2025" in html


def test_an_ambiguous_sample_input_is_refused_with_its_reading(client, session, northwind):
    wizard = Wizard(client)
    wizard.complete({**northwind, "locale": "de-DE"})
    german = json.loads(json.dumps(northwind))
    german["sample"]["inputs"]["cash_on_hand"] = "18,500"
    html = unescape(wizard.post("sample", sample_form(german), action="work").get_data(True))
    assert "ambiguous: in de-DE this reads as 18.5; write 18500 or 18,50" in html
