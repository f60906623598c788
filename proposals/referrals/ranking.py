"""Which of the firm's providers fit what the prospect told you, best first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import matching
from ..document import Document
from ..models import Provider

# A tag says what a provider is for; what they are good for and their name say it too.
WEIGHTS = {"tags": 3, "good_for": 2, "name": 2}
INDUSTRY_BONUS = 4
RELATIVE_FLOOR = 0.25  # of the best score: weaker matches are no suggestion
SHOWN_WORDS = 5  # of the client's words that matched, shown beside a suggestion


@dataclass(frozen=True)
class Suggestion:
    provider: Provider
    score: int
    matched: tuple[str, ...]  # the client's own words that matched, most used first


def _fields(provider: Provider) -> dict[str, str]:
    """The parts of an entry that say what a provider is for, by weight name."""
    return {
        "tags": " ".join(provider.tags or []),
        "good_for": provider.good_for or "",
        "name": f"{provider.name} {provider.organisation or ''}",
    }


def rank_providers(
    session: Session,
    document: dict | Document,
    limit: int = 4,
    exclude: tuple[str, ...] | list[str] = (),
) -> list[Suggestion]:
    """The providers that best match the prospect's industry and what you heard, best first.

    A word the client used more often counts more; a match in the tags counts more than one
    in what the provider is good for or their name, and a word of the industry gets a bonus.
    `exclude` holds match keys (see `providers.match_key`) of providers the proposal already
    names. A provider scoring under a quarter of the best match (named ones included) is
    left out: one shared word such as "contracts" is no reason to refer a client.
    """
    heard = matching.heard(document)
    if not heard:
        return []
    excluded = set(exclude)
    scored: list[tuple[int, str, Suggestion]] = []
    top = 0
    for provider in session.scalars(select(Provider)):
        match = matching.score(heard, _fields(provider), WEIGHTS, INDUSTRY_BONUS)
        top = max(top, match.score)
        if provider.match_key not in excluded:
            suggestion = Suggestion(provider, match.score, match.matched[:SHOWN_WORDS])
            scored.append((match.score, provider.name.casefold(), suggestion))
    return [suggestion for _, suggestion in matching.best(scored, limit, RELATIVE_FLOOR, top)]
