"""Sample suggestions for the wizard, and the library's names other modules still import here.

The library itself lives in modules named for what they do: `lookups` (finding samples,
the database catalog), `revisions` (validating and keeping changes), `search`, `tags` and
`operations` (changes as the pages and the CLI make them).
"""

from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..models import Sample
from ..stopwords import STOP_WORDS
from .lookups import DatabaseCatalog, active_samples, all_samples, find, revision
from .revisions import STARTER_AUTHOR, LibraryError, save_revision, validate_source
from .search import SearchResult, search
from .search import uses_fts as _uses_fts
from .tags import all_tags

__all__ = [
    "STARTER_AUTHOR",
    "DatabaseCatalog",
    "LibraryError",
    "SearchResult",
    "active_samples",
    "all_samples",
    "all_tags",
    "find",
    "revision",
    "save_revision",
    "search",
    "suggest",
    "validate_source",
]

FTS_WEIGHTS = "10.0, 4.0, 8.0, 1.0"  # title, summary, tags, body
_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_STOP = STOP_WORDS


def suggest(session: Session, document: dict, limit: int = 4) -> list[Sample]:
    """Samples that best match the prospect's industry and what was heard, best first.

    A word the client used often counts more; a match in the tags or title more than one in
    the summary. On SQLite the full-text index first narrows the library to candidates.
    """
    prospect = document.get("prospect", {})
    listening = document.get("listening", {})
    heard = " ".join(
        [
            listening.get("situation", "") or "",
            listening.get("notes", "") or "",
            listening.get("tried_before", "") or "",
            listening.get("sleep_well", "") or "",
        ]
        + list(listening.get("goals", []))
        + list(listening.get("obstacles", []))
        + list(listening.get("their_words", []))
    )
    counts = Counter(_fold(word) for word in _content_words(heard))
    industry = {_fold(word) for word in _content_words(prospect.get("industry", "") or "")}
    if not counts and not industry:
        return []
    query = select(Sample.id, Sample.title, Sample.summary, Sample.tags).where(
        Sample.archived.is_(False)
    )
    if _uses_fts(session):
        query = query.where(Sample.id.in_(_fts_candidates(session, set(counts) | industry)))
    scored = []
    for sample_id, title, summary, tags in session.execute(query):
        score = _score(counts, industry, title, summary, tags or [])
        if score:
            scored.append((-score, title.lower(), sample_id))
    # Only samples that match about as well as the best one: a weak match is no suggestion.
    top = -min(scored)[0] if scored else 0
    best = [sample_id for score, _, sample_id in sorted(scored)[:limit] if -score >= top * 0.4]
    by_id = {s.id: s for s in session.scalars(select(Sample).where(Sample.id.in_(best)))}
    return [by_id[sample_id] for sample_id in best]


def _score(counts: Counter, industry: set[str], title: str, summary: str, tags: list[str]) -> int:
    tag_words = {_fold(w) for w in _content_words(" ".join(tags))}
    title_words = {_fold(w) for w in _content_words(title)}
    summary_words = {_fold(w) for w in _content_words(summary)}
    score = sum(
        count * (3 * (word in tag_words) + 3 * (word in title_words) + (word in summary_words))
        for word, count in counts.items()
    )
    return score + 4 * len(industry & (tag_words | summary_words))


def _fts_candidates(session: Session, wanted: set[str], limit: int = 40) -> list[int]:
    # Title, summary and tags say what a sample is for; its body's words would add noise.
    match = "{title summary tags} : (" + " OR ".join(f'"{w}"' for w in sorted(wanted)[:80]) + ")"
    rows = session.execute(
        text(
            f"SELECT rowid FROM sample_fts WHERE sample_fts MATCH :match "
            f"ORDER BY bm25(sample_fts, {FTS_WEIGHTS}) LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    )
    return [row[0] for row in rows]


def _content_words(text_: str) -> list[str]:
    return [word for word in _WORD.findall(text_.lower()) if word not in _STOP]


def _fold(word: str) -> str:
    """A crude plural fold (backups -> backup, licences -> licence), enough for matching."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 4 else word
