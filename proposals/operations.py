"""What can be done to a proposal, written once for the wizard, the dashboard and the CLI."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from . import pdfs
from .document import (
    SECTIONS,
    Document,
    DocumentError,
    FieldError,
    Limits,
    dump_document,
    validate_document,
    validate_section,
)
from .firm import default_locale, locale_for
from .folding import search_text
from .followup.schedule import record_sent
from .formatting import proposal_locale
from .library import worked
from .library.lookups import DatabaseCatalog
from .models import PdfVersion, Proposal, Status
from .render import RenderError
from .render.cache import PdfCache
from .render.pdf import run_job

log = logging.getLogger(__name__)


class GenerationError(RuntimeError):
    """A PDF could not be made; `errors` lists document problems when there are any."""

    def __init__(self, message: str, errors: list[FieldError] | None = None):
        self.errors = errors or []
        super().__init__(message)


def section_keys(section: str) -> list[str]:
    """The document keys one section owns (e.g. `help` owns referrals and self_help)."""
    fields = SECTIONS[section].model_fields
    return [info.alias or name for name, info in fields.items()]


def section_of(document: dict, section: str) -> dict:
    return {key: document[key] for key in section_keys(section) if key in document}


def prune_blank(value: Any) -> Any:
    """Drop list entries nobody filled in (an empty quote, an untouched referral row)."""
    if isinstance(value, dict):
        return {key: prune_blank(item) for key, item in value.items()}
    if isinstance(value, list):
        kept = [prune_blank(item) for item in value]
        return [item for item in kept if not _is_blank(item)]
    return value


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_is_blank(item) for item in value.values())
    if isinstance(value, list):
        return all(_is_blank(item) for item in value)
    return False


QUIET = "_quiet"  # marks a draft saved mid-edit (a row added): don't greet it with errors


def draft_of(proposal: Proposal, section: str) -> tuple[dict | None, bool]:
    """The draft typed into a step that did not validate yet, and whether it was mid-edit."""
    draft = proposal.step_drafts.get(section)
    if draft is None:
        return None, False
    draft = dict(draft)
    return draft, bool(draft.pop(QUIET, False))


class StaleSection(RuntimeError):
    """The step was saved elsewhere since the page sending this save was opened."""


def save_section(
    session: Session,
    proposal: Proposal,
    section: str,
    raw: dict,
    *,
    mid_edit: bool = False,
    seen: int | None = None,
    tab: str | None = None,
) -> DocumentError | None:
    """Validate and store one section; keep what was typed as a draft if it doesn't validate.

    Either way the text is committed before this returns, so nothing typed is lost.
    `mid_edit` marks a save made by adding a row or picking a sample, not by "continue".
    `seen` is the step's version the sending page (`tab`) showed: if another page saved the
    same step since (even racing this request), StaleSection is raised and nothing changes.
    """
    raw = prune_blank(raw)
    try:
        content = validate_section(section, raw, locale_for(session, proposal.document))
        revision_id = check_sample(session, proposal, content) if section == "sample" else None
    except DocumentError as error:
        draft = {**raw, QUIET: True} if mid_edit else raw

        def keep() -> None:
            _check_seen(proposal, section, seen, tab)
            keep_draft(proposal, section, draft)
            _bump(proposal, section, tab)

        commit_change(session, proposal, keep)
        return error

    def save() -> None:
        _check_seen(proposal, section, seen, tab)
        store(proposal, section, content, revision_id)
        _bump(proposal, section, tab)

    commit_change(session, proposal, save)
    return None


def section_version(proposal: Proposal, section: str) -> int:
    """How many times this step was saved: what a step's form carries to detect a stale tab."""
    return int((proposal.section_versions or {}).get(section, {}).get("version", 0))


def is_stale(proposal: Proposal, section: str, seen: int | None, tab: str | None) -> bool:
    """True when the step was saved since page `tab` showed version `seen`, from elsewhere."""
    # A page's own saves may overtake each other (an autosave in flight, then Save): the
    # last writer being that same page is no conflict.
    if seen is None or seen == section_version(proposal, section):
        return False
    last = (proposal.section_versions or {}).get(section, {}).get("tab")
    return not (tab and last == tab)


def _check_seen(proposal: Proposal, section: str, seen: int | None, tab: str | None) -> None:
    if is_stale(proposal, section, seen, tab):
        raise StaleSection(section)


def _bump(proposal: Proposal, section: str, tab: str | None) -> None:
    versions = dict(proposal.section_versions or {})
    versions[section] = {"version": section_version(proposal, section) + 1, "tab": tab}
    proposal.section_versions = versions


