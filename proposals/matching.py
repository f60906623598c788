"""How well a text fits what the client told you: one matcher for the whole app.

Three features use it, each saying which of its own fields count how much: the sample
step's suggestions (library/suggestions.py), the help step's referral ranking
(referrals/ranking.py) and the follow-up note's choice of quote, step and goal
(followup/wording.py). This module decides what a word is, which words count, and which
parts of a document are what the client said.

A word is a run of letters, hyphenated words as one ("x-ray" is not Ray, the office
manager), a possessive as its owner ("Ray's" is Ray). Words of one or two letters,
contractions ("don't"), stop words and words every firm uses (proposals/stopwords.py) say
nothing. Accents are folded ("café" is "cafe") and the rest are stemmed with the trust
check's snowball stemmer (proposals/trust/normalise.stem), so "leads" meets "lead",
"backups" "backup" and "restoring" "restore".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from .document import Document, dump_document
from .stopwords import GENERIC_WORDS, STOP_WORDS
from .trust.normalise import stem

# What the client said and what their situation is, as the listening step records it. The
# consultant's private notes are not among them: they hold the consultant's own asides
# ("PRIVATE: she is worried..."), and the words that matched are shown back as the
# client's own.
HEARD = (
    "situation",
    "their_words",
    "goals",
    "obstacles",
    "tried_before",
    "sleep_well",
    "constraints",
)

# Letters, with hyphens and apostrophes inside a word kept ("x-ray", "Ray's", "don't").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_IGNORED = STOP_WORDS | GENERIC_WORDS
T = TypeVar("T")


def fold(text: str) -> str:
    """Lower case without accents, so "Café", "cafe" and "CAFÉ" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[tuple[str, str]]:
    """(stem, word) for each word of a text that says what it is about, in order; the stem
    of the word without its accents, the word as written (in lower case)."""
    found = []
    for word in _WORD.findall(text or ""):
        lower = word.lower().replace("’", "'").removesuffix("'s")
        # What is left with an apostrophe is a contraction ("don't", "we're"): no subject.
        if len(lower) > 2 and lower not in _IGNORED and "'" not in lower:
            found.append((stem(fold(lower)), lower))
    return found


def terms(text: str) -> set[str]:
    """The stems of a text's words that say what it is about."""
    return {term for term, _ in words(text)}


@dataclass(frozen=True)
class Heard:
    """What the client told you, as terms."""

    counts: Counter[str]  # each term of what they said, with how often they said it
    industry: frozenset[str]  # the terms of the prospect's industry
    said: dict[str, str]  # each term as the client first put it, for showing and searching

    def __bool__(self) -> bool:
        """Whether anything was heard at all."""
        return bool(self.counts or self.industry)


def heard_text(document: dict) -> str:
    """The HEARD fields of a document's listening step, as one text."""
    listening = document.get("listening") or {}
    parts: list[str] = []
    for name in HEARD:
        value = listening.get(name)
        parts.extend(value if isinstance(value, list) else [value])
    return "\n".join(str(part) for part in parts if part)


def heard(document: dict | Document) -> Heard:
    """The terms of what the client said (the HEARD fields), counted, and of their industry.

    Words of the client's own name are left out of what they said: "Harbor Dental" says
    who they are, not what they need (and is no reason to suggest Harbor Insurance).
    """
    if isinstance(document, Document):
        document = dump_document(document)
    prospect = document.get("prospect") or {}
    own_name = terms(f"{prospect.get('organisation') or ''} {prospect.get('contact_name') or ''}")
    said = [(term, word) for term, word in words(heard_text(document)) if term not in own_name]
    industry = words(prospect.get("industry") or "")
    first: dict[str, str] = {}
    for term, word in [*said, *industry]:
        first.setdefault(term, word)
    return Heard(Counter(term for term, _ in said), frozenset(t for t, _ in industry), first)


@dataclass(frozen=True)
class Match:
    """How well one candidate fits what was heard."""

    score: int
    matched: tuple[str, ...]  # the client's words that matched, the weightiest first


def score(
    heard: Heard,
    fields: Mapping[str, str],
    weights: Mapping[str, int],
    industry_bonus: int = 0,
    industry_fields: Iterable[str] | None = None,
) -> Match:
    """Score a candidate's fields (a provider's tags, a sample's title...) against what
    was heard: each term of what the client said found in a field adds the times they
    said it, times that field's weight; each term of their industry found in
    `industry_fields` (all fields unless given) adds `industry_bonus`."""
    found = {name: terms(text) for name, text in fields.items()}
    total = 0
    hits: Counter[str] = Counter()
    for name, field_terms in found.items():
        for term in field_terms:
            if heard.counts[term]:
                total += heard.counts[term] * weights[name]
                hits[term] += heard.counts[term]
    searched = found if industry_fields is None else {name: found[name] for name in industry_fields}
    for term in heard.industry & set().union(*searched.values()):
        total += industry_bonus
        hits[term] += 1
    return Match(total, tuple(heard.said[term] for term, _ in hits.most_common()))


def best(
    scored: Iterable[tuple[int, str, T]], limit: int, floor: float, top: int | None = None
) -> list[tuple[int, T]]:
    """The `limit` best (score, item) pairs of (score, name, item), by score then name.

    A score of nothing, or under `floor` of the top score (the best here unless given), is
    no match: one shared word is no reason to suggest something.
    """
    ranked = sorted((entry for entry in scored if entry[0] > 0), key=lambda e: (-e[0], e[1]))
    if top is None:
        top = ranked[0][0] if ranked else 0
    return [(points, item) for points, _, item in ranked if points >= top * floor][:limit]
