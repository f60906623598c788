"""Searching the library by words and by tag, a page at a time.

On SQLite, sample_fts (FTS5, porter stemming) answers; on PostgreSQL, sample_text's
search_vector (a tsvector with a GIN index, English stemming and unaccent: migration
0016); elsewhere sample_text is searched with LIKE. Every way "café", "cafe" and "cafés"
find the same samples: sample_text holds the words without accents (and, for LIKE, each
word's stem too), and a query is folded the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from ..matching import fold
from ..matching import terms as terms_of
from ..models import Sample, SampleText
from ..trust.normalise import stem
from .sectors import sectors_of
from .spec import ParsedSample

PAGE_SIZE = 50
# What a search box and a tag link may carry: ample for any search, and longer text is
# cut before it reaches the index (it could only narrow the result to nothing).
QUERY_CHARS = 100
TAG_CHARS = 60
MAX_TERMS = 8  # more words narrow nothing further and only slow the query down
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


FTS5, TSVECTOR, LIKE = "fts5", "tsvector", "like"
TS_CONFIGURATION = "proposals_search"  # unaccent, then English stems (migration 0016)


def full_text(session: Session) -> str:
    """Which index answers a search: SQLite's FTS5, PostgreSQL's tsvector, or LIKE."""
    return {"sqlite": FTS5, "postgresql": TSVECTOR}.get(session.get_bind().dialect.name, LIKE)


def tsquery_words(words: list[str], suffix: str = "") -> str:
    """Words for to_tsquery, each followed by `suffix` (":*" a prefix, ":ABC" weights);
    a word of several ("cash flow") is a phrase. Only letters and digits reach the query."""
    phrases = [" <-> ".join(f"{token}{suffix}" for token in _TOKEN.findall(word)) for word in words]
    return " | ".join(f"({phrase})" for phrase in phrases if phrase)


@dataclass(frozen=True)
class SearchResult:
    samples: list[Sample]
    total: int
    page: int
    pages: int


def search_words(parsed: ParsedSample) -> dict[str, str]:
    """What sample_text keeps of a sample: its words folded, the body with what the inputs
    are called and the example's words ("Café lunches"), and the stems of them all."""
    spec = parsed.spec
    named = [
        text
        for item in spec.inputs
        for text in (item.label, item.help or "", *(c.heading for c in item.columns))
    ]
    fields = {
        "title": spec.title,
        "summary": spec.summary,
        "tags": " ".join(spec.tags),
        "body": "\n".join([parsed.body, *named, *_example_words(spec.example)]),
    }
    folded = {name: fold(value) for name, value in fields.items()}
    stems = sorted({stem(word) for value in folded.values() for word in _TOKEN.findall(value)})
    folded["body"] += "\n" + " ".join(stems)
    return folded


def _example_words(value) -> list[str]:
    """The text values of a sample's example (numbers say nothing to search for)."""
    if isinstance(value, dict):
        return [word for item in value.values() for word in _example_words(item)]
    if isinstance(value, list):
        return [word for item in value for word in _example_words(item)]
    return [value] if isinstance(value, str) and not value.replace(".", "").isdigit() else []


def _alternatives(term: str) -> list[str]:
    """A word, and the sectors it names ("cafe" finds the samples tagged "hospitality")."""
    return [term, *sectors_of(terms_of(term))]


def _matching(session: Session, terms: list[str]):
    """A condition on Sample: its text contains every term (as a word prefix on SQLite),
    or a sector the term names."""
    kind = full_text(session)
    if kind == FTS5:
        match = " AND ".join(
            "(" + " OR ".join(f'"{word}"*' for word in _alternatives(term)) + ")" for term in terms
        )
        ids = text("SELECT rowid FROM sample_fts WHERE sample_fts MATCH :match")
        return Sample.id.in_(ids.bindparams(match=match))
    if kind == TSVECTOR:
        query = " & ".join(f"({tsquery_words(_alternatives(term), ':*')})" for term in terms)
        ids = text(
            "SELECT sample_id FROM sample_text "
            f"WHERE search_vector @@ to_tsquery('{TS_CONFIGURATION}', :query)"
        )
        return Sample.id.in_(ids.bindparams(query=query))
    words = SampleText.title + " " + SampleText.summary + " " + SampleText.tags + " "
    words = words + SampleText.body
    conditions = [
        or_(
            *(
                words.contains(variant, autoescape=True)
                for word in _alternatives(term)
                for variant in {word, stem(word)}
            )
        )
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
    terms = _TOKEN.findall(fold(query))[:MAX_TERMS]
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
