"""Which library samples fit what the prospect told you, for the wizard's sample step."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .. import matching
from ..models import Sample
from .search import FTS5, TS_CONFIGURATION, TSVECTOR, full_text, tsquery_words
from .sectors import with_sectors

# A tag or the title says what a sample is for; its summary says it less directly.
WEIGHTS = {"tags": 3, "title": 3, "summary": 1}
# An industry word in a sample's tags ("legal" for a family lawyer) outweighs a few words
# heard: what they said may be about leads or staff, what they do says which samples fit.
INDUSTRY_BONUS = 8
INDUSTRY_FIELDS = ("tags", "summary")  # a title rarely names an industry it is not about
RELATIVE_FLOOR = 0.4  # of the best score: only samples about as fitting as the best one
CANDIDATES = 40
FTS_WEIGHTS = "10.0, 4.0, 8.0, 1.0"  # title, summary, tags, body (bm25 takes every column)
# The same on PostgreSQL, as ts_rank's weights of D (body), C (summary), B (tags), A (title).
TS_WEIGHTS = "{0.1, 0.4, 0.8, 1.0}"


def suggest(session: Session, document: dict, limit: int = 4) -> list[Sample]:
    """Samples that best match the prospect's industry and what was heard, best first.

    A word the client used often counts more; a match in the tags or title more than one in
    the summary. The full-text index (SQLite's or PostgreSQL's) first narrows the library
    to candidates.
    """
    heard = with_sectors(matching.heard(document))
    if not heard:
        return []
    query = select(Sample.id, Sample.title, Sample.summary, Sample.tags).where(
        Sample.archived.is_(False)
    )
    kind = full_text(session)
    if kind in (FTS5, TSVECTOR):
        wanted = {matching.fold(word) for word in heard.said.values()}
        candidates = _fts_candidates if kind == FTS5 else _tsvector_candidates
        query = query.where(Sample.id.in_(candidates(session, wanted)))
    scored = []
    for sample_id, title, summary, tags in session.execute(query):
        # Library tags join their words with hyphens ("cash-flow"): each word counts.
        tag_words = " ".join(tag.replace("-", " ") for tag in tags or [])
        fields = {"tags": tag_words, "title": title, "summary": summary}
        match = matching.score(heard, fields, WEIGHTS, INDUSTRY_BONUS, INDUSTRY_FIELDS)
        scored.append((match.score, title.lower(), sample_id))
    best = [sample_id for _, sample_id in matching.best(scored, limit, RELATIVE_FLOOR)]
    by_id = {s.id: s for s in session.scalars(select(Sample).where(Sample.id.in_(best)))}
    return [by_id[sample_id] for sample_id in best]


def _fts_candidates(session: Session, wanted: set[str]) -> list[int]:
    """The samples whose title, summary or tags hold any of the words, most fitting first.

    The index stems with Porter, so the client's words go in as they said them; a sample's
    body is left out, its words would add noise."""
    match = "{title summary tags} : (" + " OR ".join(f'"{w}"' for w in sorted(wanted)[:80]) + ")"
    rows = session.execute(
        text(
            f"SELECT rowid FROM sample_fts WHERE sample_fts MATCH :match "
            f"ORDER BY bm25(sample_fts, {FTS_WEIGHTS}) LIMIT :limit"
        ),
        {"match": match, "limit": CANDIDATES},
    )
    return [row[0] for row in rows]


def _tsvector_candidates(session: Session, wanted: set[str]) -> list[int]:
    """As _fts_candidates, on PostgreSQL: the words weighted A, B or C (title, tags and
    summary; the body is D), ranked with the same weights."""
    rows = session.execute(
        text(
            f"SELECT sample_id FROM sample_text, to_tsquery('{TS_CONFIGURATION}', :query) AS q "
            "WHERE search_vector @@ q "
            f"ORDER BY ts_rank('{TS_WEIGHTS}', ts_filter(search_vector, '{{a,b,c}}'), q) DESC, "
            "sample_id LIMIT :limit"
        ),
        {"query": tsquery_words(sorted(wanted)[:80], ":ABC"), "limit": CANDIDATES},
    )
    return [row[0] for row in rows]