def stage_section(session: Session, proposal: Proposal, section: str, raw: dict) -> None:
    """Put one section into a proposal not yet committed: stored if it validates, else
    kept as a quiet draft (nobody typed it on this proposal, so no errors greet it)."""
    raw = prune_blank(raw)
    try:
        content = validate_section(section, raw)
        revision_id = check_sample(session, proposal, content) if section == "sample" else None
    except DocumentError:
        keep_draft(proposal, section, {**raw, QUIET: True})
        return
    store(proposal, section, content, revision_id)


def keep_draft(proposal: Proposal, section: str, draft: dict) -> None:
    proposal.step_drafts = {**proposal.step_drafts, section: draft}
    _touch(proposal)


def store(proposal: Proposal, section: str, content: dict, revision_id: int | None) -> None:
    """Merge a validated section into the document; its draft is done with."""
    kept = {k: v for k, v in proposal.document.items() if k not in section_keys(section)}
    proposal.document = {**kept, **content}
    proposal.step_drafts = {k: v for k, v in proposal.step_drafts.items() if k != section}
    if section not in proposal.completed_steps:
        proposal.completed_steps = [*proposal.completed_steps, section]
    if section == "sample":
        proposal.sample_revision_id = revision_id
    _touch(proposal)


def commit_change(session: Session, proposal: Proposal, change, attempts: int = 5) -> None:
    """Apply `change` to the proposal and commit; if another request saved the same proposal
    in between (its version moved on), reload it and apply the change again on top."""
    for attempt in range(attempts):
        change()
        try:
            session.commit()
            return
        except StaleDataError:
            session.rollback()
            if attempt == attempts - 1:
                raise
            session.refresh(proposal)


def check_sample(session: Session, proposal: Proposal, content: dict) -> int | None:
    """Check a library sample's inputs against its declaration; return the revision to pin."""
    sample = content["sample"]
    if "id" not in sample:
        return None
    pinned = proposal.sample_revision_id
    previous = proposal.document.get("sample", {}).get("id")
    revision = pinned if previous == sample["id"] else None
    entry, parsed = worked.library_sample(DatabaseCatalog(session), sample["id"], revision)
    worked.input_values(parsed, sample.get("inputs"), locale_for(session, proposal.document))
    return entry.revision_id


def _touch(proposal: Proposal) -> None:
    # The listing's columns; the document itself already holds these within its limits.
    # A prospect typed on a first step that doesn't validate yet is listed all the same.
    people = proposal.step_drafts.get("people") or proposal.document
    proposal.title = str(people.get("title") or "")[: Limits.TITLE]
    organisation = (people.get("prospect") or {}).get("organisation")
    proposal.prospect = str(organisation or "")[: Limits.SHORT]
    proposal.search_text = search_text(proposal.document, proposal.step_drafts)


def full_document(proposal: Proposal) -> Document:
    """The proposal as a whole validated document; DocumentError lists what is missing."""
    return validate_document(proposal.document)


def generate_pdf(
    session: Session,
    proposal: Proposal,
    cache: PdfCache | None = None,
    renderer=None,
    along_with=None,
) -> PdfVersion:
    """Render the proposal (or take it from the cache) and keep it as a new, immutable version.

    `along_with(version)` changes other rows in the same commit as the version (a render
    job pointing at it), so nothing can record one without the other."""
    try:
        document = full_document(proposal)
    except DocumentError as exc:
        raise GenerationError("the proposal is not complete yet", exc.errors) from None
    created = datetime.now().replace(microsecond=0)
    prepared = pdfs.prepare(session, proposal, document, renderer or run_job)
    revision_id = prepared.revision_id
    try:
        pdf = cache.fetch(prepared.key, prepared.render) if cache else prepared.render()
    except DocumentError as exc:
        raise GenerationError("the worked sample's inputs need fixing", exc.errors) from None
    except RenderError as exc:
        raise GenerationError(str(exc)) from None
    number = (
        session.scalar(
            select(func.max(PdfVersion.number)).where(PdfVersion.proposal_id == proposal.id)
        )
        or 0
    ) + 1
    version = PdfVersion(
        proposal=proposal,
        number=number,
        document=dump_document(document),
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        sample_revision_id=revision_id,
        created_at=created,
    )

    def record() -> None:
        session.add(version)
        if along_with is not None:
            along_with(version)
        if proposal.status == Status.DRAFT:
            proposal.status = Status.READY

    commit_change(session, proposal, record)
    log.info("proposal %s: PDF version %s, %d bytes", proposal.id, number, len(pdf))
    return version


def import_document(session: Session, document: Document, owner_id: int | None = None) -> Proposal:
    """Create a complete proposal from a validated document (demo data, imported files)."""
    content = dump_document(document)
    proposal = Proposal(
        document=content, step_drafts={}, completed_steps=list(SECTIONS), owner_id=owner_id
    )
    proposal.sample_revision_id = _current_revision(session, document)
    _touch(proposal)
    session.add(proposal)
    session.commit()
    return proposal


