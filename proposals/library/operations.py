"""What can be done to the library, written once for its pages and `proposals samples`.

Each operation validates, changes, commits and logs; a refusal is a LibraryError whose
message is the same wherever the file or text came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import Actor, AuditAction, AuditKind, NotAllowed, record
from ..document import Limits
from ..models import Sample, SampleRevision
from .lookups import all_samples, find
from .revisions import (
    STARTER_AUTHOR,
    LibraryError,
    duplicate,
    restore,
    save_revision,
    set_archived,
    validate_source,
)
from .spec import parse_sample

log = logging.getLogger(__name__)

SUFFIXES = (".md", ".markdown")
# UTF-8 takes at most 4 bytes a character: a file longer than this is surely too long.
MAX_FILE_BYTES = 4 * Limits.SAMPLE_FILE


@dataclass(frozen=True)
class SampleFile:
    """A sample file as it arrived: its name and its bytes (an upload, or a file on disk)."""

    name: str
    data: bytes


class ImportRefused(LibraryError):
    """Files an import refused, each with its reason; nothing was imported."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))


def _too_long() -> LibraryError:
    """The refusal of a file or text longer than Limits.SAMPLE_FILE."""
    return LibraryError(f"a sample file is at most {Limits.SAMPLE_FILE:,} characters")


def read_sample_file(file: SampleFile) -> str:
    """The text of a sample file, line endings as `\\n`; LibraryError says why it can't be."""
    if not file.name:
        raise LibraryError("choose a .md file to upload")
    if not file.name.lower().endswith(SUFFIXES):
        raise LibraryError("a sample file ends in .md")
    if len(file.data) > MAX_FILE_BYTES:
        raise _too_long()
    try:
        source = file.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LibraryError("that file is not UTF-8 text") from None
    return normalised(source)


def normalised(source: str) -> str:
    """A sample text as it is stored, with `\\n` line endings; refused if too long."""
    source = source.replace("\r\n", "\n")  # browsers send a textarea's lines with \r\n
    if len(source) > Limits.SAMPLE_FILE:
        raise _too_long()
    return source


class StaleEdit(LibraryError):
    """The editor showed an older revision than the current one: nothing was saved."""

    def __init__(self, sample: Sample, typed: str):
        self.sample, self.typed = sample, typed
        super().__init__(
            f"{sample.slug} was saved as revision {sample.current.number} while this page was open"
        )


def _audit(
    session: Session, actor: Actor, action: AuditAction, revision: SampleRevision, details=""
) -> None:
    """Log a change of a sample (flushed first, so that a new sample has its id)."""
    session.flush()
    sample = revision.sample
    record(session, actor, AuditKind.SAMPLE, action, sample.slug, sample.id, details)


def _revision_made(session: Session, actor: Actor, revision: SampleRevision, how: str) -> None:
    """Log a new revision: a new sample (revision 1) or an edit of one."""
    action = AuditAction.CREATED if revision.number == 1 else AuditAction.EDITED
    _audit(session, actor, action, revision, f"revision {revision.number} {how}".strip())


def create_sample(session: Session, source: str, actor: Actor) -> SampleRevision:
    """Add a sample written from scratch; its id must not be taken yet."""
    source = normalised(source)
    slug = validate_source(source, work_example=False).spec.id
    if find(session, slug) is not None:
        raise LibraryError(f"a sample with the id {slug!r} already exists: choose another id")
    revision = save_revision(session, source, actor.name)
    _revision_made(session, actor, revision, "")
    session.commit()
    log.info("sample %s created by %s", slug, actor.name)
    return revision


def edit_sample(
    session: Session, sample: Sample, source: str, actor: Actor, seen: int | None = None
) -> SampleRevision | None:
    """Save an edited text as the sample's next revision (None: it had not changed).

    `seen` is the revision the editor showed: if another was saved since, StaleEdit.
    """
    source = normalised(source)
    if seen is not None and seen != sample.current.number and source != sample.current.source:
        raise StaleEdit(sample, source)
    revision = save_revision(session, source, actor.name, expect_slug=sample.slug)
    if revision is not None:
        _revision_made(session, actor, revision, "")
    session.commit()
    if revision is not None:
        log.info("sample %s: revision %d by %s", sample.slug, revision.number, actor.name)
    return revision


