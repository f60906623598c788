"""Print HTML to PDF bytes with WeasyPrint, through the asset-only URL fetcher.

A `PdfJob` is everything WeasyPrint needs, as plain data, so that it can be rendered
here or handed to a worker process: the HTML, in-memory assets (the firm's logo), the
PDF variant options, and the client-facing document embedded as `proposal.json`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from weasyprint import HTML, Attachment

from ..document import Document, client_facing, dump_document
from ..library.catalog import Catalog
from ..library.worked import WorkedSample
from .context import LOGO_ASSET, asked_contents, layout_of
from .fetcher import ASSET_ORIGIN, AssetFetcher
from .html import RenderError, render_html

log = logging.getLogger(__name__)

EMBEDDED_NAME = "proposal.json"
ARCHIVAL_VARIANT = "pdf/a-3b"
# From this many pages a compact proposal gets a contents page (formal ones always have it).
LONG_PROPOSAL_PAGES = 6


@dataclass(frozen=True)
class PdfJob:
    html: str
    assets: dict[str, bytes] = field(default_factory=dict)
    variant: str | None = None  # "pdf/a-3b" for archiving
    tagged: bool = False  # structure tags for screen readers
    embedded_json: str | None = None  # the document, without private notes
    # The same proposal with a contents page: laid out instead of `html` when that runs to
    # LONG_PROPOSAL_PAGES or more (compact layout only; formal always has its contents).
    long_html: str | None = None


def embedded_document(document: Document) -> str:
    """The document as it travels inside its PDF: client-facing only, stable key order."""
    return json.dumps(client_facing(dump_document(document)), ensure_ascii=False, indent=2)


def prepare_job(
    document: Document,
    catalog: Catalog,
    *,
    created: datetime | None = None,
    revision_id: int | None = None,
    firm: dict | None = None,
    worked: WorkedSample | None = None,
) -> tuple[PdfJob, int | None]:
    """Render the print HTML and gather what the PDF needs; returns the sample revision used."""
    created = created or datetime.now()
    html, worked = render_html(
        document, catalog, created=created, revision_id=revision_id, firm=firm, worked=worked
    )
    long_html = None
    # A compact proposal gets a contents page once it is long, unless it chose itself.
    if layout_of(document, firm or {}) == "compact" and asked_contents(document) is None:
        long_html, _ = render_html(
            document, catalog, created=created, firm=firm, worked=worked, contents=True
        )
    options = document.pdf
    logo = (firm or {}).get("logo")
    job = PdfJob(
        html=html,
        assets={LOGO_ASSET: logo} if logo else {},
        variant=ARCHIVAL_VARIANT if options and options.archival else None,
        tagged=bool(options and options.tagged),
        embedded_json=embedded_document(document),
        long_html=long_html,
    )
    return job, worked.revision_id


def run_job(job: PdfJob, html: Callable[..., HTML] = HTML) -> bytes:
    """Lay out a job's HTML and return the PDF; anything outside our assets is refused."""
    # `html` makes the weasyprint.HTML document; a render worker passes one that lays out
    # every PDF with the worker's one FontConfiguration (render/worker.py).
    fetcher = AssetFetcher(assets=job.assets)
    attachments = []
    if job.embedded_json is not None:
        attachments.append(
            Attachment(
                string=job.embedded_json,
                name=EMBEDDED_NAME,
                url_fetcher=fetcher,
                description="The proposal this PDF was made from (proposals/v1)",
                relationship="Source",
            )
        )
    options = {
        "pdf_variant": job.variant,
        "pdf_tags": job.tagged,
        "attachments": attachments or None,
    }
    try:
        pdf = _lay_out(job, html, fetcher, options)
    except RecursionError:
        log.warning("PDF rendering failed: nesting too deep")
        raise RenderError(
            "the PDF could not be laid out: something in it is nested far too deep"
        ) from None
    except Exception as exc:  # WeasyPrint raises many kinds; the consultant needs one message
        log.warning("PDF rendering failed: %s", exc, exc_info=log.isEnabledFor(logging.DEBUG))
        raise RenderError(f"the PDF could not be laid out: {exc}") from exc
    if fetcher.refused:
        log.warning(
            "refused %d URL(s) while rendering: %s", len(fetcher.refused), fetcher.refused[:5]
        )
    return pdf


def _lay_out(job: PdfJob, html: Callable[..., HTML], fetcher: AssetFetcher, options: dict):
    """The PDF of the job's HTML, or of its long form when the short one is long enough."""
    short = html(string=job.html, base_url=ASSET_ORIGIN, url_fetcher=fetcher)
    if job.long_html is None:
        return short.write_pdf(**options)
    # A first layout pass counts the pages; only a long proposal is laid out a second time.
    laid_out = short.render(**options)
    if len(laid_out.pages) >= LONG_PROPOSAL_PAGES:
        long = html(string=job.long_html, base_url=ASSET_ORIGIN, url_fetcher=fetcher)
        laid_out = long.render(**options)
    return laid_out.write_pdf(**options)


def html_to_pdf(html: str) -> bytes:
    """Lay out plain print HTML (no attachments, default variant)."""
    return run_job(PdfJob(html=html))


def render_pdf(
    document: Document,
    catalog: Catalog,
    *,
    created: datetime | None = None,
    revision_id: int | None = None,
    firm: dict | None = None,
) -> tuple[bytes, int | None]:
    """Render a validated document to PDF here, in this process (the CLI, tests)."""
    job, used_revision = prepare_job(
        document, catalog, created=created, revision_id=revision_id, firm=firm
    )
    return run_job(job), used_revision
