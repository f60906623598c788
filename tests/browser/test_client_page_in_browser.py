"""The client's page in a real Chromium, with no account, at a phone's and a desktop's width:
read, choose an option and an extra, see the total change, accept; then the consultant sees
it. Every request the page makes goes to the app itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.client_setup import send_with_link
from tests.conftest import NORTHWIND, load_example
from tests.test_offer_pdf import taxed_document

from .live import new_context, sign_in

pytestmark = pytest.mark.browser

PRIVACY_LINE = "This page records nothing about your visit"


@pytest.fixture
def sent(live_server):
    from proposals.document import normalize

    return send_with_link(live_server.app, taxed_document(normalize(load_example(NORTHWIND))))


def client_page(chromium, live_server, width: int):
    """A fresh browser profile with no account, recording every request it makes."""
    context = new_context(chromium, live_server.url)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, requests, errors


@pytest.mark.parametrize("width", [390, 1280])
def test_the_client_reads_chooses_and_accepts(chromium, live_server, sent, width, tmp_path):
    context, page, requests, errors = client_page(chromium, live_server, width)
    page.goto(sent.url)
    expect(
        page.get_by_role("heading", name="Getting through February with cash to spare")
    ).to_be_visible()
    expect(page.get_by_text(PRIVACY_LINE)).to_be_visible()
    assert context.cookies() == []

    answer = page.locator("#answer")
    expect(answer.get_by_role("button", name="Show total")).to_be_hidden()  # the script does it
    expect(answer.get_by_text("Choose an option to see its total.")).to_be_visible()
    answer.get_by_label("Winter check-up", exact=False).check()
    total = answer.locator("#total")
    expect(total.locator('[data-total="net"]')).to_have_text("£450.00")
    expect(total.locator('[data-total="gross"]')).to_have_text("£562.50")
    answer.get_by_label("Third session").check()
    expect(total.locator('[data-total="net"]')).to_have_text("£600.00")
    expect(total.locator('[data-total="gross"]')).to_have_text("£750.00")
    page.screenshot(path=str(tmp_path / f"client-page-{width}.png"), full_page=True)
    answer.screenshot(path=str(tmp_path / f"client-choice-{width}.png"))

    answer.get_by_label("Your full name").fill("Priya Raman")
    answer.get_by_label("Your role").fill("Owner")
    answer.get_by_label("Your reference (optional)").fill("PO-2291")
    answer.get_by_label("I accept this proposal as sent (version 1).").check()
    answer.get_by_role("button", name="Accept", exact=True).click()
    expect(page.get_by_text("You accepted this proposal on")).to_be_visible()
    expect(page.locator(".accepted")).to_contain_text("£750.00")
    expect(page.get_by_role("link", name="Download the acceptance receipt (PDF)")).to_be_visible()
    page.locator("#answer").screenshot(path=str(tmp_path / f"client-accepted-{width}.png"))

    origin = live_server.url
    outside = [url for url in requests if not url.startswith(("data:", origin + "/"))]
    assert requests and outside == []
    assert {urlsplit(url).netloc for url in requests if not url.startswith("data:")} == {
        urlsplit(origin).netloc
    }
    assert errors == []
    assert context.cookies() == []
    context.close()

    consultant = new_context(chromium, live_server.url)
    desk = consultant.new_page()
    desk.set_viewport_size({"width": width, "height": 900})
    sign_in(desk)
    row = desk.locator("tbody tr", has=desk.get_by_role("link", name="Northwind Bakery Ltd")).first
    expect(row.locator(".status")).to_have_text("accepted")
    desk.goto(f"/proposals/{sent.proposal_id}")
    panel = desk.locator("#client-answers")
    expect(panel).to_contain_text("Priya Raman, Owner")
    expect(panel).to_contain_text("Third session")
    expect(panel).to_contain_text("£750.00")
    panel.screenshot(path=str(tmp_path / f"consultant-{width}.png"))
    consultant.close()


def test_without_javascript_show_total_asks_the_server(chromium, live_server, sent):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(sent.url)
    answer = page.locator("#answer")
    answer.get_by_label("Winter check-up", exact=False).check()
    answer.get_by_label("Board summary").check()
    answer.get_by_label("Your full name").fill("Priya Raman")
    answer.get_by_role("button", name="Show total").click()
    total = page.locator("#total")
    expect(total.locator('[data-total="gross"]')).to_have_text("£687.49")
    expect(page.locator("#answer").get_by_label("Your full name")).to_have_value("Priya Raman")
    context.close()
