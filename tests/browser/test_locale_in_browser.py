"""The locale and currency choices and the character counter, in a real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from proposals.document import Limits

from .test_wizard_in_browser import start_proposal

pytestmark = pytest.mark.browser


def test_the_counter_shows_near_the_limit_and_nothing_is_cut(page: Page, problems):
    start_proposal(page)
    title = page.get_by_label("Proposal title")
    counter = page.locator("#title-counter")
    title.fill("Getting through February")
    expect(counter).to_be_hidden()
    title.fill("x" * (Limits.TITLE - 5))
    expect(counter).to_have_text(f"5 of {Limits.TITLE} characters left")
    pasted = "Getting through February " * 22  # 550 characters, more than the limit
    title.fill(pasted)
    expect(counter).to_have_text(f"{len(pasted) - Limits.TITLE} characters over the limit of 200")
    expect(title).to_have_value(pasted)  # a maxlength would have cut it here
    page.screenshot(path="/tmp/locale-counter.png")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#title-error")).to_have_text(f"at most {Limits.TITLE} characters")
    expect(page.get_by_label("Proposal title")).to_have_value(pasted)  # kept exactly as typed
    assert problems == []


def test_the_locale_and_currency_are_chosen_from_lists(page: Page, problems):
    start_proposal(page)
    page.get_by_label("Language and country of the client").select_option("sv-SE")
    page.get_by_label("Currency for figures").select_option("SEK")
    expect(page.get_by_label("Language and country of the client")).to_have_value("sv-SE")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/locale-people-{width}.png", full_page=True)
    assert problems == []


def test_the_firm_chooses_a_default_locale_by_name(page: Page, problems):
    page.goto("/firm")
    field = page.get_by_label("Language and country of proposals")
    field.select_option(label="German (Switzerland) · Deutsch (Schweiz)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Firm profile saved")).to_be_visible()
    expect(page.get_by_label("Language and country of proposals")).to_have_value("de-CH")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/locale-firm-{width}.png", full_page=True)
    # The live server is shared by every browser test: leave the firm as it was.
    page.get_by_label("Language and country of proposals").select_option("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Language and country of proposals")).to_have_value("")
    assert problems == []
