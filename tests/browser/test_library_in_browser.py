"""The sample library in a real Chromium: write a sample, preview it, use it in a proposal.

The sample is typed into the editor the way an author would, saved once with a Jinja
mistake (the error and its line show next to the editor, the text is kept), then fixed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_wizard_in_browser import on_step, save_and_continue, start_proposal

pytestmark = pytest.mark.browser

SLUG = "meeting-cost-check"
TITLE = "Meeting cost check"

# 6 people x 1.5 h + 8 people x 1.25 h = 19 hours a week; at 50 an hour, 950 a week.
SAMPLE = """\
---
id: meeting-cost-check
title: Meeting cost check
summary: What a week of recurring meetings costs in people's time.
tags: [meetings, productivity]
inputs:
  - {name: hourly_rate, label: Hourly cost of one person, type: money}
  - name: meetings
    label: Recurring meetings
    type: table
    columns:
      - {name: meeting, label: Meeting, type: text}
      - {name: people, label: People, type: number}
      - {name: hours, label: Hours a week, type: number}
example:
  hourly_rate: "50"
  meetings:
    - {meeting: "Monday planning", people: "6", hours: "1.5"}
    - {meeting: "Daily stand-up", people: "8", hours: "1.25"}
---
{% set costed = [] %}
{% for m in meetings %}
{% set cost = m.people * m.hours * hourly_rate %}
{% set _ = costed.append({"meeting": m.meeting, "hours": m.hours, "cost": cost}) %}
{% endfor %}
{% set weekly = total(column(costed, "cost")) %}
Recurring meetings cost {{ client.organisation }} WEEKLY_TOTAL a week.

{{ table(costed, [
    ["meeting", "Meeting"], ["hours", "Hours a week"], ["cost", "Cost a week", "money"]
]) }}

{{ bar_chart(column(costed, "meeting"), column(costed, "cost"), title="Cost a week by meeting") }}
"""
GOOD_SOURCE = SAMPLE.replace("WEEKLY_TOTAL", "{{ money(weekly) }}")
BAD_SOURCE = SAMPLE.replace("WEEKLY_TOTAL", "{{ money(weekly }}")  # the bracket never closes
BAD_LINE = next(
    number for number, line in enumerate(BAD_SOURCE.splitlines(), 1) if "money(weekly }}" in line
)


def write_sample(page: Page) -> None:
    """From the nav to a saved sample: first with a syntax error, then fixed."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sample library").click()
    expect(page.get_by_role("heading", name="Sample library", level=1)).to_be_visible()
    page.get_by_role("link", name="Write a new sample").click()
    expect(page.get_by_role("heading", name="Write a new sample", level=1)).to_be_visible()

    editor = page.get_by_label("Sample file (front matter and body)")
    expect(editor).to_have_value(re.compile(r"^---\nid: my-new-sample\n"))  # the starter
    editor.fill(BAD_SOURCE)
    with page.expect_response(lambda r: r.request.method == "POST") as response_info:
        page.get_by_role("button", name="Save", exact=True).click()
    assert response_info.value.status == 422

    expect(page.get_by_role("alert")).to_contain_text("Not saved yet")
    expect(page.get_by_role("alert")).to_contain_text(f"line {BAD_LINE}:")
    editor_field = page.locator(".field").filter(has=editor)
    expect(editor_field.locator(".hint")).to_have_text(f"Line {BAD_LINE} has the problem.")
    expect(editor_field.locator(".error")).to_contain_text(f"line {BAD_LINE}:")
    expect(editor).to_have_attribute("aria-invalid", "true")
    expect(editor).to_have_value(BAD_SOURCE)

    editor.fill(GOOD_SOURCE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/library/{SLUG}$"))


def test_a_new_sample_is_previewed_and_used_in_a_proposal(page: Page, problems):
    write_sample(page)

    # The sample's page: the live preview on its example figures, with the chart.
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Saved as revision 1.")
    preview = page.locator(".worked-preview")
    expect(preview).to_contain_text("Recurring meetings cost Example client $950.00 a week.")
    expect(preview.get_by_role("table")).to_contain_text("Monday planning")
    expect(preview.get_by_role("table")).to_contain_text("$450.00")  # 6 x 1.5 x 50
    expect(preview.get_by_role("table")).to_contain_text("$500.00")  # 8 x 1.25 x 50
    expect(preview.locator("figure.chart svg")).to_have_count(1)
    expect(preview.locator("figure.chart figcaption")).to_have_text("Cost a week by meeting")

    # Its history: one revision, by whoever is signed in.
    page.get_by_role("link", name="history").click()
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    revisions = page.locator("table.revisions tbody tr")
    expect(revisions).to_have_count(1)
    expect(revisions.get_by_role("cell")).to_contain_text(["1 (current)", TITLE, "Dana Whitfield"])

    # The library finds it.
    page.get_by_role("link", name="Sample library").first.click()
    page.get_by_role("search").get_by_label("Search").fill("meeting cost check")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/library/\?q=meeting\+cost\+check$"))
    results = page.locator("ul.library-list")
    expect(results.get_by_role("link", name=TITLE, exact=True)).to_have_attribute(
        "href", f"/library/{SLUG}"
    )

    # A new proposal, filled minimally up to the worked sample.
    start_proposal(page)
    page.get_by_label("Organisation", exact=True).fill("Harbour Dental")
    page.get_by_label("Contact name").fill("Priya Shah")
    page.get_by_label("Proposal title").fill("Fewer, shorter meetings")
    page.get_by_label("Currency for figures").select_option("GBP")
    page.get_by_label("Your name").fill("Dana Whitfield")
    page.get_by_label("Firm").fill("Whitfield Consulting")
    save_and_continue(page)
    on_step(page, "heard", "What you heard")
    page.get_by_label("Their situation").fill("Mornings go on meetings; patients wait.")
    save_and_continue(page)
    on_step(page, "sample", "Worked sample")

    search = page.get_by_role("search")
    search.get_by_label("Search your library").fill("meeting cost check")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"\?q=meeting\+cost\+check#library-choice$"))
    expect(page.get_by_role("radio", name="Cash runway")).to_have_count(0)  # not a match
    page.get_by_role("radio", name=TITLE).check()
    page.get_by_role("button", name="Use this sample").click()
    expect(page.get_by_role("heading", name=f"Their figures for “{TITLE}”")).to_be_visible()

    page.get_by_label("Hourly cost of one person").fill("£40")
    row = {"Meeting": "Morning huddle", "People": "5", "Hours a week": "2.5"}  # 5 x 2.5 x 40
    for heading, value in row.items():
        box = page.get_by_label(f"{heading}, row 1", exact=True)
        expect(box).to_be_empty()
        box.fill(value)
    page.get_by_role("button", name="Work it out").click()

    on_step(page, "sample", "Worked sample")
    result = page.locator("section#result")
    expect(
        result.get_by_role("heading", name="Worked out on Harbour Dental's figures")
    ).to_be_visible()
    expect(result).to_contain_text("Recurring meetings cost Harbour Dental £500.00 a week.")
    expect(result.get_by_role("table")).to_contain_text("Morning huddle")
    expect(result.locator("figure.chart svg")).to_have_count(1)
    assert problems == []
