"""Autosave and conflicts by step, through the test client: a background save is the same
save as Save (drafts and errors included), each step has its own edit version, and the
conflict page names fields by their labels and lists only real differences."""

from __future__ import annotations

import pytest

from proposals import operations
from tests.security.conftest import make_app
from tests.security.test_csrf import form_sign_in
from tests.wizard_driver import STEP_FORMS, Wizard, flatten, people_form

TAB = "tab-aaaaaaaaaaaa"


def autosave(wizard: Wizard, slug: str, form: dict, version: int, tab: str = TAB):
    return wizard.client.post(
        f"{wizard.url(slug)}/autosave", data={**form, "edit_version": version, "tab": tab}
    )


def heard(situation: str, **listening) -> dict:
    return flatten({"listening": {"situation": situation, **listening}})


def test_an_autosave_stores_the_step_as_save_would(client, session, northwind):
    wizard = Wizard(client)
    response = autosave(wizard, "heard", STEP_FORMS["heard"](northwind), version=0)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["saved"] is True and answer["errors"] == [] and answer["state"] == "complete"
    proposal = wizard.proposal(session)
    assert proposal.document["listening"]["situation"] == northwind["listening"]["situation"]
    assert answer["version"] == operations.section_version(proposal, "listening") == 1
    page = wizard.get("heard").get_data(as_text=True)
    assert 'name="edit_version" value="1"' in page


def test_an_invalid_value_autosaved_is_kept_as_a_draft_with_its_error(client, session, northwind):
    wizard = Wizard(client)
    form = {**people_form(northwind), "prospect-email": "priya@"}
    answer = autosave(wizard, "people", form, version=0).get_json()
    assert answer["saved"] is True and answer["state"] == "attention"
    assert [error["id"] for error in answer["errors"]] == ["prospect-email"]
    draft = wizard.proposal(session).step_drafts["people"]
    assert draft["prospect"]["email"] == "priya@"
    assert draft["prospect"]["organisation"] == northwind["prospect"]["organisation"]
    page = wizard.get("people").get_data(as_text=True)
    assert 'value="priya@"' in page and 'id="prospect-email-error"' in page


def test_two_tabs_on_different_steps_both_save(client, session, northwind):
    wizard = Wizard(client)
    # Both tabs opened with every step at version 0; the people tab saves twice first.
    assert (
        autosave(wizard, "people", people_form(northwind), 0, "tab-people-one").status_code == 200
    )
    assert (
        autosave(wizard, "people", people_form(northwind), 1, "tab-people-one").status_code == 200
    )
    assert (
        autosave(wizard, "heard", heard("From the other tab"), 0, "tab-heard-two").status_code
        == 200
    )
    proposal = wizard.proposal(session)
    assert proposal.document["listening"]["situation"] == "From the other tab"
    assert proposal.document["title"] == northwind["title"]


def test_an_autosave_from_a_stale_tab_for_the_same_step_shows_the_conflict(client, session):
    wizard = Wizard(client)
    assert autosave(wizard, "heard", heard("Saved first"), 0, "tab-first-tab").status_code == 200
    response = autosave(wizard, "heard", heard("Typed second"), 0, "tab-second-tab")
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["conflict"] is True and answer["saved"] is False and answer["version"] == 1
    assert "Their situation" in answer["panel"]
    assert "Saved first" in answer["panel"] and "Typed second" in answer["panel"]
    assert "listening.situation" not in answer["panel"]
    assert wizard.proposal(session).document["listening"]["situation"] == "Saved first"

    # "Keep what I typed here" sends it again with the version the conflict showed.
    kept = autosave(wizard, "heard", heard("Typed second"), answer["version"], "tab-second-tab")
    assert kept.status_code == 200
    assert wizard.proposal(session).document["listening"]["situation"] == "Typed second"


def test_saves_from_one_tab_that_overtake_each_other_are_no_conflict(client, session):
    wizard = Wizard(client)
    assert autosave(wizard, "heard", heard("First words"), 0).status_code == 200
    # The page had not heard back yet, so it sends the version it showed: same tab, fine.
    assert autosave(wizard, "heard", heard("First words, and more"), 0).status_code == 200
    assert wizard.proposal(session).document["listening"]["situation"] == "First words, and more"
    # A plain Save from that page (its form carries the tab) goes through as well.
    form = {**heard("First words, and more still"), "edit_version": 0, "tab": TAB}
    assert wizard.post("heard", form).status_code == 302


