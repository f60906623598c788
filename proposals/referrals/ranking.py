"""Which of the firm's providers fit what the prospect told you, best first."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..document import Document, dump_document
from ..models import Provider
from ..stopwords import STOP_WORDS
from ..trust.normalise import stem

# Words that say nothing about what a provider is good for, on top of the common ones.
_STOP = STOP_WORDS | frozenset(
    """ltd limited inc llc plc group team help business businesses company services service
    client clients""".split()  # noqa: SIM905
)
# A word, hyphenated words as one ("x-ray" is not "Ray", the office manager).
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WEIGHTS = {"tags": 3, "good_for": 2, "name": 2}
INDUSTRY_BONUS = 4
RELATIVE_FLOOR = 0.25  # of the best score: weaker matches are no suggestion


def _stems(text: str) -> list[tuple[str, str]]:
    """(stem, word) for each content word of a text."""
    found = []
    for word in _WORD.findall(text.replace("’", "'")):
        lower = word.lower()
        if len(lower) > 2 and lower not in _STOP:
            found.append((stem(lower), lower))
    return found


@dataclass(frozen=True)
class Suggestion:
    provider: Provider
    score: int
    matched: tuple[str, ...]  # the client's own words that matched, most used first


def _listening_text(document: dict) -> str:
    listening = document.get("listening") or {}
    parts = [
        listening.get("situation"),
        listening.get("notes"),
        listening.get("tried_before"),
        *(listening.get("goals") or []),
        *(listening.get("obstacles") or []),
        *(listening.get("their_words") or []),
    ]
    return "\n".join(str(part) for part in parts if part)


def rank_providers(
    session: Session,
    document: dict | Document,
    limit: int = 4,
    exclude: tuple[str, ...] | list[str] = (),
) -> list[Suggestion]:
    """The providers that best match the prospect's industry and what you heard, best first.

    A word the client used more often counts more; a match in the tags counts more than one
    in what the provider is good for or their name, and a word of the industry gets a bonus.
    `exclude` holds match keys (see `match_key`) of providers the proposal already names.
    A provider scoring under a quarter of the best match (named ones included) is left out:
    one shared word such as "contracts" is no reason to refer a client.
    """
    if isinstance(document, Document):
        document = dump_document(document)
    prospect = document.get("prospect") or {}
    # The client's own name says nothing about what they need ("Harbor Dental" is not a
    # reason to suggest "Harbor Insurance Brokers").
    own_name = f"{prospect.get('organisation') or ''} {prospect.get('contact_name') or ''}"
    named = {stem_ for stem_, _ in _stems(own_name)}
    heard = [(s, w) for s, w in _stems(_listening_text(document)) if s not in named]
    counts = Counter(stem_ for stem_, _ in heard)
    shown: dict[str, str] = {}
    for stem_, word in heard:
        shown.setdefault(stem_, word)
    industry_words = _stems(prospect.get("industry") or "")
    industry = {stem_ for stem_, _ in industry_words}
    for stem_, word in industry_words:
        shown.setdefault(stem_, word)
    if not counts and not industry:
        return []
    excluded = set(exclude)
    scored: list[tuple[int, str, Provider, tuple[str, ...]]] = []
    best = 0
    for provider in session.scalars(select(Provider)):
        fields = {
            "tags": {s for s, _ in _stems(" ".join(provider.tags or []))},
            "good_for": {s for s, _ in _stems(provider.good_for or "")},
            "name": {s for s, _ in _stems(f"{provider.name} {provider.organisation or ''}")},
        }
        score = 0
        hits: Counter[str] = Counter()
        for name, stems_ in fields.items():
            for stem_ in stems_:
                if counts[stem_]:
                    score += counts[stem_] * _WEIGHTS[name]
                    hits[stem_] += counts[stem_]
        every = set().union(*fields.values())
        for stem_ in industry & every:
            score += INDUSTRY_BONUS
            hits[stem_] += 1
        best = max(best, score)
        if score and provider.match_key not in excluded:
            matched = tuple(shown[s] for s, _ in hits.most_common(5))
            scored.append((score, provider.name.casefold(), provider, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    kept = [item for item in scored if item[0] >= best * RELATIVE_FLOOR][:limit]
    return [Suggestion(provider, score, matched) for score, _, provider, matched in kept]
