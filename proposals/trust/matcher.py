"""Finding phrases in tokens: any inflection, a filler word here and there, no negations.

"act right now" matches "act now" (up to two filler words between two words are allowed);
"there is no limited-time offer" does not match "limited time" (a negation within ten
words before it, in the same clause); "not only world-class but ..." does (a negation
followed by "only" is not one, nor is "if you don't ..."). Tokens marked exempt (the
client's quoted words, names) are never part of a match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .normalise import Token
from .phrases import Element, Phrase, PhraseBook

NEGATION_WINDOW = 10
MAX_FILLERS = 2
_BE = frozenset({"is", "are", "was", "were", "be", "will", "would", "do", "does"})


@dataclass(frozen=True)
class Match:
    phrase: Phrase
    start: int  # token indexes, end exclusive
    end: int


def _walk(
    tokens: list[Token],
    pos: int,
    elements: tuple[Element, ...],
    k: int,
    clause: int,
    exempt: frozenset[int],
    fillers: frozenset[str],
) -> int | None:
    """Index just past the match of elements[k:] from tokens[pos], or None."""
    if k == len(elements):
        return pos
    element = elements[k]
    if element.gap:
        for skip in range(element.gap + 1):
            at = pos + skip
            if at > len(tokens) or (skip and tokens[at - 1].clause != clause):
                break
            end = _walk(tokens, at, elements, k + 1, clause, exempt, fillers)
            if end is not None:
                return end
        return None
    starts = [pos]
    while (
        k > 0
        and len(starts) <= MAX_FILLERS
        and starts[-1] < len(tokens)
        and tokens[starts[-1]].word in fillers
        and tokens[starts[-1]].clause == clause
        and starts[-1] not in exempt
    ):
        starts.append(starts[-1] + 1)  # filler words: "act right now", "a really tough year"
    for at in starts:
        for length in element.lengths(tokens, at, clause, exempt):
            end = _walk(tokens, at + length, elements, k + 1, clause, exempt, fillers)
            if end is not None:
                return end
    if element.optional:
        return _walk(tokens, pos, elements, k + 1, clause, exempt, fillers)
    return None


def _conditional(tokens: list[Token], index: int, clause: int) -> bool:
    """The negation at tokens[index] is part of a condition: "if you don't", "unless"."""
    for back in range(index - 1, max(-1, index - 4), -1):
        if tokens[back].clause != clause:
            return False
        if tokens[back].word in ("if", "unless"):
            return True
    return False


def _negated(tokens: list[Token], start: int, end: int, book: PhraseBook) -> bool:
    """A negation shortly before the phrase ("no", "never", "won't", "unlike"), or just
    after it ("... is not how we work"), in the same clause and not part of a condition."""
    words = book.words
    clause = tokens[start].clause
    for index in range(start - 1, max(-1, start - 1 - NEGATION_WINDOW), -1):
        token = tokens[index]
        if token.clause != clause or token.word in words.clause_breaks:
            break
        if token.word in words.negations or token.stem in words.negations:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.word in words.negation_exceptions:
                continue  # "not only", "no doubt", "no later than"
            if _conditional(tokens, index, clause):
                continue  # "if you don't sign by Friday" threatens; it doesn't deny
            return True
    after = tokens[end : end + 3]
    after = [token for token in after if token.clause == tokens[end - 1].clause]
    return (
        len(after) >= 2
        and after[0].word in _BE
        and (after[1].word in ("not", "never") or (after[1].word == "n't"))
    )


def find(
    tokens: list[Token],
    phrases: tuple[Phrase, ...],
    book: PhraseBook,
    exempt: frozenset[int] = frozenset(),
    negations: bool = True,
) -> list[Match]:
    """Every non-negated match of these phrases, longest first where they overlap.

    With `negations=False` a negated match counts too: a shape's word classes read
    "no need for another adviser" as saying something about other advisers."""
    allowed = set(exempt)
    for elements in book.allow:
        for start in range(len(tokens)):
            end = _walk(tokens, start, elements, 0, tokens[start].clause, frozenset(), frozenset())
            if end is not None:
                allowed.update(range(start, end))
    allowed = frozenset(allowed)
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        positions.setdefault(token.stem, []).append(index)
    found: list[Match] = []
    for phrase in phrases:
        first = phrase.elements[0]
        if first.optional or first.classes:
            starts: Iterable[int] = range(len(tokens))
        else:
            starts = sorted({index for head in first.heads for index in positions.get(head, ())})
        for start in starts:
            end = _walk(
                tokens, start, phrase.elements, 0, tokens[start].clause, allowed, book.words.fillers
            )
            if end is not None and not (negations and _negated(tokens, start, end, book)):
                found.append(Match(phrase, start, end))
    found.sort(key=lambda match: (match.start, -(match.end - match.start)))
    kept: list[Match] = []
    for match in found:
        if kept and match.start < kept[-1].end:
            continue  # overlaps a match already kept: one finding per span of words
        kept.append(match)
    return kept
