"""Generic text: sentences that would fit any client, with nothing of this one in them.

METHOD.md: specific beats generic. A sentence is anchored in this client when it carries
their name, a figure, a place or a name written with a capital, a word from what was
heard, or a word rare enough in everyday English (by wordfreq) to be their own term
("overdraft", "radiograph"). An unanchored sentence made largely of stock business
phrasing ("drive meaningful outcomes", "robust, scalable solutions") is advice; a section
whose every sentence is like that is a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import memo
from .matcher import find
from .normalise import Token, tokenise
from .phrases import PhraseBook
from .report import ADVICE, PROBLEM, Finding

RULE = "generic"
# Below this Zipf frequency (a few times per million words) a word is the client's own
# term rather than common business vocabulary.
RARE_ZIPF = 3.0
# At or above this, a word is everyday English: the client using it ties nothing to them.
EVERYDAY_ZIPF = 5.0
MIN_CONTENT_WORDS = 5  # shorter sentences say too little to judge
STOCK_SHARE = 0.3  # stock words among the content words, with a stock phrase: generic
STOCK_SHARE_ALONE = 0.45  # ... without one
WHOLE_SECTION_SENTENCES = 2  # a section needs this many, all generic, for a problem
_SHOWN = 140
# Endings of abstract nouns and adjectives: the stuff of stock phrasing when nothing
# concrete stands beside them.
ABSTRACT = re.compile(
    r"\w{3}(?:ity|ities|ship|ment|ments|ness|ance|ence|ion|ions|ism|ive|ives|ic|al|ally|ure)$"
)
# Hyphenated adjectives of the brochure kind: "enterprise-grade", "best-of-breed".
COMPOUND = re.compile(r"\b[a-z]{3,}(?:-[a-z]{2,})+\b", re.IGNORECASE)
_EVERYDAY = (
    "part-time full-time one-off follow-up e-mail in-person week-long year-end day-to-day "
    "self-employed co-owner sister-in-law brother-in-law mother-in-law father-in-law"
)
EVERYDAY_COMPOUNDS = frozenset(_EVERYDAY.split())


@dataclass(frozen=True)
class Anchors:
    """What ties a sentence to this client."""

    names: frozenset[str] = frozenset()  # words of the client's names, lower case
    heard: frozenset[str] = frozenset()  # stems of what was heard
    firm: frozenset[str] = frozenset()  # the firm's own names: not an anchor


FREQUENCIES = memo.Memo("zipf-en", "wordfreq", memo.package_version("wordfreq"))


def _zipf(word: str) -> float:
    return FREQUENCIES.get(word, lambda: _looked_up(word))


def _looked_up(word: str) -> float:
    from wordfreq import zipf_frequency  # its word list takes ~170 ms: only for new words

    return zipf_frequency(word, "en")


@lru_cache(maxsize=20_000)
def _rare(word: str) -> bool:
    return _zipf(word) < RARE_ZIPF


@lru_cache(maxsize=20_000)
def _everyday(word: str) -> bool:
    """So common ("business", "team", "people") that the client saying it proves nothing."""
    return _zipf(word) >= EVERYDAY_ZIPF


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [part.strip() for part in parts if part.strip()]


def _content(tokens: list[Token], book: PhraseBook) -> list[int]:
    """Indexes of the words that carry meaning."""
    stop = book.words.stop
    return [
        index
        for index, token in enumerate(tokens)
        if token.kind == "word" and len(token.word) > 2 and token.word not in stop
    ]


def _anchored(text: str, tokens: list[Token], anchors: Anchors, stock: set[int]) -> bool:
    for index, token in enumerate(tokens):
        if token.kind in ("number", "money"):
            return True
        if token.word in anchors.firm:
            continue
        if token.word in anchors.names:
            return True
        before = text[: token.start].rstrip()
        if token.capital and before and before[-1] not in ".!?:\"“'‘(" and token.word != "i":
            return True  # a name or a place: Clontarf, February, Ray
        if index in stock or len(token.word) <= 3:
            continue  # stock words anchor nothing, even when the client used them too
        if token.stem in anchors.heard and not (_everyday(token.word) or _everyday(token.stem)):
            return True  # their own word: "overdraft", "imaging", "children"
        if _rare(token.word):
            return True
    return False


def _stock(tokens: list[Token], book: PhraseBook, heard: frozenset[str]) -> tuple[int, set[int]]:
    """How many stock phrases the sentence has, and which tokens are stock words: the
    listed ones, and abstract nouns and adjectives ("accountability", "transformative")
    the client never used."""
    matches = find(tokens, book.phrases.get(RULE, ()), book)
    covered = {index for match in matches for index in range(match.start, match.end)}
    words = book.classes.get("stock-words", ())
    for match in find(tokens, words, book):
        covered.update(range(match.start, match.end))
    for index, token in enumerate(tokens):
        if (
            token.kind == "word"
            and ABSTRACT.search(token.word)
            and token.stem not in heard
            and not _rare(token.word)
        ):
            covered.add(index)
    return len(matches), covered


def _compounds(sentence: str, tokens: list[Token]) -> set[int]:
    """Tokens of brochure compounds in the sentence ("world-class", "future-ready")."""
    spans = [
        match.span()
        for match in COMPOUND.finditer(sentence)
        if match.group().lower() not in EVERYDAY_COMPOUNDS
    ]
    return {
        index
        for index, token in enumerate(tokens)
        if any(left <= token.start < right for left, right in spans)
    }


def _is_generic(sentence: str, book: PhraseBook, anchors: Anchors) -> bool:
    tokens = tokenise(sentence)
    content = _content(tokens, book)
    if len(content) < MIN_CONTENT_WORDS:
        return False
    phrases, covered = _stock(tokens, book, anchors.heard)
    covered |= _compounds(sentence, tokens)
    if not covered:
        return False  # the quick way out: most sentences have no stock words at all
    share = sum(1 for index in content if index in covered) / len(content)
    if share < (STOCK_SHARE if phrases else STOCK_SHARE_ALONE):
        return False
    return not _anchored(sentence, tokens, anchors, covered)


def generic_findings(
    texts: list[str], section: str, book: PhraseBook, anchors: Anchors
) -> list[Finding]:
    """Advice for each generic sentence; a problem when the whole section is generic."""
    judged = [
        (sentence, _is_generic(sentence, book, anchors))
        for text in texts
        for sentence in _sentences(text)
        if len(_content(tokenise(sentence), book)) >= MIN_CONTENT_WORDS
    ]
    generic = [sentence for sentence, is_generic in judged if is_generic]
    suggestion = book.suggestion(RULE)
    if len(judged) >= WHOLE_SECTION_SENTENCES and len(generic) == len(judged):
        shown = _shorten(" ".join(generic))
        return [Finding(RULE, PROBLEM, section, f"the whole section: {shown}", suggestion)]
    return [Finding(RULE, ADVICE, section, _shorten(sentence), suggestion) for sentence in generic]


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"
