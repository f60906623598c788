"""axe-core finds nothing serious or critical on any page, at a phone's and a desktop's width.

Same pages and firm as the layout tests; plus a step showing its error summary.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .live import new_context
from .test_layout import PAGES, SIGNED_OUT_PAGES, VIEWPORTS, Site, admin, site  # noqa: F401

pytestmark = pytest.mark.browser

AXE = Axe()


def serious_violations(page: Page) -> list[str]:
    """Each serious or critical rule axe-core breaks on the page, with where it breaks it."""
    results = AXE.run(page)
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at "
        + ", ".join(str(node["target"]) for node in rule["nodes"][:3])
        for rule in results.response["violations"]
        if rule["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_problems(admin: Page, site: Site, name: str):  # noqa: F811
    admin.goto(site.url(PAGES[name]))
    assert serious_violations(admin) == []


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(SIGNED_OUT_PAGES))
def test_signed_out_pages_have_no_serious_problems(chromium, site: Site, name: str, width: str):  # noqa: F811
    context = new_context(chromium, site.server.url)
    page = context.new_page()
    page.set_viewport_size(VIEWPORTS[width])
    page.goto(site.url(SIGNED_OUT_PAGES[name]))
    assert serious_violations(page) == []
    context.close()


def test_the_open_phone_menu_has_no_serious_problems(admin: Page, site: Site):  # noqa: F811
    admin.goto("/")
    menu = admin.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    assert serious_violations(admin) == []


def test_a_step_with_errors_has_no_serious_problems(admin: Page, site: Site):  # noqa: F811
    admin.goto(site.url("/proposals/{p}/step/offer"))
    admin.locator(".card").first.get_by_label("Price", exact=True).fill("about a grand")
    admin.get_by_role("button", name="Save and continue").click()
    expect(admin.locator(".error-summary")).to_be_focused()
    assert serious_violations(admin) == []


def test_the_check_itself_catches_a_picture_without_words(admin: Page):  # noqa: F811
    admin.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><img src="a.png"></main>'
    )
    assert any(problem.startswith("image-alt") for problem in serious_violations(admin))