def test_a_conflict_lists_only_real_differences_by_their_labels(client, session):
    wizard = Wizard(client)
    saved = {**heard("Cash is short\nin February"), "listening-goals-0": "Keep the overdraft"}
    assert wizard.post("heard", saved).status_code == 302
    # A second tab, opened before that save, sends the same text with Windows line endings
    # and trailing spaces, and one goal really changed.
    late = {
        **heard("Cash is short  \r\nin February\r\n"),
        "listening-goals-0": "Never touch the overdraft",
        "edit_version": 0,
    }
    response = wizard.post("heard", late)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Goals, item 1" in html and "Never touch the overdraft" in html
    assert "Their situation" not in html  # the same text once line endings are set aside
    assert "listening.goals" not in html and "<code>" not in html


def test_the_offer_conflict_names_the_option(client, session, northwind):
    wizard = Wizard(client)
    form = STEP_FORMS["offer"](northwind)
    assert wizard.post("offer", form).status_code == 302
    late = {**form, "offer-options-1-price": "999", "edit_version": 0}
    html = wizard.post("offer", late).get_data(as_text=True)
    assert "Option 2 — price" in html
    assert html.count('<th scope="row">') == 1  # every other field is the same


def test_the_review_step_has_nothing_to_autosave(client):
    wizard = Wizard(client)
    assert autosave(wizard, "review", {}, 0).status_code == 404


def test_someone_elses_proposal_cannot_be_autosaved(client, other_client, session):
    wizard = Wizard(client)
    response = other_client.post(f"{wizard.url('heard')}/autosave", data=heard("Not mine"))
    assert response.status_code == 404
    assert "listening" not in wizard.proposal(session).document


def test_a_save_racing_another_of_the_same_step_raises_instead_of_overwriting(
    client, session, northwind
):
    wizard = Wizard(client)
    proposal = wizard.proposal(session)
    data = {"listening": {"situation": "From the first request"}}
    operations.save_section(session, proposal, "listening", data, seen=0, tab="tab-one-xxxxx")
    with pytest.raises(operations.StaleSection):
        other = {"listening": {"situation": "From a request that read version 0"}}
        operations.save_section(session, proposal, "listening", other, seen=0, tab="tab-two-x")
    assert wizard.proposal(session).document["listening"]["situation"] == "From the first request"
    assert operations.save_section(session, proposal, "listening", data, seen=1) is None


def test_a_step_given_back_as_typed_is_marked_for_autosave_to_save(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = form_sign_in(client)
    start = {"organisation": "New prospect Ltd", "contact_name": "A. Person", "csrf_token": token}
    steps = client.post("/proposals/new", data=start).location
    fresh = client.get(steps).get_data(as_text=True)
    assert "data-autosave=" in fresh and "data-unsaved" not in fresh

    back = client.post(steps, data={"title": "Typed before the expiry", "csrf_token": "stale"})
    html = back.get_data(as_text=True)
    assert back.status_code == 400 and 'value="Typed before the expiry"' in html
    assert "data-unsaved" in html  # autosave.js saves it at once, with the fresh token
    app.extensions["db_engine"].dispose()


def test_a_save_racing_another_of_the_same_step_shows_the_conflict_page(
    client, session, monkeypatch
):
    wizard = Wizard(client)
    # The other tab's save lands between this request's check and its commit.
    original = operations.save_section

    def overtaken(db_session, proposal, section, raw, **options):
        other = {"listening": {"situation": "From the other tab"}}
        original(db_session, proposal, section, other, tab="tab-other-one")
        return original(db_session, proposal, section, raw, **options)

    monkeypatch.setattr(operations, "save_section", overtaken)
    response = wizard.post("heard", {**heard("From this tab"), "edit_version": 0})
    monkeypatch.undo()
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "From the other tab" in html and "From this tab" in html
    assert wizard.proposal(session).document["listening"]["situation"] == "From the other tab"
