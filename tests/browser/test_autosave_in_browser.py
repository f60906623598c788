"""Autosave in a real Chromium, at a desktop's 1280 px and a phone's 390 px: what is typed
is kept without pressing anything, errors show as after Save, a lost connection is said
plainly and retried, and two tabs conflict only when they edit the same step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .live import new_context, sign_in
from .test_wizard_in_browser import start_proposal

pytestmark = pytest.mark.browser

SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SAVED = re.compile(r"^Saved \d{1,2}[:.]\d{2}")
RETRY_WAIT = 20_000  # ms: the retries back off (1 s, 2 s, 4 s...) on a loaded machine


@pytest.fixture(params=list(SCREENS))
def context(request, chromium, live_server, problems):
    """A signed-in browser profile at one screen size; its tabs report errors to `problems`."""
    context = new_context(chromium, live_server.url)
    context.on("page", lambda tab: watch(tab, problems))
    first = context.new_page()
    first.set_viewport_size(SCREENS[request.param])
    sign_in(first)
    yield context
    context.close()


def watch(tab: Page, problems: list[str]) -> None:
    tab.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    tab.on(
        "response",
        lambda response: (
            response.status >= 500 and problems.append(f"{response.status} from {response.url}")
        ),
    )


@pytest.fixture
def tab(context) -> Page:
    return context.pages[0]


def new_tab(context) -> Page:
    page = context.new_page()
    page.set_viewport_size(context.pages[0].viewport_size)
    return page


def status(page: Page):
    return page.get_by_role("status")


def test_typed_text_is_there_after_a_reload_without_pressing_anything(tab, problems):
    steps = start_proposal(tab)
    tab.goto(steps + "heard")
    situation = "Cash runs out every February; the overdraft covers it at 19%."
    tab.get_by_label("Their situation").press_sequentially(situation, delay=15)
    expect(status(tab)).to_have_text(SAVED)

    tab.reload()
    expect(tab.get_by_label("Their situation")).to_have_value(situation)
    assert problems == []


def test_leaving_with_unsaved_changes_asks_first(tab, problems):
    steps = start_proposal(tab)
    tab.goto(steps + "heard")
    expect(status(tab)).to_be_hidden()  # nothing typed, nothing to say
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    tab.on("dialog", stay)
    tab.route("**/autosave", lambda route: route.abort())  # keeps the changes unsaved
    tab.get_by_label("Their situation").press_sequentially("They want a buffer", delay=10)
    tab.get_by_role("link", name=re.compile("The offer")).click()
    expect(tab).to_have_url(re.compile(r"/step/heard$"))  # stayed, as chosen
    assert asked and asked[0] == "beforeunload"
    expect(tab.get_by_label("Their situation")).to_have_value("They want a buffer")
    assert problems == []


def test_an_invalid_value_autosaved_shows_its_error_and_is_kept(tab, problems):
    start_proposal(tab)
    email = tab.get_by_label("Their e-mail")
    email.press_sequentially("priya@northwind", delay=15)
    email.blur()
    error = tab.locator("#prospect-email-error")
    expect(error).to_be_visible()
    expect(status(tab)).to_have_text(SAVED)  # kept as a draft: saved, with its message
    expect(email).to_have_attribute("aria-describedby", re.compile("prospect-email-error"))
    # Fields not reached yet are not marked; the one typed into is.
    expect(tab.locator("#prospect-organisation-error")).to_have_count(0)

    tab.reload()
    expect(tab.get_by_label("Their e-mail")).to_have_value("priya@northwind")
    expect(tab.locator("#prospect-email-error")).to_be_visible()
    assert problems == []


def test_a_network_failure_says_not_saved_and_retries_until_saved(tab, problems):
    steps = start_proposal(tab)
    tab.goto(steps + "heard")
    answers = []
    tab.route("**/autosave", lambda route: route.abort("internetdisconnected"))
    tab.on("response", lambda response: answers.append(response.url))
    tab.get_by_label("Their situation").press_sequentially("Two bad winters", delay=15)
    expect(status(tab)).to_have_text("Not saved: connection lost, retrying")
    tab.wait_for_timeout(1500)  # a retry or two fails too, and is never called saved
    expect(status(tab)).not_to_have_text(SAVED)

    tab.unroute("**/autosave")
    expect(status(tab)).to_have_text(SAVED, timeout=RETRY_WAIT)
    tab.reload()
    expect(tab.get_by_label("Their situation")).to_have_value("Two bad winters")
    assert problems == []


def test_two_tabs_on_different_steps_both_keep_their_text(context, tab, problems):
    steps = start_proposal(tab)
    tab.goto(steps + "heard")
    other = new_tab(context)
    other.goto(steps + "offer")

    tab.get_by_label("Their situation").press_sequentially("Heard in the first tab", delay=10)
    other.get_by_label("Summary").press_sequentially("Offered in the second tab", delay=10)
    expect(status(tab)).to_have_text(SAVED)
    expect(status(other)).to_have_text(SAVED)
    tab.get_by_label("Their situation").press_sequentially(", and more.", delay=10)
    expect(status(tab)).to_have_text(SAVED)

    tab.reload()
    other.reload()
    expect(tab.get_by_label("Their situation")).to_have_value("Heard in the first tab, and more.")
    expect(other.get_by_label("Summary")).to_have_value("Offered in the second tab")
    assert problems == []


def test_the_same_step_in_two_tabs_shows_the_conflict_instead_of_overwriting(
    context, tab, problems
):
    steps = start_proposal(tab)
    tab.goto(steps + "heard")
    other = new_tab(context)
    other.goto(steps + "heard")

    tab.get_by_label("Their situation").press_sequentially("Saved from the first tab", delay=10)
    expect(status(tab)).to_have_text(SAVED)
    other.get_by_label("Their situation").press_sequentially("Typed in the second", delay=10)
    expect(status(other)).to_have_text("Not saved: this step was changed in another tab")
    panel = other.get_by_role("region", name=re.compile("changed in another tab"))
    expect(panel).to_be_visible()
    row = panel.get_by_role("row", name=re.compile("Their situation"))
    expect(row).to_contain_text("Saved from the first tab")
    expect(row).to_contain_text("Typed in the second")
    expect(panel).not_to_contain_text("listening.")  # labels, never internal paths

    fresh = new_tab(context)
    fresh.goto(steps + "heard")
    expect(fresh.get_by_label("Their situation")).to_have_value("Saved from the first tab")

    panel.get_by_role("button", name="Keep what I typed here").click()
    expect(status(other)).to_have_text(SAVED)
    fresh.reload()
    expect(fresh.get_by_label("Their situation")).to_have_value("Typed in the second")
    assert problems == []
