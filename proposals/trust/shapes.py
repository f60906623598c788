"""Shapes: findings made of several kinds of words in one sentence, whatever the wording.

A phrase list only knows the sentences it was written from. A shape names what a pushy
sentence is made of instead: a decision the client is asked to make, a time limit, and
something they stand to keep or lose ("this rate holds until Thursday, so reply before
then to keep it"). Each kind of word is a class of phrases in phrases.yaml, so a firm
extends a class and every shape that uses it learns the new words.

A shape is found when one sentence (with the sentences either side of it, for "…; it all
sits with us") has a phrase of every class it needs, and none of the classes it is
`unless`. Negations don't cancel a class ("no need for another adviser" is what a refusal
says) in a shape marked `literal`, which also reads the names of other providers as
words ("Sorted tends to confuse people"); in every other shape a negated phrase doesn't
count ("there is no deadline" sets no time limit) and names are never part of a match.
A `firm` shape needs the firm in the sentence (we, our, its name, "working with …") and
a claim that is not about the client's own people or things ("your most experienced
staff").
"""

from __future__ import annotations

from dataclasses import dataclass

from .matcher import Match, find
from .normalise import Token
from .phrases import Phrase, PhraseBook, PhraseError, compile_phrase

SHAPE_RULES = ("pressure", "hype", "refuses-help")
FIRM_CLASS = "speaks-of-firm"  # phrases that put the firm in a sentence: "working with"
# The class a named referral belongs to: "Sorted tends to confuse people" names one.
PROVIDER_CLASS = "other-help"
_OWNERS = frozenset({"your", "yours", "their", "theirs", "her", "his"})
_OWNER_WINDOW = 6
_SHAPE_KEYS = {
    "needs", "unless", "firm", "severity", "suggestion", "literal", "together",
}  # fmt: skip


@dataclass(frozen=True)
class Shape:
    rule: str
    needs: tuple[str, ...]  # class names, every one found in the sentence
    unless: tuple[str, ...] = ()  # class names, any one found cancels the shape
    firm: bool = False  # a claim the firm makes about itself
    severity: str | None = None  # the rule's own severity unless given
    suggestion: str | None = None
    literal: bool = False  # "no need for another adviser", "the Legal Aid Board" are words
    together: tuple[str, ...] = ()  # classes that must meet in one clause: "reply by Friday"


@dataclass(frozen=True)
class ShapeMatch:
    shape: Shape
    start: int  # token indexes in the whole passage, end exclusive
    end: int


def compile_classes(data: dict) -> dict[str, tuple[Phrase, ...]]:
    """The word classes of the phrase files: name -> compiled phrases."""
    classes = {}
    for name, phrases in (data.get("classes") or {}).items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise PhraseError(f"classes.{name}: a list of phrases")
        try:
            classes[name] = tuple(compile_phrase(phrase, name) for phrase in phrases)
        except PhraseError as exc:
            raise PhraseError(f"classes.{name}: {exc}") from None
    return classes


def compile_shapes(data: dict, classes: dict) -> tuple[Shape, ...]:
    """The shapes of the phrase files, each naming only classes that exist."""
    shapes = []
    for rule, entries in (data.get("shapes") or {}).items():
        if rule not in SHAPE_RULES:
            raise PhraseError(f"shapes: unknown rule {rule} (expected {', '.join(SHAPE_RULES)})")
        for number, entry in enumerate(entries or [], start=1):
            where = f"shapes.{rule}[{number}]"
            if not isinstance(entry, dict) or not entry.get("needs"):
                raise PhraseError(f"{where}: a table with needs: [class, ...]")
            unknown_keys = set(entry) - _SHAPE_KEYS
            if unknown_keys:
                raise PhraseError(f"{where}: unknown {', '.join(sorted(unknown_keys))}")
            names = [*entry["needs"], *(entry.get("unless") or []), *(entry.get("together") or [])]
            missing = [name for name in names if name not in classes]
            if missing:
                raise PhraseError(f"{where}: no such class: {', '.join(missing)}")
            shapes.append(
                Shape(
                    rule,
                    tuple(entry["needs"]),
                    tuple(entry.get("unless") or ()),
                    bool(entry.get("firm")),
                    entry.get("severity"),
                    entry.get("suggestion"),
                    bool(entry.get("literal")),
                    tuple(entry.get("together") or ()),
                )
            )
    return tuple(shapes)


_HEADS: dict[tuple[int, str], frozenset[str] | None] = {}


def class_heads(book: PhraseBook, name: str) -> frozenset[str] | None:
    """The stems any phrase of a class starts with; None when one may start anywhere."""
    key = (id(book), name)
    if key not in _HEADS:
        heads: set[str] = set()
        for phrase in book.classes.get(name, ()):
            first = phrase.elements[0]
            if first.optional or first.classes:
                heads = None
                break
            heads |= first.heads
        _HEADS[key] = None if heads is None else frozenset(heads)
    return _HEADS[key]


