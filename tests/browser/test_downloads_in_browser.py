"""Downloads in a real Chromium: the saved file keeps the letters of the client's name.

The server names a PDF after the prospect's organisation, sent as RFC 6266/5987 `filename*`
beside an ASCII `filename`; only a browser shows which of the two a person ends up with.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from proposals import db, operations
from proposals.auth.users import find_by_email
from proposals.document import validate_document
from tests.conftest import NORTHWIND, load_example

from .live import EMAIL

pytestmark = pytest.mark.browser

ORGANISATION = "Kanelgården Café AB"


@pytest.fixture
def kanelgarden(live_server) -> tuple[int, bytes]:
    """A proposal for Kanelgården Café AB with one PDF version, made without the wizard:
    its id and the PDF's bytes."""
    document = load_example(NORTHWIND)
    document["prospect"]["organisation"] = ORGANISATION
    with db.standalone_session(live_server.app) as session:
        owner = find_by_email(session, EMAIL)
        proposal = operations.import_document(
            session, validate_document(document), owner_id=owner.id
        )
        version = operations.generate_pdf(session, proposal)
        return proposal.id, version.pdf


def test_a_pdf_for_kanelgarden_cafe_downloads_under_its_own_name(
    page: Page, problems, kanelgarden, tmp_path
):
    proposal_id, pdf = kanelgarden
    page.goto(f"/proposals/{proposal_id}")
    expect(page).to_have_url(re.compile(rf"/proposals/{proposal_id}$"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Version 1", exact=True).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "kanelgården-café-ab-proposal-v1.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes() == pdf
    assert problems == []
