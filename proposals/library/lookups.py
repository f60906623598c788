"""Finding samples and revisions in the database library, and the catalog over it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Sample, SampleRevision
from .catalog import CatalogEntry, UnknownSample


def find(session: Session, slug: str) -> Sample | None:
    """The sample with this id, archived or not."""
    return session.scalar(select(Sample).where(Sample.slug == slug))


def revision(session: Session, sample: Sample, number: int) -> SampleRevision | None:
    """Revision `number` of a sample, if it has one."""
    return session.scalar(
        select(SampleRevision).where(
            SampleRevision.sample_id == sample.id, SampleRevision.number == number
        )
    )


def active_samples(session: Session) -> list[Sample]:
    """The library's samples that are not archived, by title."""
    return list(
        session.scalars(
            select(Sample).where(Sample.archived.is_(False)).order_by(Sample.sort_title)
        )
    )


def all_samples(session: Session, include_archived: bool = False) -> list[Sample]:
    """Every sample with a revision, by id (for export and checks)."""
    query = select(Sample).where(Sample.current_revision_id.is_not(None)).order_by(Sample.slug)
    if not include_archived:
        query = query.where(Sample.archived.is_(False))
    return list(session.scalars(query))


class DatabaseCatalog:
    """Catalog over the database library; a recorded revision is honoured when given."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, slug: str, revision_id: int | None = None) -> CatalogEntry:
        """The sample's current text, or the pinned revision's when it belongs to it."""
        sample = find(self.session, slug)
        if sample is None or sample.current is None:
            raise UnknownSample(slug, self.slugs())
        chosen = sample.current
        if revision_id is not None:
            pinned = self.session.get(SampleRevision, revision_id)
            if pinned is not None and pinned.sample_id == sample.id:
                chosen = pinned
        return CatalogEntry(slug, chosen.source, chosen.id)

    def slugs(self) -> list[str]:
        """The ids a proposal may pick: the samples not archived."""
        return list(
            self.session.scalars(
                select(Sample.slug).where(Sample.archived.is_(False)).order_by(Sample.slug)
            )
        )
