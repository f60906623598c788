"""The offer step in a real Chromium: a unit, a tax rate and an extra typed by label, saved,
and a bad extra's price shown next to it with the option and add-on it belongs to."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import NORTHWIND, load_example

from .test_wizard_in_browser import fill_option, on_step, save_and_continue, start_proposal

pytestmark = pytest.mark.browser


def open_offer(page: Page) -> None:
    start_proposal(page)
    page.get_by_role("navigation", name="Steps").get_by_role("link", name="The offer").click()
    on_step(page, "offer", "The offer")


def fill_taxed_option(page: Page, extra_price: str) -> None:
    option = load_example(NORTHWIND)["offer"]["options"][1]
    fill_option(page, 1, option)
    box = page.locator(".card").nth(0)
    box.get_by_label("Charged").select_option("month")
    box.get_by_label("Tax rate").fill("25")
    box.get_by_label("The price includes the tax").check()
    box.get_by_label("Add-on 1 Name").fill("Weekly call")
    box.get_by_label("Add-on 1 Description").fill("Fifteen minutes every Monday")
    box.get_by_label("Add-on 1 Price").fill(extra_price)


def test_an_option_with_unit_tax_and_an_extra_is_kept(page: Page, problems):
    open_offer(page)
    fill_taxed_option(page, "40.00")
    page.get_by_label("Name of the tax").fill("VAT")
    save_and_continue(page)
    on_step(page, "next", "Next steps")
    page.go_back()
    page.reload()
    box = page.locator(".card").nth(0)
    expect(box.get_by_label("Charged")).to_have_value("month")
    expect(box.get_by_label("Tax rate")).to_have_value("25")
    expect(box.get_by_label("The price includes the tax")).to_be_checked()
    expect(box.get_by_label("Add-on 1 Name")).to_have_value("Weekly call")
    expect(box.get_by_label("Add-on 2 Name")).to_have_value("")  # a spare row
    assert problems == []


def test_a_bad_extra_price_is_named_next_to_it(page: Page, problems):
    open_offer(page)
    fill_taxed_option(page, "forty")

    # The step's own POST, not a background autosave of what was typed.
    def saved(response) -> bool:
        return response.request.method == "POST" and not response.url.endswith("/autosave")

    with page.expect_response(saved) as response_info:
        save_and_continue(page)
    assert response_info.value.status == 422
    price = page.get_by_label("Add-on 1 Price")
    expect(price).to_have_value("forty")
    expect(price).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field").filter(has=price).locator(".error")).to_have_text("not a number")
    summary = page.get_by_role("alert")
    expect(
        summary.get_by_role("link", name="Option 1 — add-on 1 — price: not a number")
    ).to_be_visible()
    expect(page.get_by_label("Add-on 1 Name")).to_have_value("Weekly call")
    expect(page.get_by_label("Tax rate")).to_have_value("25")
    assert problems == []
