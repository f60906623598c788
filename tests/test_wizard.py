"""The wizard, walked through the test client: saving, errors next to fields, lists, review."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

import pytest

from proposals import operations
from proposals.models import PdfVersion
from tests import databases
from tests.conftest import pdf_text, squash
from tests.wizard_driver import PROSPECT, STEP_FORMS, Wizard, people_form, sample_form


def field_error(html: str, field_id: str) -> str | None:
    """The error message shown right after the field with this id, if any."""
    match = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', html)
    return match.group(1) if match else None


def value_of(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


# --- the whole path --------------------------------------------------------------------


def test_walking_the_wizard_stores_the_example_document(client, session, example):
    wizard = Wizard(client)
    wizard.complete(example)
    proposal = wizard.proposal(session)
    assert proposal.document == example
    assert proposal.step_drafts == {}
    assert proposal.sample_revision_id is not None
    assert proposal.prospect == example["prospect"]["organisation"]


def test_review_shows_the_proposal_in_order_and_generates_a_pdf(client, session, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    html = wizard.get("review").get_data(as_text=True)
    preview = html[html.index('<article class="preview">') :]
    headings = [unescape(text) for text in re.findall(r"<h1>([^<]*)</h1>", preview)]
    assert headings == [
        "What we heard",
        "Worked sample: Cash runway",
        "Who else could help",
        "If you'd like our help",
        "Next steps",
    ]
    assert "I never see it coming" in preview
    assert "worried the bank will call" not in html  # private notes stay private
    assert preview.count('class="edit"') == 6  # an edit link for each section

    response = client.post(f"/proposals/{wizard.id}/generate")
    assert response.status_code == 302
    assert response.location == f"/proposals/{wizard.id}"
    version = session.query(PdfVersion).filter_by(proposal_id=wizard.id).one()
    assert version.number == 1
    assert version.document == northwind
    text = squash(pdf_text(version.pdf))
    assert squash("We run out of cash every February") in text
    assert squash("worried the bank will call") not in text


def test_sample_figures_default_to_the_configured_currency(client, app, northwind):
    app.config["DEFAULT_CURRENCY"] = "EUR"
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    wizard.post("sample", sample_form(northwind), action="work")
    assert "€6,000.00" in wizard.get("sample").get_data(as_text=True)


def test_sample_step_shows_the_worked_result_before_moving_on(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form({**northwind, "currency": "GBP"}))
    wizard.choose_sample("cash-runway")
    response = wizard.post("sample", sample_form(northwind), action="work")
    assert response.status_code == 302
    assert response.location.endswith("/step/sample#result")
    html = wizard.get("sample").get_data(as_text=True)
    assert 'id="result"' in html
    assert "£6,000.00" in html  # the low point, in the currency chosen on the first step
    assert f"/proposals/{wizard.id}/step/help" in html  # the way on


# --- nothing typed is lost ---------------------------------------------------------------


def test_invalid_step_shows_errors_next_to_fields_and_keeps_everything(client, session, northwind):
    wizard = Wizard(client)
    form = people_form(northwind)
    form["prospect-organisation"] = ""
    form["consultant-email"] = "dana at whitfield"
    response = wizard.post("people", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "prospect-organisation") == "required"
    assert field_error(html, "consultant-email") == "not an e-mail address"
    assert value_of(html, "prospect-contact_name") == "Priya Raman"
    assert value_of(html, "consultant-email") == "dana at whitfield"
    draft = wizard.proposal(session).step_drafts["people"]
    assert draft["prospect"]["contact_name"] == "Priya Raman"

    # Leaving and coming back shows the same draft and the same errors.
    html = wizard.get("people").get_data(as_text=True)
    assert value_of(html, "consultant-email") == "dana at whitfield"
    assert field_error(html, "prospect-organisation") == "required"


def test_going_back_saves_the_step_first(client, session, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    response = wizard.post("heard", STEP_FORMS["heard"](northwind), action="back")
    assert response.status_code == 302
    assert response.location.endswith("/step/people")
    assert wizard.proposal(session).document["listening"] == northwind["listening"]


def test_going_back_from_an_invalid_step_keeps_it_as_a_draft(client, session):
    wizard = Wizard(client)
    response = wizard.post("heard", {"listening-their_words-0": "Only a quote"}, action="back")
    assert response.status_code == 302
    proposal = wizard.proposal(session)
    assert proposal.step_drafts["listening"]["listening"]["their_words"] == ["Only a quote"]
    nav = wizard.get("people").get_data(as_text=True)
    assert re.search(r'<li class="attention">\s*<a href="[^"]*/step/heard"', nav)


def test_progress_marks_completed_steps(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    html = wizard.get("heard").get_data(as_text=True)
    assert re.search(r'<li class="complete">\s*<a href="[^"]*/step/people"', html)
    assert re.search(r'<li class="todo current">\s*<a href="[^"]*/step/heard"', html)


# --- lists without JavaScript --------------------------------------------------------------


def test_add_another_quote_saves_and_shows_one_more_field(client, session, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["heard"](northwind)
    response = wizard.post("heard", form, action="add:listening.their_words")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="listening-their_words-3"' in html  # three quotes typed, one empty field added
    stored = wizard.proposal(session).document["listening"]["their_words"]
    assert stored == northwind["listening"]["their_words"]


def test_remove_a_quote(client, session, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["heard"](northwind)
    response = wizard.post("heard", form, action="remove:listening.their_words:0")
    html = response.get_data(as_text=True)
    assert "We run out of cash every February" not in html
    assert "forty-page report" in html
    wizard.post("heard", {**form, "listening-their_words-0": ""}, action="next")
    assert "We run out of cash" not in str(wizard.proposal(session).document["listening"])


def test_offer_options_are_limited_to_four(client, session, northwind):
    wizard = Wizard(client)
    offer = {**northwind["offer"], "options": northwind["offer"]["options"][:2] * 2}
    response = wizard.post(
        "offer", STEP_FORMS["offer"]({"offer": offer}), action="add:offer.options"
    )
    assert "Add an option" not in response.get_data(as_text=True)
    # A crafted request with six options keeps only the first four.
    offer["options"] = offer["options"] + offer["options"][:2]
    wizard.post("offer", STEP_FORMS["offer"]({"offer": offer}))
    assert len(wizard.proposal(session).document["offer"]["options"]) == 4


def test_bad_price_is_named_next_to_the_price(client, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["offer"](northwind)
    form["offer-options-1-price"] = "abc"
    html = wizard.post("offer", form).get_data(as_text=True)
    assert field_error(html, "offer-options-1-price") == "not a number"
    assert value_of(html, "offer-options-0-price") == "450.00"
    assert value_of(html, "offer-options-1-price") == "abc"


# --- the sample step ---------------------------------------------------------------------


def test_table_cell_errors_name_the_row_and_column(client, northwind):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    form = sample_form(northwind)
    form["inputs-months-2-revenue"] = "lots"
    response = wizard.post("sample", form, action="work")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "row 3, revenue: not a number" in html
    assert 'value="lots"' in html
    assert 'value="46200"' in html  # the other rows are kept


def test_pasted_csv_fills_the_table(client, session, northwind):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    csv_text = "month,revenue,costs\n2026-01,29800,37100\n2026-02,27400,36800\n"
    form = {
        "mode": "library",
        "sample_id": "cash-runway",
        "shown_sample_id": "cash-runway",
        "inputs-cash_on_hand": "18500.00",
        "inputs-months__csv": csv_text,
    }
    response = wizard.post("sample", form, action="work")
    assert response.status_code == 302
    stored = wizard.proposal(session).document["sample"]["inputs"]["months"]
    assert stored == [
        {"month": "2026-01", "revenue": "29800", "costs": "37100"},
        {"month": "2026-02", "revenue": "27400", "costs": "36800"},
    ]


def test_uploaded_csv_fills_the_table(client, session):
    import io

    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    upload = io.BytesIO("\ufeffMonth,Revenue,Costs\r\n2026-03,33900,37000\r\n".encode())
    form = {
        "mode": "library",
        "sample_id": "cash-runway",
        "shown_sample_id": "cash-runway",
        "inputs-cash_on_hand": "18500.00",
        "inputs-months__file": (upload, "months.csv"),
    }
    response = client.post(
        wizard.url("sample"), data={**form, "action": "work"}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    stored = wizard.proposal(session).document["sample"]["inputs"]["months"]
    assert stored == [{"month": "2026-03", "revenue": "33900", "costs": "37000"}]


def test_pasted_csv_with_wrong_columns_says_which(client, session):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    form = {
        "mode": "library",
        "sample_id": "cash-runway",
        "shown_sample_id": "cash-runway",
        "inputs-cash_on_hand": "100",
        "inputs-months__csv": "month,income\n2026-01,5\n",
    }
    response = wizard.post("sample", form, action="work")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "missing column" in html and "revenue" in html
    assert "month,income" in html  # what was pasted is still there to fix


def test_add_a_table_row(client, northwind):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    response = wizard.post("sample", sample_form(northwind), action="add:inputs.months")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="inputs-months-12-revenue"' in html  # twelve months typed, a thirteenth row added


def test_choosing_a_sample_shows_its_inputs(client):
    wizard = Wizard(client)
    response = wizard.choose_sample("backup-gap")
    assert response.status_code == 302
    html = wizard.get("sample").get_data(as_text=True)
    assert 'id="inputs-downtime_cost_per_hour"' in html
    assert 'id="inputs-systems-0-restore_tested"' in html


def test_example_figures_fill_the_inputs(client, session):
    wizard = Wizard(client)
    wizard.post("sample", {"mode": "library", "sample_id": "backup-gap"}, action="example")
    inputs = wizard.proposal(session).step_drafts.get("sample") or {}
    document_inputs = wizard.proposal(session).document.get("sample", {}).get("inputs")
    assert (document_inputs or inputs.get("sample", {}).get("inputs"))["systems"]


def test_inline_sample(client, session):
    wizard = Wizard(client)
    wizard.post("sample", {"mode": "library"}, action="mode:inline")
    form = {
        "mode": "inline",
        "title": "Your contract, clause 7",
        "body": "| Risk | Level |\n|---|---|\n| Renewal | High |",
        "commentary": "Clause 7 renews itself.",
    }
    assert wizard.post("sample", form, action="work").status_code == 302
    sample = wizard.proposal(session).document["sample"]
    assert sample == {
        "title": "Your contract, clause 7",
        "body": form["body"],
        "commentary": form["commentary"],
    }
    assert "<table>" in wizard.get("sample").get_data(as_text=True)


# --- review and generation ------------------------------------------------------------------


def test_review_of_an_incomplete_proposal_lists_what_is_missing(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    html = wizard.get("review").get_data(as_text=True)
    assert "Still missing before a PDF can be made" in html
    assert f"/proposals/{wizard.id}/step/offer" in html
    assert "Generate PDF" not in html
    assert client.post(f"/proposals/{wizard.id}/generate").status_code == 422


def test_review_gives_advice_for_what_a_careful_consultant_would_add(client, northwind):
    document = {**northwind, "follow_up": None}
    document["listening"] = {**northwind["listening"], "their_words": []}
    wizard = Wizard(client)
    wizard.complete(document)
    html = wizard.get("review").get_data(as_text=True)
    assert "No quotes in their own words yet" in html
    assert "No follow-up date" in html


def test_a_failed_render_leaves_the_draft_intact(client, session, northwind, monkeypatch):
    from proposals import operations
    from proposals.render import RenderError

    def fail(*args, **kwargs):
        raise RenderError("the PDF could not be laid out: out of paper")

    wizard = Wizard(client)
    wizard.complete(northwind)
    from proposals import pdfs

    monkeypatch.setattr(operations, "run_job", fail)
    monkeypatch.setattr(pdfs, "run_job", fail)
    response = client.post(f"/proposals/{wizard.id}/generate")
    assert response.status_code == 422
    assert "out of paper" in response.get_data(as_text=True)
    proposal = wizard.proposal(session)
    assert proposal.document == northwind
    assert proposal.versions == []


@pytest.mark.parametrize("slug", ["people", "heard", "sample", "help", "offer", "next", "review"])
def test_every_step_of_a_new_proposal_opens(client, slug):
    wizard = Wizard(client)
    assert wizard.get(slug).status_code == 200


def test_unknown_step_or_proposal_is_a_404(client):
    wizard = Wizard(client)
    assert wizard.get("payment").status_code == 404
    assert client.get("/proposals/999/step/people").status_code == 404


# --- accessibility and flow details found in a real browser -------------------------------


def test_fields_are_not_marked_invalid_before_anything_is_wrong(client, northwind):
    wizard = Wizard(client)
    html = wizard.get("people").get_data(as_text=True)
    assert '="None"' not in html
    assert "aria-invalid" not in html
    form = people_form(northwind)
    form["prospect-organisation"] = ""
    html = wizard.post("people", form).get_data(as_text=True)
    assert re.search(
        r'aria-describedby="prospect-organisation-error"[^>]*aria-invalid="true"', html
    ) or re.search(r'aria-invalid="true"[^>]*id="prospect-organisation"', html)


def test_choosing_a_sample_does_not_greet_you_with_errors(client):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    html = wizard.get("sample").get_data(as_text=True)
    assert "error-summary" not in html
    assert 'id="inputs-cash_on_hand"' in html


def test_the_cursor_lands_in_the_entry_just_added(client, northwind):
    wizard = Wizard(client)
    html = wizard.post(
        "heard", STEP_FORMS["heard"](northwind), action="add:listening.goals"
    ).get_data(as_text=True)
    assert re.search(
        r'<input[^>]*autofocus[^>]*id="listening-goals-3"|<input[^>]*id="listening-goals-3"[^>]*autofocus',
        html,
    )


def test_table_rows_are_labelled_by_their_own_row(client, northwind):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    wizard.post("sample", sample_form(northwind), action="work")
    html = wizard.get("sample").get_data(as_text=True)
    assert 'aria-label="Revenue, row 11"' in html


# --- two tabs -------------------------------------------------------------------------------


def test_a_save_from_an_out_of_date_tab_shows_both_versions(client, session, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    opened_at = operations.section_version(wizard.proposal(session), "people")  # both tabs
    first_tab = {**people_form(northwind), "title": "Cash to spare in February"}
    second_tab = {**people_form(northwind), "title": "Through the winter without the overdraft"}
    assert wizard.post("people", {**first_tab, "edit_version": opened_at}).status_code == 302

    response = wizard.post("people", {**second_tab, "edit_version": opened_at})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Cash to spare in February" in html  # what is saved
    assert "Through the winter without the overdraft" in html  # what this tab sent
    assert wizard.proposal(session).document["title"] == "Cash to spare in February"

    # Choosing "keep what I just sent" re-sends it with the current version.
    current = operations.section_version(wizard.proposal(session), "people")
    assert f'name="edit_version" value="{current}"' in html
    assert wizard.post("people", {**second_tab, "edit_version": current}).status_code == 302
    assert wizard.proposal(session).document["title"] == "Through the winter without the overdraft"


def test_every_step_form_carries_its_own_edit_version(client, session, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    wizard.post("people", people_form(northwind))  # people saved twice, the others never
    for slug, version in [
        ("people", 2),
        ("heard", 0),
        ("sample", 0),
        ("help", 0),
        ("offer", 0),
        ("next", 0),
    ]:
        html = wizard.get(slug).get_data(as_text=True)
        assert f'name="edit_version" value="{version}"' in html, slug


# --- expired tokens and sessions ------------------------------------------------------------


@pytest.fixture
def csrf_app(tmp_path):
    from proposals import create_app, db
    from proposals.auth.users import create_user
    from tests.conftest import DANA, PASSWORD

    app = create_app(
        {
            "INSTANCE_PATH": tmp_path,
            "DATABASE_URL": databases.url_for(tmp_path / "c.db"),
            "SECRET_KEY": "x",
            "SEED_DEMO": False,
        }
    )
    with app.app_context():
        create_user(db.session(), DANA, "Dana Whitfield", PASSWORD)
    yield app
    app.extensions["db_engine"].dispose()


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _signed_in(app):
    from tests.conftest import DANA, PASSWORD

    client = app.test_client()
    token = _token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": DANA, "password": PASSWORD, "csrf_token": token})
    token = _token(client.get("/proposals/new").get_data(as_text=True))
    response = client.post("/proposals/new", data={**PROSPECT, "csrf_token": token})
    return client, response.location


def test_an_expired_form_token_brings_the_step_back_with_everything_typed(csrf_app):
    client, url = _signed_in(csrf_app)
    response = client.post(
        url,
        data={
            "title": "Kept across the expiry",
            "csrf_token": "stale",
            "prospect-organisation": "Northwind Bakery Ltd",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "security token expired" in html
    assert 'value="Kept across the expiry"' in html and 'value="Northwind Bakery Ltd"' in html
    assert _token(html) != "stale"  # a fresh token to save with


def test_an_expired_session_holds_the_step_over_signing_in_again(csrf_app, time_machine):
    from tests.conftest import DANA, PASSWORD

    client, url = _signed_in(csrf_app)
    # A month later the browser still sends its old session, signed but too old to open.
    time_machine.move_to(datetime.now() + csrf_app.permanent_session_lifetime + timedelta(days=1))
    response = client.post(
        url,
        data={"title": "Written before the session expired", "csrf_token": "from-the-old-session"},
    )
    assert response.status_code == 302
    login_url = response.location
    assert login_url.startswith("/login?next=")
    token = _token(client.get(login_url).get_data(as_text=True))
    back = client.post(login_url, data={"email": DANA, "password": PASSWORD, "csrf_token": token})
    assert back.status_code == 302 and "restore=" in back.location
    html = client.get(back.location).get_data(as_text=True)
    assert 'value="Written before the session expired"' in html
    assert "You were signed out" in html
    # The held copy is used once, then gone.
    assert "Written before" not in client.get(back.location).get_data(as_text=True)


def test_opening_the_review_prerenders_so_generate_uses_the_ready_pdf(
    app, client, session, northwind, monkeypatch
):
    from proposals import operations, pdfs

    app.config["PRERENDER"] = True
    wizard = Wizard(client)
    wizard.complete(northwind)
    response = wizard.get("review")
    assert response.status_code == 200
    cache = pdfs.cache_for(app.instance_path)
    assert not cache._running  # the render waits until the page has been sent
    response.close()  # as the server does once it has sent the page
    for future in list(cache._running.values()):
        future.result(timeout=60)
    assert len(list(cache.folder.glob("*.pdf"))) == 1

    def must_not_render(job):
        raise AssertionError("Generate rendered again instead of using the prerendered PDF")

    monkeypatch.setattr(operations, "run_job", must_not_render)
    monkeypatch.setattr(pdfs, "run_job", must_not_render)
    assert client.post(f"/proposals/{wizard.id}/generate").status_code == 302
    version = wizard.proposal(session).versions[0]
    assert version.pdf == next(cache.folder.glob("*.pdf")).read_bytes()


def test_a_changed_proposal_is_rendered_again(app, client, session, northwind):
    from proposals import pdfs

    wizard = Wizard(client)
    wizard.complete(northwind)
    client.post(f"/proposals/{wizard.id}/generate")
    wizard.post("people", people_form({**northwind, "title": "A new title"}))
    client.post(f"/proposals/{wizard.id}/generate")
    first, second = sorted(wizard.proposal(session).versions, key=lambda v: v.number)
    assert first.pdf != second.pdf
    assert len(list(pdfs.cache_for(app.instance_path).folder.glob("*.pdf"))) == 2


def test_currency_fields_offer_the_common_currencies(client):
    wizard = Wizard(client)
    html = wizard.get("people").get_data(as_text=True)
    select = html[html.index('id="currency"') :]
    select = select[: select.index("</select>")]
    assert re.findall(r'<option value="([A-Z]{3})"', select)[:4] == ["GBP", "USD", "EUR", "CAD"]
    assert "SEK · Swedish Krona" in select


# --- what comes back after an error ----------------------------------------------------


def input_tag(html: str, field_id: str) -> str:
    return re.search(rf'<input[^>]*id="{re.escape(field_id)}"[^>]*>', html).group(0)


def test_an_impossible_date_comes_back_exactly_as_typed(client, session, northwind):
    wizard = Wizard(client)
    form = people_form(northwind)
    form["prospect-met_on"] = "2026-02-30"
    response = wizard.post("people", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "prospect-met_on")
    # A date picker would show 2026-02-30 as an empty box: the refused value is text.
    assert 'type="text"' in input_tag(html, "prospect-met_on")
    assert 'value="2026-02-30"' in input_tag(html, "prospect-met_on")
    assert wizard.proposal(session).step_drafts["people"]["prospect"]["met_on"] == "2026-02-30"

    form["prospect-met_on"] = "2026-02-27"
    wizard.post("people", form)
    html = wizard.get("people").get_data(as_text=True)
    assert 'type="date"' in input_tag(html, "prospect-met_on")
    assert 'value="2026-02-27"' in input_tag(html, "prospect-met_on")


def test_the_error_summary_names_the_option_and_links_to_its_field(client, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["offer"](northwind)
    form["offer-options-1-price"] = "abc"
    html = unescape(wizard.post("offer", form).get_data(as_text=True))
    summary = html[html.index('class="error-summary"') : html.index("</ul>")]
    assert '<a href="#offer-options-1-price">Option 2 — price: not a number</a>' in summary
    assert 'id="offer-options-1-price"' in html


def test_the_error_summary_names_the_referral_and_the_line(client, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["help"](northwind)
    form["referrals-0-serves"] = ""
    form["self_help-1"] = "x" * 700
    html = unescape(wizard.post("help", form).get_data(as_text=True))
    summary = html[html.index('class="error-summary"') : html.index("</ul>")]
    assert (
        '<a href="#referrals-0-serves">Referral 1 — what part of the need they serve: ' in summary
    )
    assert '<a href="#self_help-1">What they can do themselves 2: ' in summary


def test_self_help_and_next_steps_are_written_in_boxes_of_several_lines(client, northwind):
    wizard = Wizard(client)
    wizard.complete(northwind)
    help_page = wizard.get("help").get_data(as_text=True)
    next_page = wizard.get("next").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*id="self_help-0"[^>]*rows="2"', help_page)
    assert re.search(r'<textarea[^>]*id="next_steps-1"', next_page)
    assert unescape(northwind["next_steps"][1]) in unescape(next_page)
