"""Searching the library by words and by tag, a page at a time.

On SQLite, sample_fts (FTS5, porter stemming) answers; elsewhere sample_text is searched
with LIKE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..models import Sample, SampleText

PAGE_SIZE = 50
# What a search box and a tag link may carry: ample for any search, and longer text is
# cut before it reaches the index (it could only narrow the result to nothing).
QUERY_CHARS = 100
TAG_CHARS = 60
MAX_TERMS = 8  # more words narrow nothing further and only slow the query down
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def uses_fts(session: Session) -> bool:
    """Whether the database has the full-text index (SQLite's FTS5)."""
    return session.get_bind().dialect.name == "sqlite"


@dataclass(frozen=True)
class SearchResult:
    samples: list[Sample]
    total: int
    page: int
    pages: int


def _matching(session: Session, terms: list[str]):
    """A condition on Sample: its text contains every term (as a word prefix on SQLite)."""
    if uses_fts(session):
        match = " AND ".join(f'"{term}"*' for term in terms)
        ids = text("SELECT rowid FROM sample_fts WHERE sample_fts MATCH :match")
        return Sample.id.in_(ids.bindparams(match=match))
    conditions = [
        func.lower(
            SampleText.title
            + " "
            + SampleText.summary
            + " "
            + SampleText.tags
            + " "
            + SampleText.body
        ).contains(term, autoescape=True)
        for term in terms
    ]
    return Sample.id.in_(select(SampleText.sample_id).where(*conditions))


def search(
    session: Session,
    query: str = "",
    tag: str = "",
    *,
    archived: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> SearchResult:
    """Samples whose title, summary, tags or body contain every word of `query`."""
    conditions = [Sample.archived.is_(archived)]
    terms = [term.lower() for term in _TOKEN.findall(query)][:MAX_TERMS]
    if terms:
        conditions.append(_matching(session, terms))
    if tag:
        conditions.append(Sample.tags_text.contains(f",{tag.lower()},", autoescape=True))
    total = session.scalar(select(func.count()).select_from(Sample).where(*conditions)) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    rows = session.scalars(
        select(Sample)
        .where(*conditions)
        .order_by(Sample.sort_title, Sample.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return SearchResult(list(rows), total, page, pages)
