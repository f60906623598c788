"""What the API's requests and answers hold, as pydantic models: the OpenAPI document is
generated from these (and from the proposals/v1 `Document` in document.py, which the
request bodies of validate, create, update and check are)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..dashboard.listing import SORTS
from ..document import Limits
from ..fields import LocaleTag, OptionalCurrency, Short
from ..library.spec import InputSpec
from ..models import JobStatus, Status
from ..trust import Finding
from ..web import LARGEST_ID


class Out(BaseModel):
    """An answer: every field is always present (None where there is nothing)."""

    model_config = ConfigDict(from_attributes=True)


class ProblemItem(Out):
    path: str = Field(description="Where in what was sent, e.g. `offer.options[0].price`.")
    message: str


class Problem(Out):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[ProblemItem] = Field(
        default_factory=list, description="Every problem in what was sent, by path."
    )


class Valid(Out):
    valid: Literal[True] = True


class PdfVersionOut(Out):
    number: int
    created_at: datetime
    size: int = Field(description="Bytes.")
    sha256: str
    frozen: bool = Field(description="Sent to the client: it will never change.")
    url: str


class ProposalSummary(Out):
    id: int
    title: str
    prospect: str
    status: Status
    edit_version: int
    updated_at: datetime
    url: str


class ProposalPage(Out):
    items: list[ProposalSummary]
    page: int
    pages: int
    total: int


class ProposalOut(Out):
    id: int
    title: str
    prospect: str
    status: Status
    edit_version: int = Field(description="Send it back as `If-Match` to update.")
    complete: bool = Field(description="The document is a whole proposals/v1 document.")
    document: dict[str, Any] = Field(
        description="The proposals/v1 document as stored (partial while being written)."
    )
    pdf_versions: list[PdfVersionOut] = Field(description="Newest first.")
    created_at: datetime
    updated_at: datetime


class JobOut(Out):
    id: int
    proposal_id: int
    status: JobStatus
    edit_version: int = Field(description="The proposal's edit version the job renders.")
    version: PdfVersionOut | None = Field(description="The PDF made, once done.")
    error: str
    errors: list[ProblemItem]
    created_at: datetime
    finished_at: datetime | None


class ListQuery(BaseModel):
    """The dashboard's search, status filter, sort and page (25 to a page)."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field("", max_length=Limits.SEARCH, description="Words to find (accents folded).")
    status: Literal[tuple(Status)] | None = None
    sort: Literal[tuple(SORTS)] = "changed"
    page: int = Field(1, ge=1, le=LARGEST_ID)


class CheckReport(Out):
    """The trust check's report: the same JSON as `proposals check --json`."""

    findings: list[Finding]
    summary: dict[str, Any]


class SampleSummary(Out):
    id: str
    title: str
    summary: str
    tags: list[str]
    url: str


class SampleOut(Out):
    id: str
    title: str
    summary: str
    tags: list[str]
    language: str
    revision: int = Field(description="The current revision's number.")
    inputs: list[InputSpec] = Field(description="What the sample needs to be worked out.")
    example: dict[str, Any] = Field(description="Example inputs, as a proposal would send them.")


class WorkOutRequest(BaseModel):
    """The inputs to work a sample out on, and the little it may know of the client."""

    model_config = ConfigDict(extra="forbid")

    inputs: dict[str, Any] = Field(default_factory=dict, max_length=Limits.INPUTS)
    organisation: Short = None
    contact_name: Short = None
    industry: Short = None
    currency: OptionalCurrency = None
    locale: LocaleTag = None


class WorkedOut(Out):
    id: str
    title: str
    html: str = Field(description="The worked sample, as sanitized HTML.")
    revision: int


class SampleList(Out):
    items: list[SampleSummary]
