"""Every page fits the screen from a phone (390 px) to a desktop (1280 px).

The pages are those of a firm with both example proposals, a sample library, a referral
and a follow-up; each wizard step of an example proposal is a page of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from proposals import db, operations
from proposals.audit.log import Actor
from proposals.auth.passwords import issue_reset
from proposals.auth.users import create_user
from proposals.document import validate_document
from proposals.followup import schedule
from proposals.library.revisions import save_revision
from proposals.models import Proposal, User
from proposals.paths import SAMPLES
from proposals.referrals.operations import save_provider
from tests.conftest import HARBOR, NORTHWIND, load_example

from .live import EMAIL, LiveServer, make_app, new_context

pytestmark = pytest.mark.browser

ADMIN, ADMIN_PASSWORD = "ola@whitfield.example", "a long admin passphrase"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"390": PHONE, "1280": DESKTOP}
STEPS = ["people", "heard", "sample", "help", "offer", "next", "review"]

# Every screen, signed in as an administrator; {p} is Northwind's proposal, {r} a referral.
PAGES = {
    "dashboard": "/",
    "dashboard-search": "/?q=bakery&status=draft&sort=prospect",
    "start": "/proposals/new",
    "reuse": "/proposals/{p}/duplicate",
    "templates": "/templates",
    "template-new": "/templates/new",
    "proposal": "/proposals/{p}",
    **{f"step-{slug}": f"/proposals/{{p}}/step/{slug}" for slug in STEPS},
    "preview": "/proposals/{p}/preview",
    "delete": "/proposals/{p}/delete",
    "follow-up-kit": "/proposals/{p}/follow-up",
    "follow-up-kit-unsent": "/proposals/{h}/follow-up",
    "follow-ups": "/follow-ups",
    "library": "/library/",
    "library-search": "/library/?q=cash",
    "library-sample": "/library/cash-runway",
    "library-edit": "/library/cash-runway/edit",
    "library-new": "/library/new",
    "library-history": "/library/cash-runway/history",
    "library-diff": "/library/cash-runway/diff?from=1&to=2",
    "referrals": "/referrals/",
    "referral-new": "/referrals/new",
    "referral-edit": "/referrals/{r}/edit",
    "referral-delete": "/referrals/{r}/delete",
    "firm": "/firm",
    "users": "/users",
    "audit": "/audit/",
    "profile": "/account",
    "account": "/account/password",
    "not-found": "/proposals/9999",
}
SIGNED_OUT_PAGES = {"sign-in": "/login", "reset-password": "/reset/{t}"}
SHOTS = os.environ.get("LAYOUT_SHOTS")  # a folder: also keep a full-page picture of each


@dataclass
class Site:
    server: LiveServer
    proposal: int  # Northwind, sent, with a PDF
    unsent: int  # Harbor Dental, a draft
    referral: int
    reset_token: str

    def url(self, path: str) -> str:
        return path.format(p=self.proposal, h=self.unsent, r=self.referral, t=self.reset_token)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A firm's instance: an administrator, both examples (Northwind sent, with a PDF)."""
    app = make_app(tmp_path_factory.mktemp("layout"))
    with app.app_context():
        session = db.session()
        admin = create_user(session, ADMIN, "Ola Whitfield", ADMIN_PASSWORD, admin=True)
        ids = []
        for example in (NORTHWIND, HARBOR):
            document = validate_document(load_example(example))
            ids.append(operations.import_document(session, document, owner_id=admin.id).id)
        northwind = session.get(Proposal, ids[0])
        operations.generate_pdf(session, northwind)
        schedule.record_sent(northwind, date.today() - timedelta(days=3))
        provider = save_provider(  # through the directory, so the audit log has a row
            session,
            {
                "name": "Priya Patel",
                "organisation": "Patel Bookkeeping",
                "good_for": "Monthly bookkeeping and VAT returns for small food businesses",
                "tags": "bookkeeping, vat",
                "contact": "priya@patel.example",
            },
            Actor.of(admin),
        )
        # A second revision of a sample, so its history has a diff to show.
        source = (SAMPLES / "cash-runway.md").read_text(encoding="utf-8")
        save_revision(session, source.replace("Cash runway", "Cash runway by month", 1), "Ola")
        dana = session.scalar(select(User).where(User.email == EMAIL))
        site_ids = ids[0], ids[1], provider.id, issue_reset(session, dana)
    with LiveServer(app) as server:
        yield Site(server, *site_ids)


