"""What can be done to the referral directory, written once for its pages, the wizard's
help step and any command: check, change, log in the audit log, commit."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..audit import Actor, AuditAction, AuditKind, NotAllowed, record
from ..audit.log import changes
from ..models import Provider
from . import csvfile, store
from .providers import COLUMNS, LABELS, ProviderError, clean, form_data

log = logging.getLogger(__name__)


class StaleProvider(ProviderError):
    """The entry was saved elsewhere since this form was shown: nothing was saved."""

    def __init__(self, provider: Provider, typed: dict):
        self.provider, self.typed = provider, typed
        super().__init__({"name": "changed in another tab since this page was opened"})


def _commit(session: Session) -> None:
    """Commit; a colleague saving the same provider a moment ago is a ProviderError."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ProviderError({"name": "already in the directory: edit that entry"}) from None


def _audit(session: Session, actor: Actor, action: AuditAction, provider: Provider, details=""):
    """Log a change of an entry (flushed first, so that a new entry has its id)."""
    session.flush()
    name = f"{provider.name} ({provider.organisation})" if provider.organisation else provider.name
    record(session, actor, AuditKind.PROVIDER, action, name, provider.id, details)


def _saved(session: Session, actor: Actor, provider: Provider, before: dict | None, action=None):
    """Log a provider just saved: created (and by whom), or which fields changed how."""
    if before is None:
        provider.created_by_id = actor.user_id
        _audit(
            session, actor, action or AuditAction.CREATED, provider, "new entry" if action else ""
        )
    elif form_data(provider) != before:
        _audit(
            session,
            actor,
            action or AuditAction.EDITED,
            provider,
            changes(before, form_data(provider)),
        )


def save_provider(
    session: Session,
    data: dict,
    actor: Actor,
    provider: Provider | None = None,
    seen: int | None = None,
) -> Provider:
    """Add a provider, or change the one given; raises ProviderError by field.

    `seen` is the edit version the form showed: if the entry was saved since, StaleProvider.
    """
    before = form_data(provider) if provider is not None else None
    if provider is not None and seen is not None and seen != provider.edit_version:
        raise StaleProvider(provider, data)
    try:
        saved = store.save(session, data, provider)
        _saved(session, actor, saved, before)
    except ProviderError:
        session.rollback()
        raise
    except StaleDataError:  # saved by another request between reading and writing
        session.rollback()
        raise StaleProvider(provider, data) from None
    _commit(session)
    log.info("referral directory: %s provider %s", "changed" if provider else "added", saved.id)
    return saved


def save_referral(session: Session, referral: dict, actor: Actor) -> tuple[Provider, bool]:
    """Keep a referral typed in a proposal in the directory; returns it and whether it is
    new. Raises ProviderError by the directory's field names."""
    existing = store.find(session, referral.get("name") or "", referral.get("organisation"))
    before = form_data(existing) if existing is not None else None
    try:
        provider, created = store.save_referral(session, referral)
        _saved(session, actor, provider, before)
    except ProviderError:
        session.rollback()
        raise
    _commit(session)
    log.info(
        "referral directory: provider %s %s from a proposal",
        provider.id,
        "added" if created else "updated",
    )
    return provider, created


def may_delete(provider: Provider, actor: Actor) -> bool:
    """Administrators, and whoever added the entry, may delete it."""
    return actor.admin or (
        provider.created_by_id is not None and provider.created_by_id == actor.user_id
    )


def check_may_delete(provider: Provider, actor: Actor) -> None:
    """Raise NotAllowed, saying who may, unless this actor may delete the entry."""
    if not may_delete(provider, actor):
        raise NotAllowed(
            f"Only an administrator or whoever added {provider.name} can delete the entry. "
            "Edit it instead, or ask an administrator."
        )


def delete_provider(session: Session, provider: Provider, actor: Actor) -> None:
    """Remove a provider from the directory; proposals keep the referrals they print.
    The audit log keeps what the entry said."""
    check_may_delete(provider, actor)
    provider_id = provider.id
    kept = changes({}, form_data(provider))
    _audit(session, actor, AuditAction.DELETED, provider, kept)
    session.delete(provider)
    session.commit()
    log.info("referral directory: provider %s removed by %s", provider_id, actor.name)


def import_providers(session: Session, data: bytes | None, actor: Actor) -> csvfile.ImportResult:
    """Add or update providers from a CSV file; any problem and nothing is imported.
    Each entry added or changed is in the audit log, changed ones with what they said."""
    if data is None:
        return csvfile.ImportResult(errors=["Choose a CSV file to import."])
    result = csvfile.import_csv(session, data)
    if result.errors:
        session.rollback()
        log.info("referral directory: import refused, %d problems", len(result.errors))
        return result
    for provider, before in result.saved:
        _saved(session, actor, provider, before, AuditAction.IMPORTED)
    session.commit()
    log.info("referral directory: imported %d new, %d updated", result.created, result.updated)
    return result


def conflict_rows(stale: StaleProvider) -> list[tuple[str, str, str]]:
    """(label, saved now, sent) for each field of a stale save that differs."""
    saved = form_data(stale.provider)
    try:
        typed = clean(stale.typed)
        typed["tags"] = "; ".join(typed["tags"])
    except ProviderError:
        typed = {name: stale.typed.get(name) or "" for name in COLUMNS}
    return [
        (LABELS[name], saved[name] or "", typed[name] or "")
        for name in COLUMNS
        if (saved[name] or "") != (typed[name] or "")
    ]
