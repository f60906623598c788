"""The dashboard: list, continue, duplicate, delete with confirmation, status, PDF versions."""

from __future__ import annotations

import json
import re
from pathlib import Path

from proposals import operations
from proposals.document import validate_document
from proposals.models import PdfVersion, Proposal
from tests import databases
from tests.conftest import download_name
from tests.wizard_driver import Wizard, people_form


def make_complete(session, document, owner_id: int = 1) -> Proposal:
    """A complete proposal belonging to Dana (user 1), as if walked through the wizard."""
    return operations.import_document(session, validate_document(document), owner_id=owner_id)


def test_lists_proposals_with_prospect_title_and_status(client, session, northwind, harbor):
    make_complete(session, northwind)
    make_complete(session, harbor)
    html = client.get("/").get_data(as_text=True)
    assert "Northwind Bakery Ltd" in html and "Harbor Dental Group" in html
    assert "Getting through February with cash to spare" in html
    assert html.count('class="status status-draft"') == 2
    for proposal_id in (1, 2):  # each row: continue, reuse for another client, delete
        assert f'href="/proposals/{proposal_id}/step/review"' in html
        assert f'href="/proposals/{proposal_id}/duplicate"' in html
        assert f'href="/proposals/{proposal_id}/delete"' in html


def test_empty_dashboard_invites_a_first_proposal(client):
    html = client.get("/").get_data(as_text=True)
    assert "No proposals yet" in html
    assert "Start from a discovery meeting" in html


def test_continue_goes_to_the_first_step_not_done(client, northwind):
    wizard = Wizard(client)
    wizard.post("people", people_form(northwind))
    html = client.get(f"/proposals/{wizard.id}").get_data(as_text=True)
    assert f'href="/proposals/{wizard.id}/step/heard"' in html
    assert "Continue writing" in html


def test_each_generation_is_a_new_version_and_old_ones_stay_downloadable(
    client, session, northwind
):
    proposal = make_complete(session, northwind)
    first = operations.generate_pdf(session, proposal)
    first_bytes = first.pdf
    proposal.document = {**proposal.document, "title": "A sharper title"}
    session.commit()
    operations.generate_pdf(session, proposal)

    old = client.get(f"/proposals/{proposal.id}/pdf/1")
    new = client.get(f"/proposals/{proposal.id}/pdf/2")
    latest = client.get(f"/proposals/{proposal.id}/pdf/latest")
    assert old.status_code == new.status_code == 200
    assert old.data == first_bytes
    assert latest.data == new.data != old.data
    assert old.headers["Content-Type"] == "application/pdf"
    assert download_name(old) == "northwind-bakery-ltd-proposal-v1.pdf"
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page
    version_one = session.query(PdfVersion).filter_by(proposal_id=proposal.id, number=1).one()
    assert version_one.document["title"] == northwind["title"]  # the exact document it came from


def test_downloads_keep_the_letters_of_the_client_s_name(client, session, northwind):
    northwind["prospect"]["organisation"] = "Kanelgården Café AB"
    proposal = make_complete(session, northwind)
    operations.generate_pdf(session, proposal)
    pdf = client.get(f"/proposals/{proposal.id}/pdf/1")
    assert download_name(pdf) == "kanelgården-café-ab-proposal-v1.pdf"
    assert (
        "filename*=UTF-8''kanelg%C3%A5rden-caf%C3%A9-ab-proposal-v1.pdf"
        in (pdf.headers["Content-Disposition"])
    )
    client.post(f"/proposals/{proposal.id}/follow-up/sent")
    calendar = client.get(f"/proposals/{proposal.id}/follow-up.ics")
    assert download_name(calendar) == "follow-up-kanelgården-café-ab.ics"


def test_generating_marks_a_draft_ready(session, northwind):
    proposal = make_complete(session, northwind)
    operations.generate_pdf(session, proposal)
    assert proposal.status == "ready"


def test_missing_pdfs_and_proposals_are_404(client, session, northwind):
    proposal = make_complete(session, northwind)
    assert client.get(f"/proposals/{proposal.id}/pdf/1").status_code == 404
    assert client.get(f"/proposals/{proposal.id}/pdf/latest").status_code == 404
    response = client.get("/proposals/4242")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.get_data(as_text=True)


def test_delete_asks_first_then_removes_the_proposal_and_its_pdfs(client, session, northwind):
    proposal = make_complete(session, northwind)
    operations.generate_pdf(session, proposal)
    proposal_id = proposal.id
    confirm = client.get(f"/proposals/{proposal_id}/delete")
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.get_data(as_text=True)
    assert session.get(Proposal, proposal_id) is not None

    response = client.post(f"/proposals/{proposal_id}/delete")
    assert response.status_code == 302
    session.expunge_all()
    assert session.get(Proposal, proposal_id) is None
    assert session.query(PdfVersion).count() == 0


def test_status_can_be_changed_and_bad_values_are_refused(client, session, northwind):
    proposal = make_complete(session, northwind)
    assert (
        client.post(f"/proposals/{proposal.id}/status", data={"status": "sent"}).status_code == 302
    )
    session.expire_all()
    assert session.get(Proposal, proposal.id).status == "sent"
    assert (
        client.post(f"/proposals/{proposal.id}/status", data={"status": "won"}).status_code == 400
    )


