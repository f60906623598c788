"""The wizard in a real Chromium: CSRF tokens, list buttons, CSV paste, the PDF download.

Every step is filled through labels and roles, the way a person (or a screen reader)
finds the fields, with the Northwind Bakery example's content.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.conftest import NORTHWIND, load_example, pdf_text, squash

pytestmark = pytest.mark.browser

PDF_HEADINGS = [
    "What we heard",
    "Worked sample",
    "Who else could help",
    "If you'd like our help",
    "Next steps",
]
MONTH_COLUMNS = ["month", "revenue", "costs"]  # cash-runway's months table


@pytest.fixture
def doc() -> dict:
    return load_example(NORTHWIND)


# --- helpers, also used by screenshots.py ------------------------------------------------


def on_step(page: Page, slug: str, title: str) -> None:
    expect(page).to_have_url(re.compile(rf"/proposals/\d+/step/{slug}(#.*)?$"))
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    page.wait_for_load_state()


def save_and_continue(page: Page, button: str = "Save and continue") -> None:
    page.get_by_role("button", name=button).click()


def start_proposal(page: Page, organisation: str = "New prospect Ltd") -> str:
    """A new proposal through the start form; returns the URL of its steps, without the slug."""
    page.goto("/")
    expect(page.get_by_role("heading", name="Your proposals")).to_be_visible()
    page.get_by_role("link", name="Start from a discovery meeting").click()
    page.get_by_label("Organisation", exact=True).fill(organisation)
    page.get_by_label("Contact name").fill("A. Person")
    page.get_by_role("button", name="Start the proposal").click()
    on_step(page, "people", "Prospect and consultant")
    return page.url.removesuffix("people")


def fill_people(page: Page, doc: dict) -> None:
    prospect, consultant = doc["prospect"], doc["consultant"]
    page.get_by_label("Organisation", exact=True).fill(prospect["organisation"])
    page.get_by_label("Industry", exact=True).fill(prospect["industry"])
    page.get_by_label("Contact name").fill(prospect["contact_name"])
    page.get_by_label("Their role").fill(prospect["contact_role"])
    page.get_by_label("Their e-mail").fill(prospect["email"])
    page.get_by_label("You met on").fill(prospect["met_on"])
    page.get_by_label("Proposal title").fill(doc["title"])
    page.get_by_label("Currency for figures").select_option("GBP")
    page.get_by_label("Your name").fill(consultant["name"])
    page.get_by_label("Firm").fill(consultant["firm"])
    page.get_by_label("E-mail", exact=True).fill(consultant["email"])
    page.get_by_label("Phone").fill(consultant["phone"])


def fill_list(page: Page, legend: str, items: list[str], add_button: str, shown: int) -> None:
    """Type into a list's boxes (labelled "Goals 1", "Goals 2"...), adding boxes as needed.

    Each add button submits the form: the page comes back with what was typed and one
    more box. `shown` is how many boxes the list has before anything is added.
    """
    for number, item in enumerate(items, 1):
        if number > shown:
            page.get_by_role("button", name=add_button).click()
            shown += 1
        box = page.get_by_label(f"{legend} {number}", exact=True)
        expect(box).to_be_empty()
        box.fill(item)


def fill_heard(page: Page, doc: dict) -> None:
    listening = doc["listening"]
    page.get_by_label("Their situation").fill(listening["situation"])
    quotes = listening["their_words"]
    fill_list(page, "In their words", quotes[:2], "Add another quote", shown=2)
    # The third quote needs a third box: the button saves what is typed and adds one.
    page.get_by_role("button", name="Add another quote").click()
    expect(page.get_by_label("In their words 3", exact=True)).to_be_empty()
    expect(page.get_by_label("In their words 1", exact=True)).to_have_value(quotes[0])
    expect(page.get_by_label("In their words 2", exact=True)).to_have_value(quotes[1])
    expect(page.get_by_label("Their situation")).to_have_value(listening["situation"])
    page.get_by_label("In their words 3", exact=True).fill(quotes[2])
    fill_list(page, "Goals", listening["goals"], "Add a goal", shown=2)
    fill_list(page, "Obstacles", listening["obstacles"], "Add an obstacle", shown=1)
    page.get_by_label("What they have tried").fill(listening["tried_before"])
    page.get_by_label("What would let them sleep well at night").fill(listening["sleep_well"])
    page.get_by_label("Constraints").fill(listening["constraints"])
    page.get_by_label("Your notes from the meeting").fill(listening["notes"])


def months_csv(months: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, MONTH_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(months)
    return out.getvalue()


def month_cell(page: Page, row: int, column: str):
    """A box in the months table, found through the row's header cell ("11").

    Not through the boxes' own labels: they name the column's position instead of the
    row ("Month, row 1", "Revenue, row 2", "Costs, row 3" on every row).
    """
    header = page.get_by_role("rowheader", name=str(row), exact=True)
    boxes = page.get_by_role("row").filter(has=header).get_by_role("textbox")
    return boxes.nth(MONTH_COLUMNS.index(column))


def fill_sample(page: Page, doc: dict) -> None:
    """Choose cash-runway, paste all months but the last as CSV, type the last one by hand."""
    sample = doc["sample"]
    months = sample["inputs"]["months"]
    page.get_by_role("radio", name="Cash runway").check()
    page.get_by_role("button", name="Use this sample").click()
    expect(page.get_by_role("heading", name="Their figures for “Cash runway”")).to_be_visible()
    page.get_by_label("Cash on hand today").fill(sample["inputs"]["cash_on_hand"])

    page.get_by_text("from a spreadsheet (CSV)").click()  # opens the <details>
    page.get_by_label("paste CSV").fill(months_csv(months[:-1]))
    page.get_by_role("button", name="Add a row").click()  # reads the CSV, then adds a row

    pasted, last = len(months) - 1, months[-1]
    expect(month_cell(page, pasted, "month")).to_have_value(months[-2]["month"])
    expect(month_cell(page, pasted, "costs")).to_have_value(months[-2]["costs"])
    for column in MONTH_COLUMNS:
        box = month_cell(page, pasted + 1, column)
        expect(box).to_be_empty()
        box.fill(last[column])
    page.get_by_label("Your commentary").fill(sample["commentary"])
    page.get_by_role("button", name="Work it out").click()


def card(page: Page, title: str):
    """One card of a repeated group ("Referral 2", "Option 1"), found by its heading."""
    return page.locator(".card").filter(has=page.get_by_role("heading", name=title, exact=True))


def fill_help(page: Page, doc: dict) -> None:
    for number, referral in enumerate(doc["referrals"], 1):
        if number > 1:
            page.get_by_role("button", name="Add a referral").click()
        box = card(page, f"Referral {number}")
        box.get_by_label("Name", exact=True).fill(referral["name"])
        box.get_by_label("Organisation", exact=True).fill(referral["organisation"])
        box.get_by_label("What part of the need they serve").fill(referral["serves"])
        box.get_by_label("Why they fit better").fill(referral["why"])
        box.get_by_label("How to reach them").fill(referral["contact"])
    fill_list(
        page,
        "What they can do themselves",
        doc["self_help"],
        "Add something they can do",
        shown=2,
    )


def fill_option(page: Page, number: int, option: dict) -> None:
    box = card(page, f"Option {number}")
    box.get_by_label("Option name").fill(option["name"])
    box.get_by_label("What is included").fill(option["description"])
    box.get_by_label("Price", exact=True).fill(option["price"])
    box.get_by_label("Currency", exact=True).select_option(option["currency"])
    box.get_by_label("Timeline").fill(option["timeline"])


def fill_offer(page: Page, doc: dict) -> None:
    offer = doc["offer"]
    page.get_by_label("Summary", exact=True).fill(offer["summary"])
    for number, option in enumerate(offer["options"], 1):
        if number > 1:
            page.get_by_role("button", name="Add an option").click()
        fill_option(page, number, option)
    page.get_by_label("If it goes wrong").fill(offer["if_it_goes_wrong"])
    page.get_by_label("Valid until").fill(offer["valid_until"])


def fill_next(page: Page, doc: dict) -> None:
    fill_list(page, "Next steps", doc["next_steps"], "Add a step", shown=2)
    page.get_by_label("Follow up on").fill(doc["follow_up"]["on"])
    page.get_by_label("About", exact=True).fill(doc["follow_up"]["about"])


# --- the tests -------------------------------------------------------------------------


def test_the_whole_wizard_ends_in_a_pdf_download(page: Page, problems, doc, tmp_path):
    start_proposal(page)
    fill_people(page, doc)
    save_and_continue(page)

    on_step(page, "heard", "What you heard")
    fill_heard(page, doc)
    save_and_continue(page)

    on_step(page, "sample", "Worked sample")
    fill_sample(page, doc)
    on_step(page, "sample", "Worked sample")
    result = page.locator("section#result")
    expect(
        result.get_by_role("heading", name="Worked out on Northwind Bakery Ltd's figures")
    ).to_be_visible()
    expect(result.get_by_role("table")).to_contain_text("February 2026")
    expect(result.get_by_role("table")).to_contain_text("November 2026")  # the typed row
    expect(result).to_contain_text("£18,500.00")
    # The commentary box comes after the worked result; continuing saves it too.
    assert result.evaluate(
        "r => !!(r.compareDocumentPosition(document.getElementById('commentary'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    page.get_by_role("button", name="Save and continue to who else could help").click()

    on_step(page, "help", "Who else could help")
    fill_help(page, doc)
    save_and_continue(page)

    on_step(page, "offer", "The offer")
    fill_offer(page, doc)
    save_and_continue(page)

    on_step(page, "next", "Next steps")
    fill_next(page, doc)
    save_and_continue(page, "Save and review")

    on_step(page, "review", "Review")
    steps = page.get_by_role("navigation", name="Steps")
    for title in ("Prospect and consultant", "What you heard", "Worked sample", "The offer"):
        expect(steps.get_by_role("link", name=f"{title} (complete)")).to_be_visible()
    preview = page.locator("article.preview")
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        [
            doc["title"],
            "What we heard",
            "Worked sample: Cash runway",
            "Who else could help",
            "If you'd like our help",
            "Next steps",
        ]
    )
    expect(preview).to_contain_text("I never see it coming")
    expect(page.get_by_text("worried the bank will call")).to_have_count(0)
    page.get_by_role("button", name="Generate PDF").first.click()

    expect(page).to_have_url(re.compile(r"/proposals/\d+$"))
    expect(page.get_by_role("status")).to_have_text("Version 1 of the PDF is ready.")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Version 1", exact=True).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "northwind-bakery-ltd-proposal-v1.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    bookmarks = [
        (node.title, reader.get_destination_page_number(node))
        for node in reader.outline
        if not isinstance(node, list)
    ]
    starts = []
    for heading in PDF_HEADINGS:  # each section is bookmarked, after the one before
        pages = [page for title, page in bookmarks if title.startswith(heading)]
        assert pages, f"{heading!r} is missing from the PDF outline"
        assert squash(heading) in squash(reader.pages[pages[0]].extract_text())
        starts.append(pages[0])
    assert starts == sorted(starts), f"sections out of order: {starts}"
    text = squash(text)
    assert squash("We run out of cash every February and I never see it coming.") in text
    assert squash("If I knew I'd be fine until March, I'd sleep.") in text  # the added quote
    assert squash("worried the bank will call the overdraft") not in text
    assert squash("Husband does the books on Sundays") not in text
    assert problems == []


def test_a_bad_price_is_shown_next_to_it_and_the_rest_is_kept(page: Page, problems, doc):
    start_proposal(page)
    steps = page.get_by_role("navigation", name="Steps")
    steps.get_by_role("link", name="The offer").click()
    on_step(page, "offer", "The offer")

    offer = doc["offer"]
    option = {**offer["options"][0], "price": "abc"}
    page.get_by_label("Summary", exact=True).fill(offer["summary"])
    fill_option(page, 1, option)
    page.get_by_label("If it goes wrong").fill(offer["if_it_goes_wrong"])
    page.get_by_label("Valid until").fill(offer["valid_until"])
    step_post = re.compile(r"/step/offer$")  # not an autosave sent in the background
    with page.expect_response(
        lambda r: r.request.method == "POST" and step_post.search(r.url)
    ) as response_info:
        save_and_continue(page)
    assert response_info.value.status == 422

    price = page.get_by_label("Price", exact=True)
    expect(price).to_have_value("abc")
    expect(price).to_have_attribute("aria-invalid", "true")
    price_field = page.locator(".field").filter(has=price)
    expect(price_field.locator(".error")).to_have_text("not a number")
    expect(page.locator(".error")).to_have_count(1)  # nothing else is blamed

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Price: not a number")).to_have_attribute(
        "href", f"#{price.get_attribute('id')}"
    )
    expect(page.get_by_label("Summary", exact=True)).to_have_value(offer["summary"])
    expect(page.get_by_label("Option name")).to_have_value(option["name"])
    expect(page.get_by_label("What is included")).to_have_value(option["description"])
    expect(page.get_by_label("Currency", exact=True)).to_have_value(option["currency"])
    expect(page.get_by_label("Timeline")).to_have_value(option["timeline"])
    expect(page.get_by_label("If it goes wrong")).to_have_value(offer["if_it_goes_wrong"])
    expect(page.get_by_label("Valid until")).to_have_value(offer["valid_until"])
    expect(steps.get_by_role("link", name="The offer (needs attention)")).to_be_visible()
    assert problems == []


def test_a_post_without_the_csrf_token_is_refused(page: Page, live_server):
    """The server in these tests checks CSRF, so the tests above prove the browser passes it."""
    response = page.request.post(f"{live_server.url}/proposals/new")
    assert response.status == 400
