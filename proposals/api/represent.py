"""Records as the API shows them: plain models built from the ORM rows."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import url_for

from ..document import DocumentError, validate_document
from ..models import PdfVersion, Proposal, RenderJob
from .schemas import JobOut, PdfVersionOut, ProblemItem, ProposalOut, ProposalSummary


def utc(moment: datetime | None) -> datetime | None:
    """A time the tables keep as naive UTC (models.utcnow), with its zone said."""
    return moment.replace(tzinfo=UTC) if moment else None


def version_out(version: PdfVersion) -> PdfVersionOut:
    return PdfVersionOut(
        number=version.number,
        # A PDF's time is the one printed in it: this machine's local time.
        created_at=version.created_at.astimezone(),
        size=version.size,
        sha256=version.sha256,
        frozen=version.frozen_at is not None,
        url=url_for("api.download_pdf", id=version.proposal_id, number=version.number),
    )


def summary_out(proposal: Proposal) -> ProposalSummary:
    return ProposalSummary(
        id=proposal.id,
        title=proposal.title,
        prospect=proposal.prospect,
        status=proposal.status,
        edit_version=proposal.edit_version,
        updated_at=utc(proposal.updated_at),
        url=url_for("api.show_proposal", id=proposal.id),
    )


def proposal_out(proposal: Proposal, complete: bool | None = None) -> ProposalOut:
    """`complete` when the caller knows it (just validated), else found out here."""
    return ProposalOut(
        id=proposal.id,
        title=proposal.title,
        prospect=proposal.prospect,
        status=proposal.status,
        edit_version=proposal.edit_version,
        complete=_complete(proposal) if complete is None else complete,
        document=proposal.document,
        pdf_versions=[version_out(version) for version in proposal.versions],
        created_at=utc(proposal.created_at),
        updated_at=utc(proposal.updated_at),
    )


def _complete(proposal: Proposal) -> bool:
    try:
        validate_document(proposal.document)
    except DocumentError:
        return False
    return True


def job_out(job: RenderJob) -> JobOut:
    return JobOut(
        id=job.id,
        proposal_id=job.proposal_id,
        status=job.status,
        edit_version=job.edit_version,
        version=version_out(job.version) if job.version else None,
        error=job.error or "",
        errors=[ProblemItem(**error) for error in job.errors or []],
        created_at=utc(job.created_at),
        finished_at=utc(job.finished_at),
    )


def etag(proposal: Proposal) -> str:
    """The edit version as an entity tag (`"3"`), for If-Match."""
    return f'"{proposal.edit_version}"'
