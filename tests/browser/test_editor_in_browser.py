"""In Chromium: the sample editor's line numbers and error line, the history diff on a
phone, the follow-up kit's copy button, and the review's firm logo (no CSP error)."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from proposals import db, operations
from proposals.document import validate_document
from proposals.firm import profile
from proposals.library.lookups import find
from proposals.library.revisions import save_revision, set_archived
from proposals.models import PdfVersion, Status
from proposals.paths import DEMO

from .test_library_in_browser import BAD_LINE, BAD_SOURCE

pytestmark = pytest.mark.browser

EDITOR = "Sample file (front matter and body)"
DIFFED = "runway-diff-check"


def northwind() -> dict:
    return json.loads((DEMO / "northwind-bakery.json").read_text(encoding="utf-8"))


def proposal_with_pdf(app) -> int:
    """A complete Northwind proposal of Dana's with a PDF version (a stand-in's bytes)."""
    with db.standalone_session(app) as session:
        proposal = operations.import_document(session, validate_document(northwind()), owner_id=1)
        pdf = b"%PDF-1.7 stand-in"
        session.add(
            PdfVersion(
                proposal=proposal,
                number=1,
                document=proposal.document,
                pdf=pdf,
                size=len(pdf),
                sha256=hashlib.sha256(pdf).hexdigest(),
                sample_revision_id=proposal.sample_revision_id,
            )
        )
        proposal.status = Status.READY
        session.commit()
        return proposal.id


def test_the_editor_numbers_its_lines_and_marks_the_error_line(page: Page, problems):
    page.goto("/library/new")
    editor = page.get_by_label(EDITOR)
    editor.fill(BAD_SOURCE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Not saved yet")

    gutter = page.locator(".code-editor .gutter")
    lines = BAD_SOURCE.count("\n") + 1
    expect(gutter.locator("span")).to_have_count(lines)
    expect(gutter.locator("span.error-line")).to_have_text(str(BAD_LINE))
    # The marked number sits level with the line it names, and so does the red band.
    error_number = gutter.locator("span.error-line").bounding_box()
    band = page.locator(".code-editor .error-band").bounding_box()
    assert abs(error_number["y"] - band["y"]) < 3
    assert error_number["y"] > editor.bounding_box()["y"]  # the error line was scrolled into view

    # Scrolling the text scrolls the numbers with it.
    editor.evaluate("box => { box.scrollTop = 200; box.dispatchEvent(new Event('scroll')); }")
    assert page.locator(".code-editor .gutter").evaluate("g => g.scrollTop") == editor.evaluate(
        "box => box.scrollTop"
    )
    # Typing a line adds a number.
    editor.press("Control+End")
    editor.press("Enter")
    expect(gutter.locator("span")).to_have_count(lines + 1)
    assert problems == []


def test_the_diff_wraps_on_a_phone_and_marks_the_changed_words(page: Page, live_server, problems):
    # A sample of this test's own, archived at once: the live server's library is shared.
    long_title = "Diff check " + "through the lean winter months " * 4 + "and a changed ending"
    with db.standalone_session(live_server.app) as session:
        source = find(session, "cash-runway").current.source
        source = source.replace("id: cash-runway", f"id: {DIFFED}", 1)
        source = source.replace("title: Cash runway", "title: Diff check", 1)
        save_revision(session, source, "Dana Whitfield", work_example=False)
        edited = source.replace("title: Diff check", f"title: {long_title}", 1)
        newer = save_revision(session, edited, "Dana Whitfield", work_example=False).number
        set_archived(find(session, DIFFED), True)
        session.commit()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/library/{DIFFED}/diff?from={newer - 1}&to={newer}")
    diff = page.locator(".diff")
    expect(diff.locator(".diff-added ins").first).to_contain_text("lean winter months")
    assert diff.evaluate("d => d.scrollWidth <= d.clientWidth")  # lines wrap inside the box
    ending = diff.locator(".diff-added").first.get_by_text("changed ending")
    box, frame = ending.bounding_box(), diff.bounding_box()
    # The last changed word is inside the diff's box, not off to its right. (The page as a
    # whole fits a phone once the app's layout does: issue 10, item 3.)
    assert box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert problems == []


def test_the_copy_button_puts_the_cover_email_on_the_clipboard(page: Page, live_server, problems):
    proposal_id = proposal_with_pdf(live_server.app)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/proposals/{proposal_id}/follow-up")
    copy = page.get_by_role("button", name="Copy the cover email")
    copy.click()
    expect(page.locator("#cover_email-copied")).to_have_text("Copied: paste it into your e-mail.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_label("Cover email").input_value()
    assert copied.startswith("Subject: ")
    assert problems == []


def test_without_the_clipboard_api_the_copy_button_still_copies(page: Page, live_server, problems):
    proposal_id = proposal_with_pdf(live_server.app)
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(f"/proposals/{proposal_id}/follow-up")
    page.get_by_role("button", name="Copy the cover email").click()
    status = page.locator("#cover_email-copied")
    expect(status).not_to_be_empty()
    selected = page.evaluate(
        "(() => { const box = document.getElementById('cover_email-text');"
        " return box.value.substring(box.selectionStart, box.selectionEnd); })()"
    )
    assert selected == page.get_by_label("Cover email").input_value()  # copied or ready to
    assert problems == []


def test_the_review_shows_the_firm_logo_with_no_csp_error(page: Page, live_server, problems):
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), (29, 92, 99)).save(logo, format="PNG")
    with db.standalone_session(live_server.app) as session:
        profile(session).logo_png = logo.getvalue()
        session.commit()
    proposal_id = proposal_with_pdf(live_server.app)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"/proposals/{proposal_id}/step/review")
    image = page.locator(".preview img.logo")
    expect(image).to_be_visible()
    assert image.get_attribute("src") == "/firm/logo.png"
    assert image.evaluate("img => img.complete && img.naturalWidth") == 120
    assert not [text for text in console if "Content Security Policy" in text]
    assert problems == []
