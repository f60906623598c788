"""The dashboard: list, continue, duplicate, delete with confirmation, status, PDF versions."""

from __future__ import annotations

from proposals import operations
from proposals.document import validate_document
from proposals.models import PdfVersion, Proposal
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
