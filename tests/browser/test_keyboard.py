"""A whole proposal written with the keyboard alone: Tab, Shift+Tab, Enter, Space and typing.

From the dashboard to the link of the generated PDF, at a phone's and a desktop's width.
The walk never clicks and never fills a field directly: it presses Tab until the element
a person would be looking for has the focus, then types or presses Enter or Space.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import NORTHWIND, load_example

from .live import new_context, sign_in
from .test_layout import VIEWPORTS

pytestmark = pytest.mark.browser

IS_LABELLED = """([el, label]) => !!el.labels && [...el.labels].some(
    (l) => l.textContent.replace(/\\s+/g, " ").trim() === label)"""
IS_NAMED = """([el, name]) => ["A", "BUTTON"].includes(el.tagName)
    && el.textContent.replace(/\\s+/g, " ").trim() === name"""


class Keyboard:
    """Moves the focus with Tab (or Shift+Tab) only, and counts the presses."""

    def __init__(self, page: Page):
        self.page = page

    def tab_to(self, test: str, argument: str, backwards: bool = False, limit: int = 80) -> int:
        """Press Tab until the focused element passes `test`; how many presses it took."""
        for presses in range(1, limit + 1):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            if self.page.evaluate(f"(args) => ({test})([document.activeElement, args])", argument):
                return presses
        raise AssertionError(f"Tab never reached {argument!r}")

    def field(self, label: str, text: str) -> None:
        self.tab_to(IS_LABELLED, label)
        self.page.keyboard.press("Control+A")  # Control+A and typing: as a person replaces text
        self.page.keyboard.type(text)

    def date(self, label: str, iso: str) -> None:
        """A date picker takes month, day and year in turn (en-US), typed as digits."""
        year, month, day = iso.split("-")
        self.tab_to(IS_LABELLED, label)
        self.page.keyboard.type(month + day + year)

    def press(self, name: str, key: str = "Enter") -> None:
        self.tab_to(IS_NAMED, name)
        self.page.keyboard.press(key)


def start_by_keyboard(page: Page, keys: Keyboard, doc: dict) -> None:
    """The short start form: the prospect's organisation and contact, then the first step."""
    keys.press("Start from a discovery meeting")
    expect(page.get_by_role("heading", name="Who did you meet?", level=1)).to_be_visible()
    keys.field("Organisation", doc["prospect"]["organisation"])
    keys.field("Contact name", doc["prospect"]["contact_name"])
    keys.press("Start the proposal")


def on_step(page: Page, title: str) -> None:
    # Generous: the first sample or review of a run can take seconds on a loaded machine.
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=15_000)
    page.wait_for_load_state()


@pytest.fixture(params=list(VIEWPORTS), ids=lambda name: f"{name}px")
def keyboard_page(request, chromium, live_server):
    context = new_context(chromium, live_server.url)
    page = context.new_page()
    page.set_viewport_size(VIEWPORTS[request.param])
    sign_in(page)
    yield page
    context.close()


def test_a_whole_proposal_by_keyboard_alone(keyboard_page: Page, problems):
    page, keys, doc = keyboard_page, Keyboard(keyboard_page), load_example(NORTHWIND)
    page.goto("/")
    start_by_keyboard(page, keys, doc)
    on_step(page, "Prospect and consultant")

    # The skip link comes first and lands just before the step's first field.
    assert keys.tab_to(IS_NAMED, "Skip to main content") == 1
    page.keyboard.press("Enter")
    assert keys.tab_to(IS_LABELLED, "Organisation") <= 2
    page.keyboard.press("Control+A")  # filled in from the start form: typed over, as a person would
    page.keyboard.type(doc["prospect"]["organisation"])
    keys.field("Contact name", doc["prospect"]["contact_name"])
    keys.date("You met on", doc["prospect"]["met_on"])
    keys.field("Proposal title", doc["title"])
    keys.field("Your name", doc["consultant"]["name"])
    keys.field("Firm", doc["consultant"]["firm"])
    # Back up over a field with Shift+Tab, as a person who missed one would.
    keys.tab_to(IS_LABELLED, "Currency for figures", True)
    page.keyboard.type("GBP")  # a select: typing picks the option that starts with it
    keys.press("Save and continue →")

    on_step(page, "What you heard")
    keys.field("Their situation", doc["listening"]["situation"])
    keys.field("In their words 1", doc["listening"]["their_words"][0])
    keys.field("Goals 1", doc["listening"]["goals"][0])
    keys.press("Save and continue →")

    on_step(page, "Worked sample")
    keys.tab_to("([el, value]) => el.type === 'radio' && el.value === value", "cash-runway")
    page.keyboard.press("Space")
    keys.press("…filled with its example figures")
    expect(page.get_by_role("heading", name="Their figures for “Cash runway”")).to_be_visible(
        timeout=15_000
    )
    keys.press("Work it out")
    expect(page.locator("section#result")).to_be_visible()
    keys.press("Save and continue to who else could help →")

    on_step(page, "Who else could help")
    referral = doc["referrals"][0]
    keys.field("Name", referral["name"])
    keys.field("What part of the need they serve", referral["serves"])
    keys.field("Why they fit better", referral["why"])
    keys.field("What they can do themselves 1", doc["self_help"][0])
    keys.press("Save and continue →")

    on_step(page, "The offer")
    option = doc["offer"]["options"][0]
    keys.field("Option name", option["name"])
    keys.field("Price", option["price"])
    keys.field("Currency", option["currency"])
    keys.press("Save and continue →")

    on_step(page, "Next steps")
    keys.field("Next steps 1", doc["next_steps"][0])
    keys.date("Follow up on", doc["follow_up"]["on"])
    keys.field("About", doc["follow_up"]["about"])
    keys.press("Save and review →")

    on_step(page, "Review")
    keys.press("Generate PDF")
    expect(page).to_have_url(re.compile(r"/proposals/\d+$"))
    keys.tab_to(IS_NAMED, "Version 1")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")
    assert problems == []


def test_an_error_summary_takes_the_focus_and_its_link_leads_to_the_field(page: Page):
    keys = Keyboard(page)
    page.goto("/")
    start_by_keyboard(page, keys, load_example(NORTHWIND))
    on_step(page, "Prospect and consultant")
    keys.field("Their e-mail", "priya at northwind")
    keys.press("Save and continue →")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Their e-mail: not an e-mail address")
    expect(link).to_have_attribute("href", "#prospect-email")
    keys.tab_to(IS_NAMED, "Their e-mail: not an e-mail address")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Their e-mail")).to_be_focused()
    expect(page.get_by_label("Their e-mail")).to_have_value("priya at northwind")


FOCUS_RING = """() => {
    const style = getComputedStyle(document.activeElement);
    return parseFloat(style.outlineWidth) >= 2 && style.outlineStyle !== "none";
}"""


@pytest.mark.parametrize("path", ["/", "/library/", "/referrals/"])
def test_every_tab_stop_shows_where_the_focus_is(page: Page, path: str):
    page.goto(path)
    seen = set()
    for _ in range(25):
        page.keyboard.press("Tab")
        where = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        if where in seen or where.startswith("<body"):
            break
        seen.add(where)
        assert page.evaluate(FOCUS_RING), f"no visible focus on {where}"
    assert len(seen) > 3
