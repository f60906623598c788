"""First-start content: the starter sample library and two complete demo proposals."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import operations
from .auth.users import first_admin
from .document_files import load_document_file
from .library.revisions import STARTER_AUTHOR, save_revision
from .library.spec import SampleFileError, parse_sample
from .models import Proposal, Sample
from .paths import DEMO, SAMPLES

log = logging.getLogger(__name__)


def starter_samples(session: Session) -> int:
    """Load samples/*.md; a changed starter file becomes a new revision. Returns the count."""
    changed = 0
    for path in sorted(SAMPLES.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        source = path.read_text(encoding="utf-8")
        try:
            slug = _slug(source)
            existing = session.scalar(select(Sample).where(Sample.slug == slug))
            if existing and existing.current and existing.current.author != STARTER_AUTHOR:
                continue  # the firm edited it: their version wins over the shipped one
            # Starter files are checked on their examples by the test suite, not on every start.
            if save_revision(session, source, STARTER_AUTHOR, work_example=False):
                changed += 1
        except (SampleFileError, ValueError) as exc:
            log.error("starter sample %s skipped: %s", path.name, exc)
    session.commit()
    return changed


def _slug(source: str) -> str:
    return parse_sample(source).spec.id


def demo_proposals(session: Session, queue_pdf=None) -> None:
    """On a new database, add the two example proposals, complete, with a PDF each.

    They belong to the first administrator if there is one already (`proposals users create`
    before the first start); otherwise that account takes them when it is created. With a
    queue, `queue_pdf(session, proposal)` hands each PDF to the workers instead of laying
    it out in this (web) process.
    """
    if session.scalar(select(func.count()).select_from(Proposal)):
        return
    admin = first_admin(session)
    for path in sorted(DEMO.iterdir()):
        if path.suffix not in (".json", ".toml"):
            continue
        document = load_document_file(path)
        proposal = operations.import_document(
            session, document, owner_id=admin.id if admin else None
        )
        proposal.example = True
        session.commit()
        if queue_pdf is not None:
            queue_pdf(session, proposal)
            continue
        try:
            operations.generate_pdf(session, proposal)
        except operations.GenerationError as exc:
            log.error("demo proposal %s: no PDF: %s", path.name, exc)
    log.info("demo proposals loaded")
