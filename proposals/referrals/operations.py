"""What can be done to the referral directory, written once for its pages, the wizard's
help step and any command: check, change, commit, log."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Provider
from . import csvfile, store
from .providers import ProviderError

log = logging.getLogger(__name__)


def _commit(session: Session) -> None:
    """Commit; a colleague saving the same provider a moment ago is a ProviderError."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ProviderError({"name": "already in the directory: edit that entry"}) from None


def save_provider(session: Session, data: dict, provider: Provider | None = None) -> Provider:
    """Add a provider, or change the one given; raises ProviderError by field."""
    try:
        saved = store.save(session, data, provider)
    except ProviderError:
        session.rollback()
        raise
    _commit(session)
    log.info("referral directory: %s provider %s", "changed" if provider else "added", saved.id)
    return saved


def save_referral(session: Session, referral: dict) -> tuple[Provider, bool]:
    """Keep a referral typed in a proposal in the directory; returns it and whether it is
    new. Raises ProviderError by the directory's field names."""
    try:
        provider, created = store.save_referral(session, referral)
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


def delete_provider(session: Session, provider: Provider) -> None:
    """Remove a provider from the directory; proposals keep the referrals they print."""
    provider_id = provider.id
    session.delete(provider)
    session.commit()
    log.info("referral directory: provider %s removed", provider_id)


def import_providers(session: Session, data: bytes | None) -> csvfile.ImportResult:
    """Add or update providers from a CSV file; any problem and nothing is imported."""
    if data is None:
        return csvfile.ImportResult(errors=["Choose a CSV file to import."])
    result = csvfile.import_csv(session, data)
    if result.errors:
        session.rollback()
        log.info("referral directory: import refused, %d problems", len(result.errors))
        return result
    session.commit()
    log.info("referral directory: imported %d new, %d updated", result.created, result.updated)
    return result
