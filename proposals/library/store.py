"""The sample library in the database: saving revisions and looking samples up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Sample, SampleRevision
from .catalog import CatalogEntry, UnknownSample
from .sandbox import check_syntax
from .spec import parse_sample

STARTER_AUTHOR = "starter library"


def save_revision(session: Session, source: str, author: str) -> SampleRevision | None:
    """Store `source` as a new revision of its sample (creating the sample if new).

    Returns None when the text is identical to the current revision. Raises
    SampleFileError or SampleRenderError (syntax) without touching the library.
    """
    parsed = parse_sample(source)
    check_syntax(parsed)
    spec = parsed.spec
    sample = session.scalar(select(Sample).where(Sample.slug == spec.id))
    if sample is None:
        sample = Sample(slug=spec.id)
        session.add(sample)
        number = 1
    else:
        if sample.revisions and sample.current.source == source:
            return None
        number = (sample.current.number + 1) if sample.revisions else 1
    revision = SampleRevision(
        sample=sample,
        number=number,
        title=spec.title,
        summary=spec.summary,
        tags=list(spec.tags),
        source=source,
        author=author,
    )
    session.add(revision)
    return revision


def active_samples(session: Session) -> list[Sample]:
    """The library's samples that are not archived, by title."""
    samples = session.scalars(select(Sample).where(Sample.archived.is_(False))).all()
    return sorted(samples, key=lambda sample: sample.current.title.lower())


class DatabaseCatalog:
    """Catalog over the database library; a recorded revision is honoured when given."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, slug: str, revision_id: int | None = None) -> CatalogEntry:
        sample = self.session.scalar(select(Sample).where(Sample.slug == slug))
        if sample is None or not sample.revisions:
            raise UnknownSample(slug, self.slugs())
        revision = sample.current
        if revision_id is not None:
            pinned = self.session.get(SampleRevision, revision_id)
            if pinned is not None and pinned.sample_id == sample.id:
                revision = pinned
        return CatalogEntry(slug, revision.source, revision.id)

    def slugs(self) -> list[str]:
        return [sample.slug for sample in active_samples(self.session)]
