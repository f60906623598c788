"""Print HTML to PDF bytes with WeasyPrint, through the asset-only URL fetcher."""

from __future__ import annotations

import logging
from datetime import datetime

from weasyprint import HTML

from ..document import Document
from ..library.catalog import Catalog
from .fetcher import ASSET_ORIGIN, AssetFetcher
from .html import RenderError, render_html

log = logging.getLogger(__name__)


def html_to_pdf(html: str) -> bytes:
    """Lay out print HTML and return the PDF; anything outside our assets is refused."""
    fetcher = AssetFetcher()
    try:
        pdf = HTML(string=html, base_url=ASSET_ORIGIN, url_fetcher=fetcher).write_pdf()
    except Exception as exc:  # WeasyPrint raises many kinds; the consultant needs one message
        log.exception("PDF rendering failed")
        raise RenderError(f"the PDF could not be laid out: {exc}") from exc
    if fetcher.refused:
        log.warning(
            "refused %d URL(s) while rendering: %s", len(fetcher.refused), fetcher.refused[:5]
        )
    return pdf


def render_pdf(
    document: Document,
    catalog: Catalog,
    *,
    created: datetime | None = None,
    revision_id: int | None = None,
) -> tuple[bytes, int | None]:
    """Render a validated document to PDF; returns the bytes and the sample revision used."""
    html, worked = render_html(document, catalog, created=created, revision_id=revision_id)
    return html_to_pdf(html), worked.revision_id
