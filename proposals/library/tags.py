"""The library's tags with their counts, for the tag filter."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Sample

# One entry: the tags of the database and library state they were counted on.
_tag_cache: dict[tuple, list[tuple[str, int]]] = {}


def all_tags(session: Session) -> list[tuple[str, int]]:
    """Every tag on active samples with its count, commonest first (cached until a change)."""
    key = (
        str(session.get_bind().url),
        *session.execute(select(func.count(Sample.id), func.max(Sample.updated_at))).one(),
    )
    if key not in _tag_cache:
        counts: dict[str, int] = {}
        for tags_text in session.scalars(
            select(Sample.tags_text).where(Sample.archived.is_(False))
        ):
            for tag in filter(None, tags_text.split(",")):
                counts[tag] = counts.get(tag, 0) + 1
        _tag_cache.clear()
        _tag_cache[key] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return _tag_cache[key]
