"""The sample step as the consultant sees it: the step states, the heading, the order."""

from __future__ import annotations

import re

from tests.wizard_driver import Wizard, sample_form


def progress(html: str) -> dict[str, str]:
    """Each step of the progress bar with the state a screen reader announces."""
    return dict(
        re.findall(
            r'class="label">([^<]+)</span>\s*<span class="visually-hidden">\(([^)]+)\)', html
        )
    )


def test_steps_nobody_touched_read_not_started(client):
    wizard = Wizard(client)
    states = progress(wizard.get("people").get_data(as_text=True))
    # The start form filled in the prospect: the first step is under way, the rest untouched.
    assert list(states.values()) == ["in progress"] + ["not started"] * 6


def test_going_back_from_an_untouched_step_leaves_it_not_started(client):
    wizard = Wizard(client)
    wizard.post("sample", {"mode": "library"}, action="back")
    wizard.post("offer", {}, action="back")
    states = progress(wizard.get("people").get_data(as_text=True))
    assert states["Worked sample"] == "not started"
    assert states["The offer"] == "not started"


def test_a_picked_sample_is_in_progress_and_a_failed_continue_needs_attention(client):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    states = progress(wizard.get("people").get_data(as_text=True))
    assert states["Worked sample"] == "in progress"
    wizard.post(
        "sample",
        {
            "mode": "library",
            "sample_id": "cash-runway",
            "shown_sample_id": "cash-runway",
            "inputs-cash_on_hand": "lots",
        },
    )
    states = progress(wizard.get("people").get_data(as_text=True))
    assert states["Worked sample"] == "needs attention"


def test_a_text_analysis_asks_for_their_details_not_figures(client):
    wizard = Wizard(client)
    wizard.choose_sample("contract-clause-risk")
    html = wizard.get("sample").get_data(as_text=True)
    assert "Their details for “Contract clause risk review”" in html
    assert "figures" not in html.split('id="inputs"')[1].split("</h2>")[0]
    wizard.choose_sample("cash-runway")
    assert "Their figures for “Cash runway”" in wizard.get("sample").get_data(as_text=True)


def test_the_worked_result_comes_before_the_commentary_box(client, northwind):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    response = wizard.post("sample", sample_form(northwind), action="work")
    assert response.status_code == 302
    html = wizard.get("sample").get_data(as_text=True)
    result = html.index('id="result"')
    commentary = html.index('name="commentary"')
    assert html.index('id="inputs"') < result < commentary
    assert html.index("Cash on hand today") < result  # their figures first, then the result


def test_the_inputs_table_scrolls_inside_its_own_box(client):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    html = wizard.get("sample").get_data(as_text=True)
    table = html.index('<table class="rows">')
    # Inside a group that is no fieldset (a fieldset grows to fit the table instead).
    group = html.rfind('<div class="table-input"', 0, table)
    assert (
        html.rfind("<fieldset", 0, table)
        < group
        < html.rfind('<div class="table-scroll"', 0, table)
    )


def test_the_commentary_box_is_labelled_and_ids_are_unique(client):
    wizard = Wizard(client)
    wizard.choose_sample("cash-runway")
    html = wizard.get("sample").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert '<label for="commentary">Your commentary</label>' in html
