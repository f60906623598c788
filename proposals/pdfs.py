"""The PDF of a proposal: prepared in the request, rendered here, in a worker or from cache.

Everything a render needs (the document, the sample's source, the firm's settings) is
gathered first as plain data, so a background render never touches a database session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from .document import Document, dump_document
from .firm import print_settings
from .library.catalog import CatalogEntry, UnknownSample
from .library.lookups import DatabaseCatalog
from .library.worked import WorkedSample
from .models import PdfVersion, Proposal
from .render.cache import KEEP_BYTES, PdfCache, cache_key
from .render.pdf import PdfJob, prepare_job, run_job
from .render.shared_pool import get_pool
from .web import file_slug


class PinnedCatalog:
    """A catalog of the one sample revision a proposal uses, held in memory."""

    def __init__(self, entry: CatalogEntry | None):
        self.entry = entry

    def get(self, slug: str, revision_id: int | None = None) -> CatalogEntry:
        if self.entry is None or self.entry.slug != slug:
            raise UnknownSample(slug, [self.entry.slug] if self.entry else [])
        return self.entry

    def slugs(self) -> list[str]:
        return [self.entry.slug] if self.entry else []


@dataclass(frozen=True)
class PreparedPdf:
    key: str
    revision_id: int | None
    render: Callable[[], bytes]


def prepare(
    session: Session,
    proposal: Proposal,
    document: Document,
    renderer: Callable[[PdfJob], bytes] = run_job,
    today: date | None = None,
    worked: WorkedSample | None = None,
) -> PreparedPdf:
    """Gather what the proposal's PDF needs; `render()` may then run in any thread.

    `worked` is the sample already worked out for this document, when the caller has it.
    """
    entry = None
    if document.sample.id:
        try:
            entry = DatabaseCatalog(session).get(document.sample.id, proposal.sample_revision_id)
        except UnknownSample:
            entry = None  # rendering will report the missing sample with the available ones
    firm = print_settings(session)
    catalog = PinnedCatalog(entry) if entry is not None else DatabaseCatalog(session)
    revision_id = entry.revision_id if entry else None
    key = cache_key(dump_document(document), revision_id, firm, today or date.today())

    def render() -> bytes:
        job, _ = prepare_job(
            document,
            catalog,
            created=datetime.now().replace(microsecond=0),
            revision_id=revision_id,
            firm=firm,
            worked=worked,
        )
        return renderer(job)

    return PreparedPdf(key, revision_id, render)


def renderer() -> Callable[[PdfJob], bytes]:
    """How this app turns a job into PDF bytes: in long-lived worker processes, with a time
    and a memory limit (RENDER_WORKERS > 0), or here in the request (RENDER_WORKERS = 0)."""
    if int(current_app.config.get("RENDER_WORKERS") or 0) > 0:
        return get_pool(current_app.config).render_job
    return run_job


def cache_for(instance_path: str) -> PdfCache:
    """One cache per folder, shared by the app's threads, and by other processes that
    mount the same folder (PDF_CACHE_DIR; instance/pdf-cache by default)."""
    config = current_app.config if has_app_context() else {}
    folder = Path(config.get("PDF_CACHE_DIR") or Path(instance_path) / "pdf-cache")
    if folder not in _caches:
        megabytes = int(config.get("PDF_CACHE_MB") or KEEP_BYTES // 2**20)
        _caches[folder] = PdfCache(folder, max_bytes=megabytes * 2**20)
    return _caches[folder]


_caches: dict[Path, PdfCache] = {}


def pdf_filename(version: PdfVersion) -> str:
    """ "kanelgården-café-ab-proposal-v2.pdf": the client's name, then the version."""
    organisation = version.document.get("prospect", {}).get("organisation")
    return f"{file_slug(organisation, 'proposal')}-proposal-v{version.number}.pdf"
