"""The firm's providers in the database: look one up, save one (from the directory's form
or a proposal's referral), and search them all. The caller commits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Provider
from .providers import COLUMNS, ProviderError, clean, match_key

SEARCH_WORDS = 8  # a query's words beyond these add nothing a person would type


def find(session: Session, name: str, organisation: str | None) -> Provider | None:
    """The provider of that name and organisation, however either is capitalised."""
    return session.scalar(
        select(Provider).where(Provider.match_key == match_key(name, organisation))
    )


def save(session: Session, data: dict, provider: Provider | None = None) -> Provider:
    """Create a provider, or change the one given.

    Two entries for the same name and organisation are refused (ProviderError on `name`)."""
    values = clean(data)
    key = match_key(values["name"], values["organisation"])
    other = session.scalar(select(Provider).where(Provider.match_key == key))
    if other is not None and other is not provider:
        raise ProviderError(
            {"name": "already in the directory with this organisation: edit that entry instead"}
        )
    if provider is None:
        provider = Provider()
        session.add(provider)
    for name, value in values.items():
        setattr(provider, name, value)
    provider.match_key = key
    return provider


def save_referral(session: Session, referral: dict) -> tuple[Provider, bool]:
    """Keep a referral typed in a proposal: a new provider, or the same one brought up to
    date (its contact; what it is good for only if the entry had nothing). Returns the
    provider and whether it is new."""
    name = referral.get("name") or ""
    organisation = referral.get("organisation") or ""
    existing = find(session, name, organisation)
    if existing is None:
        data = {
            "name": name,
            "organisation": organisation,
            "good_for": referral.get("serves"),
            "contact": referral.get("contact"),
        }
        return save(session, data), True
    data = {column: getattr(existing, column) for column in COLUMNS}
    if referral.get("contact"):
        data["contact"] = referral["contact"]
    if not existing.good_for and referral.get("serves"):
        data["good_for"] = referral["serves"]
    return save(session, data, existing), False


def search(session: Session, query: str = "") -> list[Provider]:
    """Every provider (by name), or those with every word of the query somewhere in their
    entry. A firm's directory is small enough to read whole; this also folds "Café"."""
    providers = session.scalars(
        select(Provider).order_by(func.lower(Provider.name), Provider.id)
    ).all()
    words = [word.casefold() for word in query.split()[:SEARCH_WORDS]]
    if not words:
        return list(providers)
    return [provider for provider in providers if all(w in _haystack(provider) for w in words)]


def _haystack(provider: Provider) -> str:
    """Every field of an entry as one folded text, to search in."""
    parts = [provider.name, provider.organisation, provider.good_for, provider.contact]
    parts += [provider.notes, " ".join(provider.tags or [])]
    return " ".join(part or "" for part in parts).casefold()