def _sentences(tokens: list[Token]) -> list[list[int]]:
    """Token indexes, one list per sentence."""
    groups: dict[int, list[int]] = {}
    for index, token in enumerate(tokens):
        groups.setdefault(token.sentence, []).append(index)
    return [groups[key] for key in sorted(groups)]


@dataclass(frozen=True)
class Reader:
    """What a shape needs to know about the passage and the client."""

    text: str
    tokens: list[Token]
    book: PhraseBook
    exempt: frozenset[int]  # the client's quoted words and every name
    clients: frozenset[int]  # the client's quoted words and names only
    quoted: frozenset[int]
    first_person: frozenset[str]
    firm_words: frozenset[str]  # words of the firm's and the consultant's names
    client_words: frozenset[str]  # words of the client's names
    providers: frozenset[int] = frozenset()  # tokens of the referrals' names

    def matches(self, name: str, indexes: list[int], literal: bool = False) -> list[Match]:
        """Matches of one class within these tokens, as indexes of the whole passage."""
        heads = class_heads(self.book, name)
        if heads is not None and not any(self.tokens[i].stem in heads for i in indexes):
            return self._providers(name, indexes, literal)  # the quick way out
        part = [self.tokens[index] for index in indexes]
        skipped = self.clients if literal else self.exempt
        exempt = frozenset(at for at, index in enumerate(indexes) if index in skipped)
        phrases = self.book.classes.get(name, ())
        found = find(part, phrases, self.book, exempt, negations=not literal)
        matches = [Match(m.phrase, indexes[m.start], indexes[m.end - 1] + 1) for m in found]
        return matches + self._providers(name, indexes, literal)

    def _providers(self, name: str, indexes: list[int], literal: bool) -> list[Match]:
        """A named referral stands for the other-help class in a literal shape."""
        if not literal or name != PROVIDER_CLASS:
            return []
        return [Match(None, index, index + 1) for index in indexes if index in self.providers]

    def client_owned(self, match: Match) -> bool:
        """The claim is about the client's own people or things: "your most trusted"."""
        start = match.start
        for back in range(start - 1, max(-1, start - 1 - _OWNER_WINDOW), -1):
            token = self.tokens[back]
            if token.sentence != self.tokens[start].sentence:
                return False  # an apposition counts: "your team leads, the most experienced"
            if token.word in _OWNERS or (token.capital and token.word in self.client_words):
                return True
        return False

    def speaks_of_firm(self, indexes: list[int]) -> bool:
        for index in indexes:
            token = self.tokens[index]
            if index in self.quoted:
                continue
            written = self.text[token.start : token.end]
            if token.word in self.first_person and written != "US":
                return True
            if token.capital and token.word in self.firm_words:
                return True
        return bool(self.matches(FIRM_CLASS, indexes))


def _together(reader: Reader, found: dict[str, list[Match]], names: tuple[str, ...]) -> bool:
    """Some match of each named class stands in one clause with the others."""
    clauses = [{reader.tokens[m.start].clause for m in found[name]} for name in names]
    return bool(set.intersection(*clauses)) if clauses else True


def _found(reader: Reader, shape: Shape, sentence: list[int], window: list[int]):
    """The shape in this sentence (its neighbours count for the firm and `unless`)."""
    found: dict[str, list[Match]] = {}
    for name in shape.needs:
        matches = reader.matches(name, sentence, literal=shape.literal)
        if shape.firm and name == shape.needs[0]:
            matches = [match for match in matches if not reader.client_owned(match)]
        if not matches:
            return None
        found[name] = matches
    if not _together(reader, found, shape.together):
        return None
    if any(reader.matches(name, window) for name in shape.unless):
        return None
    if shape.firm and not reader.speaks_of_firm(window):
        return None
    first = [matches[0] for matches in found.values()]
    return ShapeMatch(shape, min(m.start for m in first), max(m.end for m in first))


def find_shapes(reader: Reader) -> list[ShapeMatch]:
    """Every shape found, at most one per rule and sentence."""
    sentences = _sentences(reader.tokens)
    found = []
    for position, sentence in enumerate(sentences):
        before = sentences[position - 1] if position else []
        after = sentences[position + 1] if position + 1 < len(sentences) else []
        window = before + sentence + after
        seen = set()
        for shape in reader.book.shapes:
            if shape.rule in seen:
                continue
            match = _found(reader, shape, sentence, window)
            if match is not None:
                found.append(match)
                seen.add(shape.rule)
    return found
