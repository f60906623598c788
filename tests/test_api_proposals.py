"""Proposals through the API: created from a document, listed as on the dashboard, read,
replaced only at the edit version read (If-Match), deleted; someone else's is a 404."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from proposals import operations
from proposals.auth.users import find_by_email
from proposals.document import normalize, validate_document
from proposals.models import PdfVersion, Proposal, Status
from tests.conftest import DANA, SAM
from tests.wizard_driver import people_form


def create(api, document) -> dict:
    response = api.post("/api/v1/proposals", json=document)
    assert response.status_code == 201, response.data[:500]
    return response.json


def import_for(session, email: str, document: dict, title: str | None = None) -> Proposal:
    if title:
        document = {**document, "title": title}
    owner = find_by_email(session, email)
    return operations.import_document(session, validate_document(document), owner_id=owner.id)


def test_creating_stores_the_document_as_dana_s_complete_proposal(api, client, session, northwind):
    response = api.post("/api/v1/proposals", json=northwind)
    assert response.status_code == 201
    created = response.json
    assert response.headers["Location"] == f"/api/v1/proposals/{created['id']}"
    assert response.headers["ETag"] == f'"{created["edit_version"]}"'
    stored = session.get(Proposal, created["id"])
    assert stored.document == normalize(northwind)
    assert stored.owner_id == find_by_email(session, DANA).id
    assert stored.sample_revision_id is not None  # the library sample's revision is pinned
    assert created["complete"] is True and created["status"] == Status.DRAFT
    assert "Northwind Bakery" in client.get("/").get_data(as_text=True)  # on her dashboard


def test_reading_gives_document_status_edit_version_and_pdf_versions(api, northwind):
    created = create(api, northwind)
    response = api.get(f"/api/v1/proposals/{created['id']}")
    assert response.status_code == 200
    body = response.json
    assert body["document"] == normalize(northwind)
    assert (body["status"], body["edit_version"], body["pdf_versions"]) == ("draft", 1, [])
    assert response.headers["ETag"] == '"1"'


def test_a_proposal_begun_in_the_wizard_reads_as_incomplete(api, client, session):
    client.post("/proposals/new", data={"organisation": "Kanelgården", "contact_name": "Eva"})
    proposal = session.scalar(select(Proposal))
    body = api.get(f"/api/v1/proposals/{proposal.id}").json
    assert body["complete"] is False
    assert body["prospect"] == "Kanelgården"


def test_the_list_is_the_dashboard_s_search_filter_and_pages(api, session, northwind, harbor):
    for number in range(26):
        import_for(session, DANA, northwind, f"Cash plan {number}")
    harbors = import_for(session, DANA, harbor)
    operations.set_status(session, harbors, Status.SENT)
    import_for(session, SAM, northwind, "Sam's own")

    first = api.get("/api/v1/proposals").json
    assert (first["total"], first["pages"], len(first["items"])) == (27, 2, 25)
    assert first["items"][0]["title"] == harbor["title"]  # the newest change first
    second = api.get("/api/v1/proposals?page=2").json
    assert len(second["items"]) == 2
    sent = api.get("/api/v1/proposals?status=sent").json
    assert [item["id"] for item in sent["items"]] == [harbors.id]
    found = api.get("/api/v1/proposals?q=CAFE").json  # "café": case and accents folded
    assert found["total"] == 26
    titles = {item["title"] for page in (first, second) for item in page["items"]}
    assert "Sam's own" not in titles


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("status=won", "query.status: must be one of"),
        ("page=0", "query.page: Input should be greater than or equal to 1"),
        ("sort=price", "query.sort: must be one of"),
        ("q=" + "x" * 101, "query.q: at most 100 characters"),
    ],
)
def test_a_list_query_that_makes_no_sense_is_a_422_by_parameter(api, query, problem):
    response = api.get(f"/api/v1/proposals?{query}")
    assert response.status_code == 422
    item = response.json["errors"][0]
    assert f"{item['path']}: {item['message']}".startswith(problem)


def test_replacing_with_the_edit_version_read(api, session, northwind):
    created = create(api, northwind)
    changed = copy.deepcopy(northwind)
    changed["title"] = "February without the overdraft"
    url = f"/api/v1/proposals/{created['id']}"
    response = api.put(url, json=changed, headers={"If-Match": api.get(url).headers["ETag"]})
    assert response.status_code == 200
    assert response.json["title"] == "February without the overdraft"
    assert response.headers["ETag"] == '"2"'
    assert session.get(Proposal, created["id"]).document["title"] == changed["title"]


def test_a_change_made_meanwhile_is_a_412_and_nothing_is_overwritten(api, session, northwind):
    created = create(api, northwind)
    url = f"/api/v1/proposals/{created['id']}"
    seen = api.get(url).headers["ETag"]
    # Meanwhile, in the wizard: the consultant rewrites what was heard.
    proposal = session.get(Proposal, created["id"])
    listening = {**northwind["listening"], "situation": "Written in the wizard meanwhile."}
    assert operations.save_section(session, proposal, "listening", {"listening": listening}) is None

    changed = {**northwind, "title": "From the CRM"}
    response = api.put(url, json=changed, headers={"If-Match": seen})
    assert response.status_code == 412
    assert response.mimetype == "application/problem+json"
    assert response.headers["ETag"] == '"2"'
    session.expire_all()
    kept = session.get(Proposal, created["id"]).document
    assert kept["listening"]["situation"] == "Written in the wizard meanwhile."
    assert kept["title"] == northwind["title"]


@pytest.mark.parametrize(("if_match", "status"), [(None, 428), ("yesterday", 412), ('"7"', 412)])
def test_replacing_needs_a_matching_if_match(api, session, northwind, if_match, status):
    created = create(api, northwind)
    headers = {"If-Match": if_match} if if_match else {}
    changed = {**northwind, "title": "Not applied"}
    response = api.put(f"/api/v1/proposals/{created['id']}", json=changed, headers=headers)
    assert response.status_code == status
    assert session.get(Proposal, created["id"]).title == northwind["title"]


def test_replacing_with_a_bad_document_changes_nothing(api, session, northwind):
    created = create(api, northwind)
    bad = copy.deepcopy(northwind)
    bad["offer"]["options"][0]["price"] = "four hundred"
    url = f"/api/v1/proposals/{created['id']}"
    response = api.put(url, json=bad, headers={"If-Match": '"1"'})
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": "offer.options[0].price", "message": "not a number"}
    ]
    assert session.get(Proposal, created["id"]).edit_version == 1


def test_deleting_removes_the_proposal_and_its_pdfs(api, session, northwind):
    proposal = import_for(session, DANA, northwind)
    session.add(
        PdfVersion(proposal=proposal, number=1, document={}, pdf=b"%PDF", size=4, sha256="0")
    )
    session.commit()
    response = api.delete(f"/api/v1/proposals/{proposal.id}")
    assert response.status_code == 204
    assert api.get(f"/api/v1/proposals/{proposal.id}").status_code == 404
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(PdfVersion)) == 0


def test_sam_gets_404_for_everything_of_dana_s_and_changes_nothing(
    api, other_api, session, northwind
):
    proposal = import_for(session, DANA, northwind)
    session.add(
        PdfVersion(proposal=proposal, number=1, document={}, pdf=b"%PDF", size=4, sha256="0")
    )
    session.commit()
    url = f"/api/v1/proposals/{proposal.id}"
    answers = [
        other_api.get(url),
        other_api.put(
            url, json={**northwind, "title": "Sam was here"}, headers={"If-Match": '"1"'}
        ),
        other_api.delete(url),
        other_api.post(f"{url}/pdf"),
        other_api.get(f"{url}/pdf/1"),
    ]
    for response in answers:
        assert response.status_code == 404, response.request.path
        assert response.mimetype == "application/problem+json"
        assert b"Northwind" not in response.data and b"%PDF" not in response.data
    assert other_api.get("/api/v1/proposals").json["total"] == 0
    session.expire_all()
    kept = session.get(Proposal, proposal.id)
    assert (kept.title, kept.edit_version, len(kept.versions)) == (northwind["title"], 1, 1)
    assert api.get(url).status_code == 200  # Dana still sees it


def test_a_wizard_tab_open_before_a_replacement_sees_the_conflict(api, client, session, northwind):
    created = create(api, northwind)
    proposal = session.get(Proposal, created["id"])
    opened_at = operations.section_version(proposal, "people")  # a tab open on step 1
    url = f"/api/v1/proposals/{created['id']}"
    changed = {**northwind, "title": "From the CRM"}
    assert api.put(url, json=changed, headers={"If-Match": '"1"'}).status_code == 200

    typed = {**people_form(northwind), "title": "Typed in the old tab", "edit_version": opened_at}
    response = client.post(f"/proposals/{created['id']}/step/people", data=typed)
    assert response.status_code == 409
    session.expire_all()
    assert session.get(Proposal, created["id"]).title == "From the CRM"
