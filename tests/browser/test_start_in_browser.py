"""Starting and reusing a proposal in Chromium, at a laptop's 1280 px and a phone's 390 px:
leaving the short form creates nothing, and a reused proposal carries no client's material."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from proposals import db, operations
from proposals.document import validate_document
from proposals.models import Proposal
from tests.conftest import NORTHWIND, load_example

pytestmark = pytest.mark.browser

SIZES = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Set PROPOSALS_SCREENSHOTS to a folder to keep a picture of each page looked at.
SHOTS = os.environ.get("PROPOSALS_SCREENSHOTS")


def proposals(live_server) -> list[Proposal]:
    with db.standalone_session(live_server.app) as session:
        found = session.query(Proposal).order_by(Proposal.id).all()
        session.expunge_all()
        return found


def fits(page: Page) -> None:
    """Nothing of these pages runs off the side: their content is no wider than the window.

    (The top bar's own width at 390 px is the layout work of issue 10 item 3.)"""
    width = page.evaluate("document.querySelector('main').scrollWidth")
    assert width <= page.viewport_size["width"], width


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def sized(request, page: Page) -> tuple[Page, str]:
    page.set_viewport_size(SIZES[request.param])
    return page, request.param


def test_starting_asks_for_the_prospect_and_leaving_creates_nothing(sized, live_server, problems):
    page, size = sized
    before = len(proposals(live_server))
    page.goto("/")
    page.get_by_role("link", name="Start from a discovery meeting").click()
    expect(page.get_by_role("heading", name="Who did you meet?")).to_be_visible()
    fits(page)
    shoot(page, f"start-{size}")
    page.get_by_label("Organisation", exact=True).fill("Half-typed Ltd")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", name="Your proposals")).to_be_visible()
    assert len(proposals(live_server)) == before

    page.get_by_role("link", name="Start from a discovery meeting").click()
    page.get_by_label("Organisation", exact=True).fill("Café Lumière")
    page.get_by_role("button", name="Start the proposal").click()
    expect(page.get_by_text("required")).to_be_visible()  # the contact name, next to it
    expect(page.get_by_label("Organisation", exact=True)).to_have_value("Café Lumière")
    assert len(proposals(live_server)) == before
    page.get_by_label("Contact name").fill("Marta Lind")
    page.get_by_role("button", name="Start the proposal").click()
    expect(page.get_by_role("heading", name="Prospect and consultant", level=1)).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Dana Whitfield")
    expect(page.get_by_label("Contact name")).to_have_value("Marta Lind")
    assert len(proposals(live_server)) == before + 1
    assert problems == []


def test_reusing_for_another_client_carries_only_what_is_chosen(sized, live_server, problems):
    page, size = sized
    with db.standalone_session(live_server.app) as session:
        source = operations.import_document(
            session, validate_document(load_example(NORTHWIND)), owner_id=1
        )
        source_id = source.id
    page.goto(f"/proposals/{source_id}")
    page.get_by_role("link", name="Use as a starting point for another client").click()
    expect(
        page.get_by_role("heading", name="Use as a starting point for another client")
    ).to_be_visible()
    fits(page)
    shoot(page, f"reuse-{size}")
    page.get_by_label("The offer").uncheck()
    page.get_by_label("Organisation", exact=True).fill(f"Southwind {size}")
    page.get_by_label("Contact name").fill("Marta Lind")
    page.get_by_role("button", name="Start the proposal").click()
    expect(page.get_by_label("Organisation", exact=True)).to_have_value(f"Southwind {size}")

    copy = proposals(live_server)[-1]
    stored = json.dumps([copy.document, copy.step_drafts], ensure_ascii=False)
    northwind = load_example(NORTHWIND)
    assert "offer" not in copy.document and "listening" not in copy.document
    for private in (
        "Northwind",
        northwind["listening"]["notes"][:30],
        *northwind["listening"]["their_words"],
    ):
        assert private not in stored, private
    assert copy.document["referrals"]  # what was chosen came along
    page.goto("/")
    fits(page)
    shoot(page, f"dashboard-{size}")
    assert problems == []


def test_the_dashboard_searches_filters_and_sorts(sized, live_server, problems):
    page, size = sized
    mark = f"qz{size}"  # the server is shared by other tests: names of this test's own
    for organisation in (f"Café Lumière {mark}", f"Zeta Freight {mark}"):
        page.goto("/proposals/new")
        page.get_by_label("Organisation", exact=True).fill(organisation)
        page.get_by_label("Contact name").fill("A. Person")
        page.get_by_role("button", name="Start the proposal").click()
        expect(page.get_by_role("heading", name="Prospect and consultant", level=1)).to_be_visible()
    page.goto("/")
    page.get_by_label("Search").fill(f"CAFE LUMIERE {mark.upper()}")  # no accents, another case
    page.get_by_role("button", name="Show").click()
    rows = page.locator("table.proposals tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Café Lumière {mark}")
    assert "q=CAFE+LUMIERE" in page.url
    fits(page)
    # Other tests share the server: narrow to this size's two, then filter and sort them.
    page.get_by_label("Search").fill(mark)
    page.get_by_label("Status").select_option("draft")
    page.get_by_label("Sort by").select_option("prospect")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"sort=prospect"))
    expect(rows).to_have_count(2)
    prospects = rows.locator("td:first-child a").all_inner_texts()
    assert prospects == [f"Café Lumière {mark}", f"Zeta Freight {mark}"]
    assert problems == []
