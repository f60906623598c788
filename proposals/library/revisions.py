"""A sample's text and its revisions: what the library accepts, and how a change is kept."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..document import Limits
from ..models import Sample, SampleRevision, SampleText, utcnow
from .inputs import InputsError
from .lookups import find, revision
from .sandbox import RenderContext, SampleRenderError, check_syntax, work_out
from .search import search_words
from .spec import ParsedSample, SampleFileError, parse_sample

STARTER_AUTHOR = "starter library"
EXAMPLE_CLIENT = "Example client"  # the organisation a sample's example is worked out for
FREE_SLUG_BASE = 72  # a slug is at most 80 characters: room for "-copy" and a counter


class LibraryError(ValueError):
    """A change the library refuses; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str = "source", line: int | None = None):
        self.field = field
        self.line = line
        super().__init__(message)


def work_out_example(parsed: ParsedSample) -> Markup | None:
    """The sample worked out on its own example block (None when it has none), with dates
    and figures written the way its own language writes them."""
    if not parsed.spec.example:
        return None
    context = RenderContext(
        organisation=EXAMPLE_CLIENT, locale=parsed.spec.language.replace("-", "_")
    )
    return work_out(parsed, parsed.spec.example, context)


def validate_source(source: str, work_example: bool = True) -> ParsedSample:
    """Parse a sample file, check its body compiles and that it works out on its example.

    Raises LibraryError with a message (and line number where known) for the author.
    """
    try:
        parsed = parse_sample(source)
        check_syntax(parsed)
        if work_example:
            work_out_example(parsed)
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
    new = SampleRevision(
        sample=sample,
        number=number,
        title=parsed.spec.title,
        summary=parsed.spec.summary,
        tags=list(parsed.spec.tags),
        source=source,
        author=author or "",
    )
    session.add(new)
    make_current(sample, new, parsed)
    return new


def make_current(sample: Sample, current: SampleRevision, parsed: ParsedSample) -> None:
    """Point the sample at a revision and copy what listing and search read from it."""
    spec = parsed.spec
    sample.current = current
    sample.title, sample.summary, sample.tags = spec.title, spec.summary, list(spec.tags)
    sample.sort_title = spec.title.lower()[: Limits.TITLE]
    sample.tags_text = "," + ",".join(tag.lower() for tag in spec.tags) + ","
    sample.updated_at = utcnow()
    words = search_words(parsed)
    if sample.text is None:
        sample.text = SampleText(**words)
    else:
        for key, value in words.items():
            setattr(sample.text, key, value)


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
    """`base`, or `base-2`, `base-3`...: the first id no sample has yet."""
    base = base[:FREE_SLUG_BASE]
    slug, counter = base, 2
    while find(session, slug) is not None:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _replace_front_matter_line(source: str, key: str, value: str) -> str:
    """The source with its first `key:` line set to `value`."""
    # JSON strings are valid YAML scalars, so any title survives the round trip; the line goes
    # in through a function, as a replacement string would read "\u00e9" as an escape.
    line = f"{key}: {json.dumps(value, ensure_ascii=False)}"
    return re.sub(rf"^{key}:.*$", lambda _: line, source, count=1, flags=re.MULTILINE)


def set_archived(sample: Sample, archived: bool) -> None:
    """Hide a sample from the wizard, or bring it back; its revisions are always kept."""
    sample.archived = archived
    sample.updated_at = utcnow()


CONTEXT_LINES = 3
_DIFF_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: "hunk" (where), "same", "removed" or "added", in parts that
    say which words changed."""

    kind: str
    parts: tuple[tuple[str, bool], ...]  # (text, changed)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


def diff_lines(older: SampleRevision, newer: SampleRevision) -> list[DiffLine]:
    """What changed between two revisions, line by line with 3 lines of context; in a
    changed line, the words that changed are marked."""
    before, after = older.source.splitlines(), newer.source.splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    lines = []
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        (_, i1, _, j1, _), (_, _, i2, _, j2) = group[0], group[-1]
        where = f"Lines {i1 + 1}–{i2} before, {j1 + 1}–{j2} after"
        lines.append(DiffLine("hunk", ((where, False),)))
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                lines += [DiffLine("same", ((line, False),)) for line in before[a1:a2]]
            else:
                lines += _changed(before[a1:a2], after[b1:b2])
    return lines


def _changed(removed: list[str], added: list[str]) -> list[DiffLine]:
    """Removed lines, then added ones; a removed line and the added line in its place have
    the words that differ marked, the rest of a line that is wholly new or gone is marked."""
    old_parts = [((line, True),) for line in removed]
    new_parts = [((line, True),) for line in added]
    for index in range(min(len(removed), len(added))):
        old_parts[index], new_parts[index] = _word_parts(removed[index], added[index])
    return [DiffLine("removed", parts) for parts in old_parts] + [
        DiffLine("added", parts) for parts in new_parts
    ]


def _word_parts(before: str, after: str) -> tuple[tuple, tuple]:
    """The two versions of a line in parts, the words that differ marked."""
    old, new = _DIFF_TOKEN.findall(before), _DIFF_TOKEN.findall(after)
    old_parts, new_parts = [], []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        old_parts.append(("".join(old[a1:a2]), tag != "equal"))
        new_parts.append(("".join(new[b1:b2]), tag != "equal"))
    return _merged(old_parts), _merged(new_parts)


def _merged(parts: list[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    """Neighbouring parts of the same kind as one, empty ones dropped."""
    merged: list[tuple[str, bool]] = []
    for text, changed in parts:
        if not text:
            continue
        if merged and merged[-1][1] == changed:
            merged[-1] = (merged[-1][0] + text, changed)
        else:
            merged.append((text, changed))
    return tuple(merged)
