"""PDFs through the API: asked for (a render job, 202), followed, downloaded; the same PDF
asked for again is answered at once (200); a render that fails says why, by path."""

from __future__ import annotations

from sqlalchemy import select

from proposals import pdfs
from proposals.models import PdfVersion, Proposal, RenderJob
from proposals.render import RenderError
from tests.conftest import pdf_text, squash


def test_from_document_to_pdf(api, session, northwind):
    created = api.post("/api/v1/proposals", json=northwind).json
    url = f"/api/v1/proposals/{created['id']}"

    asked = api.post(f"{url}/pdf")
    assert asked.status_code == 202
    job = asked.json
    assert asked.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert job["status"] == "done"  # embedded: rendered before the answer
    followed = api.get(asked.headers["Location"]).json
    assert followed["version"]["number"] == 1
    download = api.get(followed["version"]["url"])
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert squash("Northwind Bakery") in squash(pdf_text(download.data))
    assert api.get(url).json["pdf_versions"][0]["sha256"] == followed["version"]["sha256"]

    again = api.post(f"{url}/pdf")  # nothing changed: that very PDF, no new version
    assert again.status_code == 200
    assert again.json["number"] == 1
    assert session.query(PdfVersion).count() == 1

    etag = api.get(url).headers["ETag"]
    changed = {**northwind, "title": "February, planned"}
    assert api.put(url, json=changed, headers={"If-Match": etag}).status_code == 200
    renewed = api.post(f"{url}/pdf")
    assert renewed.status_code == 202
    assert renewed.json["version"]["number"] == 2
    assert "February, planned" in pdf_text(api.get(f"{url}/pdf/2").data)


def test_an_incomplete_proposal_is_a_422_naming_what_is_missing(api, client, session):
    client.post("/proposals/new", data={"organisation": "Kanelgården", "contact_name": "Eva"})
    proposal = session.scalar(select(Proposal))
    response = api.post(f"/api/v1/proposals/{proposal.id}/pdf")
    assert response.status_code == 422
    paths = {item["path"] for item in response.json["errors"]}
    assert {"title", "listening", "offer"} <= paths
    assert session.query(RenderJob).count() == 0


def test_a_failed_render_is_a_failed_job_that_says_why(api, session, northwind, monkeypatch):
    def broken(job):
        raise RenderError("the PDF could not be laid out: test")

    monkeypatch.setattr(pdfs, "renderer", lambda: broken)
    created = api.post("/api/v1/proposals", json=northwind).json
    asked = api.post(f"/api/v1/proposals/{created['id']}/pdf")
    assert asked.status_code == 202
    job = api.get(asked.headers["Location"]).json
    assert job["status"] == "failed"
    assert "could not be laid out" in job["error"]
    assert job["version"] is None
    assert session.query(PdfVersion).count() == 0


def test_someone_else_s_job_and_a_missing_version_are_404(api, other_api, session, northwind):
    created = api.post("/api/v1/proposals", json=northwind).json
    job = RenderJob(proposal_id=created["id"], edit_version=1, status="queued")
    session.add(job)
    session.commit()
    assert api.get(f"/api/v1/jobs/{job.id}").status_code == 200
    assert other_api.get(f"/api/v1/jobs/{job.id}").status_code == 404
    assert api.get(f"/api/v1/jobs/{job.id + 1}").status_code == 404
    missing = api.get(f"/api/v1/proposals/{created['id']}/pdf/1")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
