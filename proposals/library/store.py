"""The sample library in the database: revisions, lookups, search and suggestions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..models import Sample, SampleRevision, SampleText, utcnow
from ..stopwords import STOP_WORDS
from .catalog import CatalogEntry, UnknownSample
from .sandbox import RenderContext, check_syntax, work_out
from .spec import ParsedSample, SampleFileError, parse_sample

STARTER_AUTHOR = "starter library"
PAGE_SIZE = 50


class LibraryError(ValueError):
    """A change the library refuses; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str = "source", line: int | None = None):
        self.field = field
        self.line = line
        super().__init__(message)


def validate_source(source: str, work_example: bool = True) -> ParsedSample:
    """Parse a sample file, check its body compiles and that it works out on its example.

    Raises LibraryError with a message (and line number where known) for the author.
    """
    from .inputs import InputsError
    from .sandbox import SampleRenderError

    try:
        parsed = parse_sample(source)
        check_syntax(parsed)
        if work_example and parsed.spec.example:
            work_out(parsed, parsed.spec.example, RenderContext(organisation="Example client"))
    except SampleFileError as exc:
        raise LibraryError(str(exc), "source", exc.line) from None
    except SampleRenderError as exc:
        raise LibraryError(f"body: {exc}", "source", exc.line) from None
    except InputsError as exc:
        raise LibraryError(f"example: {exc}", "source") from None
    return parsed


def save_revision(
    session: Session,
    source: str,
    author: str,
    *,
    expect_slug: str | None = None,
    work_example: bool = True,
) -> SampleRevision | None:
    """Store `source` as the next revision of its sample, creating the sample if new.

    `expect_slug` is the sample being edited: its id may not change. Returns None when
    the text equals the current revision. Nothing is written when validation fails.
    """
    parsed = validate_source(source, work_example=False)
    slug = parsed.spec.id
    if expect_slug is not None and slug != expect_slug:
        raise LibraryError(
            f"the id can't change from {expect_slug!r} to {slug!r}: duplicate the sample instead"
        )
    sample = find(session, slug)
    if sample is not None and sample.current is not None and sample.current.source == source:
        return None
    if work_example:
        validate_source(source)
    number = 1
    if sample is None:
        sample = Sample(slug=slug)
        session.add(sample)
    else:
        latest = select(func.max(SampleRevision.number)).where(
            SampleRevision.sample_id == sample.id
        )
        number = (session.scalar(latest) or 0) + 1
    revision = SampleRevision(
        sample=sample,
        number=number,
        title=parsed.spec.title,
        summary=parsed.spec.summary,
        tags=list(parsed.spec.tags),
        source=source,
        author=author or "",
    )
    session.add(revision)
    _make_current(sample, revision, parsed)
    return revision


def _make_current(sample: Sample, revision: SampleRevision, parsed: ParsedSample) -> None:
    spec = parsed.spec
    sample.current = revision
    sample.title, sample.summary, sample.tags = spec.title, spec.summary, list(spec.tags)
    sample.sort_title = spec.title.lower()[:200]
    sample.tags_text = "," + ",".join(tag.lower() for tag in spec.tags) + ","
    sample.updated_at = utcnow()
    words = {
        "title": spec.title,
        "summary": spec.summary,
        "tags": " ".join(spec.tags),
        "body": parsed.body,
    }
    if sample.text is None:
        sample.text = SampleText(**words)
    else:
        for key, value in words.items():
            setattr(sample.text, key, value)


def find(session: Session, slug: str) -> Sample | None:
    return session.scalar(select(Sample).where(Sample.slug == slug))


def revision(session: Session, sample: Sample, number: int) -> SampleRevision | None:
    return session.scalar(
        select(SampleRevision).where(
            SampleRevision.sample_id == sample.id, SampleRevision.number == number
        )
    )


def restore(session: Session, sample: Sample, number: int, author: str) -> SampleRevision | None:
    """Make an old revision current again, as a new revision (history is never rewritten)."""
    old = revision(session, sample, number)
    if old is None:
        raise LibraryError(f"{sample.slug} has no revision {number}")
    return save_revision(session, old.source, author, expect_slug=sample.slug)


def duplicate(session: Session, sample: Sample, author: str) -> SampleRevision:
    """Copy a sample under a new, unused id, as the start of a variant."""
    slug = _free_slug(session, f"{sample.slug}-copy")
    source = _replace_front_matter_line(sample.current.source, "id", slug)
    source = _replace_front_matter_line(source, "title", f"Copy of {sample.title}")
    return save_revision(session, source, author)


def _free_slug(session: Session, base: str) -> str:
    base = base[:72]
    slug, counter = base, 2
    while find(session, slug) is not None:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _replace_front_matter_line(source: str, key: str, value: str) -> str:
    import json

    # JSON strings are valid YAML scalars, so any title survives the round trip.
    return re.sub(
        rf"^{key}:.*$", f"{key}: {json.dumps(value)}", source, count=1, flags=re.MULTILINE
    )


def set_archived(sample: Sample, archived: bool) -> None:
    """Hide a sample from the wizard, or bring it back; its revisions are always kept."""
    sample.archived = archived
    sample.updated_at = utcnow()


# --- lookups for rendering --------------------------------------------------------------


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
        return list(
            self.session.scalars(
                select(Sample.slug).where(Sample.archived.is_(False)).order_by(Sample.slug)
            )
        )


# --- search and suggestions ---------------------------------------------------------------
# On SQLite, sample_fts (FTS5, porter stemming) answers both; elsewhere sample_text is
# searched with LIKE and suggestions are scored in Python.

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
FTS_WEIGHTS = "10.0, 4.0, 8.0, 1.0"  # title, summary, tags, body


def _uses_fts(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


@dataclass(frozen=True)
class SearchResult:
    samples: list[Sample]
    total: int
    page: int
    pages: int


def _matching(session: Session, terms: list[str]):
    """A condition on Sample: its text contains every term (as a word prefix on SQLite)."""
    if _uses_fts(session):
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
    terms = [term.lower() for term in _TOKEN.findall(query)][:8]
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


_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_STOP = STOP_WORDS
