"""Your profile: details checked like the document's consultant, and written on every new
proposal; a firm typed other than the firm profile's is shown alone on the PDF."""

from __future__ import annotations

import pytest

from proposals import operations
from proposals.document import Limits, validate_document
from proposals.models import User
from tests.conftest import DANA, SAM, pdf_text
from tests.wizard_driver import PROSPECT

DETAILS = {
    "name": "Dana Whitfield",
    "job_title": "Partner, tax advisory",
    "email": DANA,
    "phone": "+44 20 7946 0000",
}


def save_firm(client, name: str = "Whitfield & Co.", address: str = "1 High Street, Bath"):
    data = {"name": name, "address": address, "brand_colour": "#336699", "page_size": "A4"}
    response = client.post("/firm", data=data, content_type="multipart/form-data")
    assert response.status_code == 302


def test_the_profile_page_holds_your_details_and_the_password_link(client):
    html = client.get("/account").get_data(as_text=True)
    assert "Your profile" in html
    assert 'value="Dana Whitfield"' in html and f'value="{DANA}"' in html
    assert 'href="/account/password"' in html


def test_saved_details_are_stored_on_the_user(client, session):
    response = client.post("/account", data=DETAILS)
    assert response.status_code == 302
    user = session.get(User, 1)
    assert (user.job_title, user.phone) == ("Partner, tax advisory", "+44 20 7946 0000")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "dana-at-whitfield", "not an e-mail address"),
        ("email", "", "required"),
        ("name", "   ", "required"),
        ("phone", "1" * (Limits.SHORT + 1), f"at most {Limits.SHORT} characters"),
        ("email", SAM, "someone already signs in with this address"),
    ],
)
def test_a_refused_detail_is_named_next_to_its_field_and_the_rest_kept(
    client, session, field, value, message
):
    response = client.post("/account", data={**DETAILS, field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert 'value="Partner, tax advisory"' in html or field == "job_title"
    session.expire_all()
    assert session.get(User, 1).phone == ""  # nothing was half saved


def test_a_new_proposal_starts_with_your_details_and_the_firm(client):
    save_firm(client)
    client.post("/account", data=DETAILS)
    response = client.post("/proposals/new", data=PROSPECT)
    html = client.get(response.location).get_data(as_text=True)
    for shown in ("Dana Whitfield", DANA, "+44 20 7946 0000", "Whitfield &amp; Co.", "A. Person"):
        assert f'value="{shown}"' in html, shown
    assert "error-summary" not in html  # nothing typed yet, so nothing to complain about


def test_the_people_step_says_when_the_typed_firm_is_not_the_profile_s(client):
    save_firm(client)
    response = client.post("/proposals/new", data=PROSPECT)
    step = response.location
    assert "shows this name alone" not in client.get(step).get_data(as_text=True)
    client.post(step, data={"consultant-firm": "Okoro Consulting", "action": "back"})
    html = client.get(step).get_data(as_text=True)
    assert "“Whitfield &amp; Co.”: the PDF shows this name alone" in html
    assert "shows this name alone" in html


@pytest.mark.parametrize(
    ("typed", "address_shown"), [("Whitfield & Co.", True), ("Okoro Consulting", False)]
)
def test_the_pdf_shows_another_typed_firm_without_the_profile_s_address(
    client, session, northwind, typed, address_shown
):
    save_firm(client)
    document = {**northwind, "consultant": {**northwind["consultant"], "firm": typed}}
    proposal = operations.import_document(session, validate_document(document), owner_id=1)
    text = pdf_text(operations.generate_pdf(session, proposal).pdf)
    assert typed in text
    assert ("1 High Street, Bath" in text) is address_shown
    assert ("Whitfield & Co." in text) is address_shown


def test_the_page_title_is_plain_text_and_the_tokens_section_shows_once(client):
    html = client.get("/account").get_data(as_text=True)
    assert "<title>Your profile · Proposals</title>" in html
    assert html.count('id="api-tokens"') == 1