# What may be carried from one proposal to a new one for another client, by section, with
# the label the consultant chooses from. The prospect, what was heard (quotes and private
# notes included), the sample's commentary and the follow-up belong to one client: never.
CARRIED = {
    "sample": "The worked sample: which one, and the figures typed into it",
    "help": "Who else could help: referrals and self-help",
    "offer": "The offer",
    "next_steps": "The next steps",
}


@dataclass(frozen=True)
class Start:
    """A new proposal's first facts: who it is for, who writes it, what it starts with."""

    organisation: str
    contact_name: str
    consultant: dict
    carried: dict = field(default_factory=dict)  # section -> content, from CARRIED


def carried_sections(proposal: Proposal, sections: list[str]) -> dict:
    """The content of `sections` of a proposal (saved, else the draft) that may be carried."""
    carried = {}
    for section in sections:
        if section not in CARRIED:
            continue
        draft, _ = draft_of(proposal, section)
        content = draft if draft is not None else section_of(proposal.document, section)
        content = reusable(section, content)
        if content:
            carried[section] = content
    return carried


def reusable(section: str, content: dict) -> dict:
    """A section without what belongs to its client (the sample's commentary, follow-up)."""
    content = json.loads(json.dumps(content))  # a copy: the source proposal stays as it is
    if section == "sample" and isinstance(content.get("sample"), dict):
        content["sample"].pop("commentary", None)
    if section == "next_steps":
        content.pop("follow_up", None)
    return {key: value for key, value in content.items() if not _is_blank(value)}


def start_proposal(session: Session, start: Start, owner_id: int | None) -> Proposal:
    """Create a proposal for a new prospect in one commit: nothing exists before this."""
    proposal = Proposal(document={"schema": "proposals/v1"}, step_drafts={}, completed_steps=[])
    proposal.owner_id = owner_id
    people = {
        "consultant": start.consultant,
        "prospect": {"organisation": start.organisation, "contact_name": start.contact_name},
    }
    # The first step still needs a title: kept as a draft, shown filled in without errors.
    keep_draft(proposal, "people", {**prune_blank(people), QUIET: True})
    for section, content in start.carried.items():
        if section in CARRIED:
            stage_section(session, proposal, section, content)
    session.add(proposal)
    session.commit()
    log.info("proposal %s started for %r", proposal.id, start.organisation)
    return proposal


def delete(session: Session, proposal: Proposal) -> None:
    session.delete(proposal)
    session.commit()


def set_status(session: Session, proposal: Proposal, status: str) -> None:
    """Change the status; marking it sent records the date and schedules its follow-up."""

    def change() -> None:
        if Status(status) == Status.SENT and proposal.status != Status.SENT:
            record_sent(proposal)
        proposal.status = Status(status)

    commit_change(session, proposal, change)


# ---------------------------------------------------------------------------
# Whole documents from outside (the HTTP API): checked, created and replaced at once.


def checked_document(session: Session, data: Any) -> Document:
    """Validate a whole document and its library sample (the id exists, the inputs fit), as
    `proposals render` does before rendering; DocumentError lists every problem by path."""
    firms = default_locale(session)
    document = validate_document(data, firms)
    if document.sample.id:
        _, parsed = worked.library_sample(DatabaseCatalog(session), document.sample.id)
        locale = proposal_locale(document.locale, firms)  # as locale_for, one query less
        worked.input_values(parsed, document.sample.inputs, locale)
    return document


class EditConflict(RuntimeError):
    """The proposal changed since the edit version the caller based its change on."""


def replace_document(session: Session, proposal: Proposal, document: Document, seen: int) -> None:
    """Replace the whole document if the proposal is still at edit version `seen`.

    Nothing is retried: a change made in between (even racing this one) raises EditConflict
    and leaves the proposal as the other writer left it. Every step's version moves on, so
    a wizard tab open on the old text sees the conflict instead of overwriting this.
    """
    if proposal.edit_version != seen:
        raise EditConflict(proposal.id)
    revision_id = _current_revision(session, document)  # a query: before any change, so
    # the change is flushed once, as one UPDATE (each UPDATE moves the edit version on)
    proposal.document = dump_document(document)
    proposal.step_drafts = {}
    proposal.completed_steps = list(SECTIONS)
    proposal.sample_revision_id = revision_id
    for section in SECTIONS:
        _bump(proposal, section, None)
    _touch(proposal)
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise EditConflict(proposal.id) from None


def _current_revision(session: Session, document: Document) -> int | None:
    if not document.sample.id:
        return None
    return DatabaseCatalog(session).get(document.sample.id).revision_id