def admin_page(chromium, site: Site, viewport: dict) -> Page:
    context = new_context(chromium, site.server.url)
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto("/login")
    page.get_by_label("E-mail").fill(ADMIN)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
    return page


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=lambda name: f"{name}px")
def admin(request, chromium, site):
    """A signed-in administrator's page at one screen width, shared by that width's pages."""
    page = admin_page(chromium, site, VIEWPORTS[request.param])
    yield page
    page.context.close()


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def keep_picture(page: Page, name: str) -> None:
    if SHOTS:
        width = page.viewport_size["width"]
        page.screenshot(path=Path(SHOTS) / f"{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways(admin: Page, site: Site, name: str):
    response = admin.goto(site.url(PAGES[name]))
    assert response.status < 500
    keep_picture(admin, name)
    assert overflow(admin) <= 0


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(SIGNED_OUT_PAGES))
def test_signed_out_pages_fit(chromium, site: Site, name: str, width: str):
    context = new_context(chromium, site.server.url)
    page = context.new_page()
    page.set_viewport_size(VIEWPORTS[width])
    response = page.goto(site.url(SIGNED_OUT_PAGES[name]))
    assert response.status == 200
    keep_picture(page, name)
    assert overflow(page) <= 0
    context.close()


@pytest.mark.parametrize("width", [360, 768, 1440])
def test_at_other_widths_nothing_scrolls_sideways_either(chromium, site: Site, width: int):
    page = admin_page(chromium, site, {"width": width, "height": 800})
    wider = []
    for name, path in PAGES.items():
        page.goto(site.url(path))
        if overflow(page) > 0:
            wider.append(name)
    page.context.close()
    assert wider == []


LABEL_BOXES = """() => [...document.querySelectorAll(".progress .label")].map((label) => {
    const box = label.getBoundingClientRect();
    return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
            clipped: label.scrollWidth > label.clientWidth + 1};
})"""


@pytest.mark.parametrize("width", [800, 1024, 1280])
def test_step_labels_in_the_progress_bar_do_not_collide(chromium, site: Site, width: int):
    page = admin_page(chromium, site, {"width": width, "height": 800})
    page.goto(site.url(PAGES["step-offer"]))
    boxes = page.evaluate(LABEL_BOXES)
    page.context.close()
    assert len(boxes) == len(STEPS)
    assert not any(box["clipped"] for box in boxes)
    for before, after in zip(boxes, boxes[1:], strict=False):
        assert before["right"] <= after["left"]  # side by side, apart


def test_on_a_phone_the_progress_bar_keeps_each_steps_name(admin: Page, site: Site):
    admin.goto(site.url(PAGES["step-offer"]))
    steps = admin.get_by_role("navigation", name="Steps")
    expect(steps.get_by_role("link", name="Who else could help (complete)")).to_be_visible()
    expect(steps.get_by_role("link")).to_have_count(len(STEPS))


def test_on_a_phone_the_menu_folds_behind_a_button(chromium, site: Site):
    page = admin_page(chromium, site, PHONE)
    menu = page.get_by_role("button", name="Menu")
    library = page.get_by_role("navigation", name="Main").get_by_role("link", name="Sample library")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(library).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    library.click()
    expect(page.get_by_role("heading", name="Sample library", level=1)).to_be_visible()
    page.context.close()


def test_on_a_desktop_the_menu_is_always_open(admin: Page, site: Site):
    admin.goto("/")
    library = admin.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Sample library"
    )
    if admin.viewport_size["width"] >= 1280:
        expect(admin.get_by_role("button", name="Menu")).to_be_hidden()
        expect(library).to_be_visible()


def test_without_javascript_the_menu_links_are_all_reachable(chromium, site: Site):
    context = chromium.new_context(
        base_url=site.server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("E-mail").fill(ADMIN)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    nav = page.get_by_role("navigation", name="Main")
    for link in ("Your proposals", "Sample library", "Follow-ups", "Audit log"):
        expect(nav.get_by_role("link", name=link)).to_be_visible()
    assert overflow(page) <= 0
    context.close()


def test_wide_tables_scroll_inside_a_box_a_keyboard_can_reach(admin: Page, site: Site):
    admin.goto(site.url("/proposals/{p}/step/sample"))
    box = admin.get_by_role("region", name="Revenue and costs by month (scrolls sideways)")
    expect(box).to_have_attribute("tabindex", "0")
    assert overflow(admin) <= 0


TAP_TARGETS = (
    "nav.main-nav a, .progress a, button, a.button, table.proposals .actions a,"
    " .inline-buttons > a, nav.filters a, .breadcrumb a, .follow-up-list .actions a"
)


@pytest.mark.parametrize(
    "name",
    ["dashboard", "step-people", "step-help", "step-sample", "referrals", "audit", "follow-ups"],
)
def test_buttons_and_menu_links_are_big_enough_to_tap(chromium, site: Site, name: str):
    page = admin_page(chromium, site, PHONE)
    page.goto(site.url(PAGES[name]))
    page.get_by_role("button", name="Menu").click()
    heights = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el.textContent.trim(), el.getBoundingClientRect().height])""",
        TAP_TARGETS,
    )
    assert len(heights) > 5
    assert [text for text, height in heights if height < 44] == []
    page.context.close()