def upload_sample(
    session: Session, file: SampleFile, actor: Actor
) -> tuple[str, SampleRevision | None]:
    """Add a sample from a file, or a new revision of the sample with its id.

    Returns the sample's id and the new revision (None: the file is the current text).
    """
    source = read_sample_file(file)
    revision = save_revision(session, source, actor.name)
    if revision is not None:
        _revision_made(session, actor, revision, f"uploaded from {file.name}")
    session.commit()
    slug = parse_sample(source).spec.id
    if revision is not None:
        log.info("sample %s: revision %d uploaded by %s", slug, revision.number, actor.name)
    return slug, revision


def import_files(
    session: Session, files: list[SampleFile], actor: Actor
) -> list[tuple[str, SampleRevision | None]]:
    """Add every file to the library, or none of them if any is refused (ImportRefused).

    Each file is read and checked as an upload is, and worked out on its example; two
    files may not share an id. Returns each file's name with its new revision (or None).
    """
    sources, problems, seen = [], [], {}
    for file in files:
        try:
            source = read_sample_file(file)
            slug = validate_source(source).spec.id
        except LibraryError as exc:
            problems.append((file.name, str(exc)))
            continue
        if slug in seen:
            problems.append((file.name, f"the id {slug!r} is also used by {seen[slug]}"))
        seen[slug] = file.name
        sources.append((file.name, source))
    if problems:
        raise ImportRefused(problems)
    saved = [
        (name, save_revision(session, source, actor.name, work_example=False))
        for name, source in sources
    ]
    for name, revision in saved:
        if revision is not None:
            _audit(
                session,
                actor,
                AuditAction.IMPORTED,
                revision,
                f"revision {revision.number} from {name}",
            )
    session.commit()
    changed = sum(revision is not None for _, revision in saved)
    log.info("samples import by %s: %d file(s), %d changed", actor.name, len(saved), changed)
    return saved


def export_to(session: Session, folder: Path, include_archived: bool = False) -> int:
    """Write each sample's current revision to `folder` as <id>.md; return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = all_samples(session, include_archived=include_archived)
    for sample in samples:
        (folder / f"{sample.slug}.md").write_text(sample.current.source, encoding="utf-8")
    log.info("samples export: %d sample(s) to %s", len(samples), folder)
    return len(samples)


def check_sample(source: str) -> None:
    """Refuse a sample that doesn't validate or has no example to be worked out on."""
    if not validate_source(source).spec.example:
        raise LibraryError("no example: block to work it out on")


def duplicate_sample(session: Session, sample: Sample, actor: Actor) -> SampleRevision:
    """Copy a sample under a new, unused id, as the start of a variant."""
    copy = duplicate(session, sample, actor.name)
    _audit(session, actor, AuditAction.CREATED, copy, f"revision 1, a copy of {sample.slug}")
    session.commit()
    log.info("sample %s duplicated as %s by %s", sample.slug, copy.sample.slug, actor.name)
    return copy


def is_starter(session: Session, sample: Sample) -> bool:
    """True for a sample the app shipped (its first revision is the starter library's)."""
    first = select(SampleRevision.author).where(
        SampleRevision.sample_id == sample.id, SampleRevision.number == 1
    )
    return session.scalar(first) == STARTER_AUTHOR


def may_archive(session: Session, sample: Sample, actor: Actor) -> bool:
    """A starter sample is the whole firm's: only an administrator hides it from everyone."""
    return actor.admin or sample.archived or not is_starter(session, sample)


def archive_sample(session: Session, sample: Sample, archived: bool, actor: Actor) -> None:
    """Hide a sample from the wizard, or bring it back; nothing is deleted."""
    if archived and not may_archive(session, sample, actor):
        raise NotAllowed(
            f"{sample.title} comes with the app's starter library: only an administrator "
            "can archive it."
        )
    set_archived(sample, archived)
    action = AuditAction.ARCHIVED if archived else AuditAction.UNARCHIVED
    _audit(session, actor, action, sample.current)
    session.commit()
    done = "archived" if archived else "brought back"
    log.info("sample %s %s by %s", sample.slug, done, actor.name)


def restore_revision(
    session: Session, sample: Sample, number: int, actor: Actor
) -> SampleRevision | None:
    """Make revision `number` current again as a new revision (None: it already is)."""
    revision = restore(session, sample, number, actor.name)
    if revision is not None:
        details = f"revision {number} as revision {revision.number}"
        _audit(session, actor, AuditAction.RESTORED, revision, details)
    session.commit()
    if revision is not None:
        log.info("sample %s: revision %d restored by %s", sample.slug, number, actor.name)
    return revision