# ---------------------------------------------------------------------------
# Search, status filter, sorts and pages, all kept in the URL.


def start(session, organisation: str, owner_id: int = 1) -> Proposal:
    begin = operations.Start(organisation, "Someone", {"name": "Dana Whitfield"})
    return operations.start_proposal(session, begin, owner_id)


def rows(html: str) -> list[str]:
    """The prospects listed, top to bottom."""
    return re.findall(r'<td><a href="/proposals/\d+">([^<]+)</a>', html)


def test_search_folds_case_and_accents_and_reads_the_whole_text(client, session, northwind):
    start(session, "Café Lumière")
    start(session, "Harbor Dental Group")
    make_complete(session, northwind)
    for query in ("LUMIERE", "cafe lumière", "Café lum"):
        assert rows(client.get(f"/?q={query}").get_data(as_text=True)) == ["Café Lumière"]
    by_text = client.get("/?q=february cash").get_data(as_text=True)  # title and body words
    assert rows(by_text) == ["Northwind Bakery Ltd"]
    assert 'value="february cash"' in by_text  # the query stays in the box
    assert "No proposal matches" in client.get("/?q=zebra").get_data(as_text=True)


def test_the_search_finds_only_your_own_proposals(client, session):
    start(session, "Café Lumière", owner_id=2)
    assert rows(client.get("/?q=cafe").get_data(as_text=True)) == []


def test_filter_by_status(client, session):
    sent = start(session, "Sent Ltd")
    start(session, "Draft Ltd")
    operations.set_status(session, sent, "sent")
    assert rows(client.get("/?status=sent").get_data(as_text=True)) == ["Sent Ltd"]
    assert rows(client.get("/?status=draft").get_data(as_text=True)) == ["Draft Ltd"]
    assert len(rows(client.get("/?status=nonsense").get_data(as_text=True))) == 2


def test_sort_by_last_change_prospect_or_status(client, session):
    zeta, alpha, mid = start(session, "Zeta"), start(session, "alpha"), start(session, "Mid")
    operations.set_status(session, zeta, "ready")
    operations.set_status(session, alpha, "declined")
    operations.set_status(session, mid, "sent")  # changed last
    assert rows(client.get("/").get_data(as_text=True)) == ["Mid", "alpha", "Zeta"]
    assert rows(client.get("/?sort=prospect").get_data(as_text=True)) == ["alpha", "Mid", "Zeta"]
    # By status in the order a proposal lives them: draft, ready, sent, accepted, declined.
    assert rows(client.get("/?sort=status").get_data(as_text=True)) == ["Zeta", "Mid", "alpha"]


def test_pages_of_25_keep_the_search_and_sort_in_their_links(client, session):
    for number in range(30):
        start(session, f"Café {number:02d}")
    start(session, "Other Ltd")
    first = client.get("/?q=cafe&sort=prospect").get_data(as_text=True)
    assert rows(first) == [f"Café {n:02d}" for n in range(25)]
    assert "30 proposals matching “cafe”" in first
    link = re.search(r'<a href="([^"]+)">Next →</a>', first).group(1).replace("&amp;", "&")
    assert "q=cafe" in link and "sort=prospect" in link and "page=2" in link
    second = client.get(link).get_data(as_text=True)
    assert rows(second) == [f"Café {n:02d}" for n in range(25, 30)]
    assert rows(client.get("/?q=cafe&sort=prospect&page=99").get_data(as_text=True)) == rows(
        second
    )  # past the end: the last page
    assert client.get("/?page=99999999999999999999999").status_code == 200


def test_tables_with_actions_keep_the_cell_a_table_cell(client, session, northwind):
    """The Actions column lines up: its buttons sit in a box inside the cell, not on it."""
    make_complete(session, northwind)
    for url in ("/", "/users"):
        html = client.get(url).get_data(as_text=True)
        assert '<td class="actions"><div class="row-actions">' in html, url
    css = (Path(__file__).parents[1] / "static/web/app.css").read_text()
    assert not re.search(r"table[^{}]*\.actions\s*\{[^}]*display:\s*flex", css)


def test_proposals_written_before_the_search_are_found_after_the_upgrade(tmp_path, northwind):
    """The migration fills in the search text of proposals that already exist."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from proposals.db import make_engine
    from proposals.paths import MIGRATIONS

    engine = make_engine(databases.url_for(tmp_path / "old.db", migrated=False))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0011")  # just before the search column
        connection.execute(
            text(
                "INSERT INTO proposal (title, prospect, status, document, step_drafts,"
                " completed_steps, edit_version, created_at, updated_at)"
                " VALUES ('', 'Café Lumière', 'draft', :document, '{}', '[]', 1,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"document": json.dumps({**northwind, "prospect": {"organisation": "Café Lumière"}})},
        )
        command.upgrade(config, "head")
        found = connection.execute(text("SELECT search_text FROM proposal")).scalar_one()
    engine.dispose()
    assert "cafe lumiere" in found and "february" in found
