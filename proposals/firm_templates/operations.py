"""What can be done to firm templates: save one from a proposal, rename, delete, list.

Every section a template holds is validated by document.py's section models when it is
saved, so a proposal started from it begins with complete steps.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..document import DocumentError, FieldError, Limits, validate_section
from ..models import Proposal
from ..operations import CARRIED, carried_sections
from .models import FirmTemplate

log = logging.getLogger(__name__)


class TemplateError(ValueError):
    """A refused template change; `field` is the form field it belongs to."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def all_templates(session: Session) -> list[FirmTemplate]:
    return list(session.scalars(select(FirmTemplate).order_by(func.lower(FirmTemplate.name))))


def template_content(proposal: Proposal, sections: list[str]) -> dict:
    """The chosen sections of a proposal as a template keeps them: validated, and with the
    sample's choice only (its inputs are one client's figures)."""
    if not sections:
        raise TemplateError("sections", "choose at least one part to keep")
    content = carried_sections(proposal, sections)
    if "sample" in content:
        sample = content["sample"].get("sample") or {}
        content["sample"] = {"sample": {k: v for k, v in sample.items() if k != "inputs"}}
    kept, missing = {}, []
    for section in sections:
        try:
            kept[section] = validate_section(section, content.get(section, {}))
        except DocumentError:
            missing.append(CARRIED[section].split(":")[0].lower())
    if missing:
        raise TemplateError("sections", f"not complete on this proposal yet: {', '.join(missing)}")
    return kept


def checked_content(content: dict) -> dict:
    """A stored template's sections that still validate (a sample may since be archived)."""
    kept = {}
    for section, value in (content or {}).items():
        if section not in CARRIED:
            continue
        try:
            kept[section] = validate_section(section, value)
        except DocumentError:
            log.warning("a firm template's %s no longer validates; left out", section)
    return kept


def _name(value: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise TemplateError("name", "required")
    if len(name) > Limits.SHORT:
        raise TemplateError("name", f"at most {Limits.SHORT} characters")
    return name


def _check_free(session: Session, name: str, template_id: int | None = None) -> None:
    """Refuse a name another template of the firm already has (case aside)."""
    taken = session.scalar(
        select(FirmTemplate.id).where(
            func.lower(FirmTemplate.name) == name.lower(), FirmTemplate.id != (template_id or 0)
        )
    )
    if taken is not None:
        raise TemplateError("name", TAKEN)


def _commit_named(session: Session) -> None:
    """Commit; a name taken by a request in between is refused, not a database error."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise TemplateError("name", TAKEN) from None


TAKEN = "the firm already has a template of that name"


def save_template(
    session: Session, name: str, proposal: Proposal, sections: list[str], user_id: int | None
) -> FirmTemplate:
    """Keep the chosen parts of a proposal as a new firm template."""
    errors: list[FieldError] = []
    checked_name, content = "", {}
    try:
        checked_name = _name(name)
        _check_free(session, checked_name)
    except TemplateError as exc:
        errors.append(FieldError(exc.field, str(exc)))
    try:
        content = template_content(proposal, sections)
    except TemplateError as exc:
        errors.append(FieldError(exc.field, str(exc)))
    if errors:
        raise DocumentError(errors)
    template = FirmTemplate(name=checked_name, content=content, created_by_id=user_id)
    session.add(template)
    try:
        _commit_named(session)
    except TemplateError as exc:
        raise DocumentError([FieldError(exc.field, str(exc))]) from None
    log.info("firm template %r saved from proposal %s", template.name, proposal.id)
    return template


def rename(session: Session, template: FirmTemplate, name: str) -> None:
    checked = _name(name)
    _check_free(session, checked, template.id)
    template.name = checked
    _commit_named(session)


def delete(session: Session, template: FirmTemplate) -> None:
    name = template.name
    session.delete(template)
    session.commit()
    log.info("firm template %r deleted", name)
